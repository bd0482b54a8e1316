// The life of a staff page, written once: its language loaded and switchable, the sign-in form
// and sign-out bound to the page's `app` (its token and session), and the page started with the
// token this browser keeps. Each page builds its own parts around it:
//   const frame = staffPage(app, { start, retranslate });
//   await frame.open();   // then bind the page's own controls
//   await frame.begin();

import { bindLocaleSwitch, loadLocale, translatePage } from '/web/shared/i18n.js';
import { $ } from '/web/shared/dom.js';
import { bindStaffSignin, showStaffFrame } from '/web/shared/signin.js';

/**
 * `start` opens the page for the token in hand; `retranslate` redraws the page's own words after a
 * language switch; `signedOut` lets go of what the page holds (timers, sockets) when it shows the
 * sign-in form. `pageId` is the element shown once signed in.
 */
export function staffPage(app, { start, retranslate = () => undefined, signedOut = () => undefined, pageId = 'page' }) {
  /** The sign-in form instead of the page, saying why (a refused token, a role kept out). */
  const showSignin = (message = '') => {
    app.session = null;
    signedOut();
    showStaffFrame(null, pageId, message);
  };
  return {
    showSignin,
    async open() {
      await loadLocale();
      translatePage();
      bindLocaleSwitch($('locale'), () => {
        if (!app.session) return;
        showStaffFrame(app.session, pageId);
        retranslate();
      });
      bindStaffSignin(app, { start, showSignin });
    },
    async begin() {
      if (app.token) await start();
      else showSignin();
    },
  };
}
