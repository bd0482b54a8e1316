// Signing in and out on the pages: the token is typed once and kept in this browser, and a staff
// page asks the API whose token it is before showing anything.

import { t } from '/web/shared/i18n.js';
import { $, el } from '/web/shared/dom.js';

/** Binds the page's #signin-form and #sign-out: `onToken` gets the token typed, `onSignOut` runs after it is forgotten. */
export function bindSignin(storageKey, { onToken, onSignOut }) {
  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    localStorage.setItem(storageKey, token);
    $('token').value = '';
    onToken(token);
  });
  $('sign-out').addEventListener('click', () => {
    localStorage.removeItem(storageKey);
    onSignOut();
  });
}

/** Where the staff pages keep the token typed: one sign-in serves them all. */
export const STAFF_TOKEN_KEY = 'outpace.staffToken';

/**
 * A staff page's sign-in form and sign-out button, bound to the page's `app.token`: a token typed
 * is kept and `start` runs; signing out runs `beforeSignOut` while the token is still in hand,
 * then forgets the token and calls `showSignin`.
 */
export function bindStaffSignin(app, { start, showSignin, beforeSignOut = () => undefined }) {
  bindSignin(STAFF_TOKEN_KEY, {
    onToken: (token) => {
      app.token = token;
      void start();
    },
    onSignOut: () => {
      beforeSignOut();
      app.token = null;
      showSignin();
    },
  });
}

/** The session of a staff token, or the message to show on the sign-in form instead. */
async function staffSession(api) {
  try {
    const session = await api.get('/api/session');
    return session.role === 'agent' ? { error: t('wallboard.notStaff') } : { session };
  } catch (error) {
    return { error: error.status === 401 ? t('signin.badToken') : t('error.refused', { message: error.message }) };
  }
}

/**
 * The staff pages' frame for a session, or for none: the page (`pageId`) or the sign-in form with
 * why, the sign-out button, and who is signed in (called again after a language switch).
 */
export function showStaffFrame(session, pageId, message = '') {
  const signedIn = session !== null;
  $('signin').hidden = signedIn;
  $(pageId).hidden = !signedIn;
  $('sign-out').hidden = !signedIn;
  showWho(signedIn ? session : null);
  // Links to pages for some roles only: not offered to a role the page would refuse.
  for (const link of document.querySelectorAll('.topbar .nav-link[data-roles]')) {
    link.hidden = signedIn && !link.dataset.roles.split(' ').includes(session.role);
  }
  $('signin-error').textContent = signedIn ? '' : message;
}

/** Asks whose the token is and shows the page for a staff session, or the sign-in form with why
 * not; the session, or null. */
export async function openStaffPage(api, pageId) {
  const { session = null, error } = await staffSession(api);
  showStaffFrame(session, pageId, error);
  return session;
}

/** Who is signed in: a long name cut short on the bar (the role stays in view), whole on hover. */
function showWho(session) {
  const who = $('who');
  if (session === null) {
    who.replaceChildren();
    who.removeAttribute('title');
    return;
  }
  const role = t(`role.${session.role}`);
  who.replaceChildren(el('span', 'who-name', session.name), ` · ${role}`);
  who.title = `${session.name} · ${role}`;
}
