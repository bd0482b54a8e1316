// The staff pages' frame, written once: imported first by a staff page, it fills the page's
// <header class="topbar" data-page data-title> with the brand, the links to the other staff
// pages, the page's own controls (left in the header), who is signed in, the language and sign
// out, and its <section id="signin" data-title data-help> with the sign-in form. Words are
// filled in by translatePage once the page has loaded its language.

import { el } from '/web/shared/dom.js';

/** Every staff page, in the order the top bar lists them; `roles`: those it is for, when not
 * every staff role (its link is hidden from the others once signed in: the page would refuse them). */
export const staffPages = [
  { page: 'wallboard', path: '/wallboard/', i18n: 'nav.wallboard' },
  { page: 'pacing', path: '/pacing/', i18n: 'nav.pacing' },
  { page: 'reports', path: '/reports/', i18n: 'reports.title' },
  { page: 'plan', path: '/plan/', i18n: 'nav.plan', roles: ['admin', 'manager'] },
  { page: 'campaigns', path: '/campaigns/', i18n: 'nav.campaigns' },
  { page: 'leads', path: '/leads/', i18n: 'nav.leads' },
  { page: 'team', path: '/team/', i18n: 'nav.team', roles: ['admin', 'manager', 'supervisor'] },
  { page: 'compliance', path: '/compliance/', i18n: 'nav.compliance' },
];

/** An element whose words come from the locale (`data-i18n`, or an attribute's). */
function worded(tag, className, key, attribute = '') {
  const node = el(tag, className);
  node.dataset[attribute ? `i18n${attribute[0].toUpperCase()}${attribute.slice(1)}` : 'i18n'] = key;
  return node;
}

function topBar(header) {
  const brand = el('div', 'brand');
  const logo = el('span', 'logo');
  logo.setAttribute('aria-hidden', 'true');
  brand.append(logo, 'Outpace ', worded('span', 'product', header.dataset.title));
  const links = staffPages.filter((p) => p.page !== header.dataset.page).map((p) => {
    const link = Object.assign(worded('a', 'nav-link', p.i18n), { href: p.path });
    if (p.roles) link.dataset.roles = p.roles.join(' ');
    return link;
  });
  const locale = Object.assign(worded('select', 'compact', 'common.language', 'aria'), { id: 'locale' });
  const signOut = Object.assign(worded('button', 'ghost', 'common.signOut'), { id: 'sign-out', type: 'button', hidden: true });
  const right = el('div', 'topbar-right');
  // The page's own controls (the wallboard's clock, connection and phone) sit between the links and who is signed in.
  right.append(...links, ...header.childNodes, Object.assign(el('span', 'who'), { id: 'who' }), locale, signOut);
  header.replaceChildren(brand, right);
}

function signinForm(section) {
  const form = Object.assign(el('form', 'card signin-card'), { id: 'signin-form' });
  const error = Object.assign(el('p', 'error'), { id: 'signin-error' });
  error.setAttribute('role', 'alert');
  const label = el('label');
  label.append(worded('span', null, 'signin.tokenStaff'), Object.assign(el('input'), { id: 'token', type: 'password', autocomplete: 'off', required: true }));
  form.append(
    worded('h1', null, section.dataset.title),
    worded('p', 'muted', section.dataset.help),
    label,
    Object.assign(worded('button', 'primary', 'signin.submit'), { type: 'submit' }),
    error,
  );
  section.replaceChildren(form);
}

const header = document.querySelector('header.topbar[data-page]');
if (header) topBar(header);
const signin = document.querySelector('section#signin[data-title]');
if (signin) signinForm(signin);
