// The keys of the agent desktop's buttons, as the server gives them with what the desktop loads
// (the disposition catalogue refuses the same keys for codes): each button shows its key, and the
// keyboard card lists them all.

import { t } from '/web/shared/i18n.js';
import { $, el } from '/web/shared/dom.js';

export function renderKeys(keys) {
  for (const { key, button } of keys) {
    const kbd = $(button).querySelector('kbd');
    if (kbd) kbd.textContent = key.toUpperCase();
  }
  $('shortcut-keys').replaceChildren(...keys.map(({ key, label }) => {
    const item = el('li');
    item.append(el('kbd', null, key.toUpperCase()), ` ${t(label)}`);
    return item;
  }));
}

/** The id of the button a key presses; undefined for a key that is not the desktop's. */
export function buttonOfKey(keys, key) {
  return keys?.find((entry) => entry.key === key.toLowerCase())?.button;
}
