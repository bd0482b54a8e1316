// Small DOM helpers shared by the desktop and the wallboard.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** A new element with an optional class and text (text, never HTML: lead data is untrusted). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

let toastTimer = null;

/** Shows a short message in the page's #toast box for four seconds. */
export function toast(message, bad = false) {
  const box = $('toast');
  box.textContent = message;
  box.classList.toggle('bad', bad);
  box.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 4_000);
}
