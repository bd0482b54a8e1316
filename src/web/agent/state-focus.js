// Keyboard focus across a change of the agent's state: a change that hides, disables or removes
// the control that had the focus (the Transfer button once the call is handed over) would leave
// it on the page, where the keyboard reaches nothing. It goes to the control the new state is
// about instead. Focus still on something the agent can use (notes being typed), or on the page
// itself before the change, is left where it is.

import { $ } from '/web/shared/dom.js';

/** Whether the agent can still use `element`: in the page, shown and enabled. */
function usable(element) {
  return element.isConnected && !element.disabled && !element.closest('[hidden]') && element.getClientRects().length > 0;
}

/** What the state is about, in order: the first disposition code when one is owed, Ready, Pause. */
function stateControl(state) {
  const candidates = [
    state.status === 'wrap_up' && state.owesDispositionFor ? $('dispo-codes').querySelector('[data-code]') : null,
    $('ready-btn'),
    $('pause-btn'),
  ];
  return candidates.find((control) => control && usable(control)) ?? null;
}

/** The control `keepFocus` last put the focus on, while the focus is still there. */
let placed = null;

/** `before`: the element focused before `state` was rendered. Called after each state's render, so
 * that a state arriving in several updates (the wrap-up, then Ready enabled) ends with the focus on
 * the last one's control whatever the updates were. */
export function keepFocus(before, state) {
  if (!before || before === document.body) return;
  const now = document.activeElement;
  // Still usable, or moved to a usable control by the render itself (the Transfer panel's own).
  if (now && now !== document.body && usable(now)) return;
  placed = stateControl(state);
  placed?.focus();
}

/** Called after a render that may bring the state's own control (the disposition codes, drawn
 * once the call's screen pop has loaded): focus `keepFocus` put on a stand-in (Pause) and the
 * agent has not moved since goes to it. */
export function settleFocus(state) {
  if (!placed || document.activeElement !== placed) {
    placed = null;
    return;
  }
  const control = stateControl(state);
  if (control && control !== placed) {
    placed = control;
    control.focus();
  }
}
