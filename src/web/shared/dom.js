// Small DOM helpers shared by the pages.

/** The element with this id. */
export const $ = (id) => document.getElementById(id);

/** A new element with an optional class and text (text, never HTML: lead data is untrusted). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

/** An <option> of a <select>: its value and the text shown. */
export function option(value, text) {
  const node = el('option', null, text);
  node.value = value;
  return node;
}

/** A headline figure (.kpi): its label, value and an optional line under it; `id` names it for tests and styles. */
export function kpiBox(id, label, value, sub) {
  const box = el('div', 'kpi');
  if (id) box.dataset.kpi = id;
  box.append(el('div', 'label', label), el('div', 'value', value));
  if (sub) box.append(el('div', 'sub', sub));
  return box;
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

/**
 * Runs `fill` with the form's controls disabled: a form the page is still filling in (from the
 * address, the campaigns listed, a campaign's figures) takes no input until it is done, since
 * what was typed meanwhile would be overwritten and a search sent superseded by the page's own.
 */
export async function whileFilling(form, fill) {
  const controls = [...form.elements].filter((control) => !control.disabled);
  for (const control of controls) control.disabled = true;
  try {
    return await fill();
  } finally {
    for (const control of controls) control.disabled = false;
  }
}
