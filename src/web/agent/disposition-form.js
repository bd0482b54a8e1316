// The disposition form: the campaign's codes as buttons with their hotkeys, the lead's stage,
// a callback (entered on the lead's wall clock, stored as an instant with the zone) and notes.
// It can be filled while talking; it is sent once the call is over. What is filled in is kept in
// this browser as a draft of that call until it is sent (see disposition-draft.js). Times are
// judged on the server's clock, not this computer's, which may be wrong.

import { formatInZone, formatNumber, say, t, tCount } from '/web/shared/i18n.js';
import { dateToZonedLocal, isKnownZone, missingLocalTime, zonedLocalToDate } from '/web/shared/zoned-time.js';
import { stageLabel } from './screen-pop.js';
import { $ } from '/web/shared/dom.js';
import { forgetDraft, forgetDrafts, keepDraft, readDraft } from './disposition-draft.js';

/** The stages a lead climbs; rejected is off the ladder. As the server has it, a code's stage only
 * moves a lead forward, and an agent may only choose one ahead of (or at) the lead's. */
const LADDER = ['raw_lead', 'valid_contact', 'appointment', 'opportunity'];
const isForward = (from, to) => to !== 'rejected' && LADDER.indexOf(to) >= LADDER.indexOf(from);

/** The server's limit on a disposition's notes (the textarea's maxlength): the characters left are
 * counted once this close to it, so the agent is not cut off mid-sentence unawares. */
const NOTES_MAX = 10_000;
const NOTES_COUNTED_WITHIN = 1_000;

export class DispositionForm {
  /** `windowAt(attemptId, iso)`: the lead's calling window at that time (the callback-window route);
   * `now()`: the server's time in ms; `agentId()`: the agent signed in, whose drafts these are. */
  constructor({ onSubmit, windowAt, now, agentId }) {
    this.onSubmit = onSubmit;
    this.windowAt = windowAt;
    this.now = now;
    this.agentId = agentId;
    this.pop = null;
    /** The call the form was last filled for, kept once it is cleared. */
    this.lastAttemptId = null;
    this.selected = null;
    /** The lead stage the agent chose, when not the one the code proposes. */
    this.stage = null;
    /** The calls whose person asked not to be called again, recorded already. */
    this.doNotCall = new Set();
    /** The calls seen put through to the agent: only a person reached can have asked not to be
     * called (a preview not dialled yet, or a call still ringing, has no one on it). */
    this.putThrough = new Set();
    this.canSubmit = false;
    $('dispo-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    $('dispo-codes').addEventListener('click', (event) => {
      const button = event.target.closest('[data-code]');
      if (button) this.select(button.dataset.code);
    });
    $('callback-at').addEventListener('change', () => {
      this.saveDraft();
      void this.checkWindow();
    });
    $('dispo-stage').addEventListener('change', () => {
      const stage = $('dispo-stage').value;
      this.stage = stage === this.stageFor() ? null : stage;
      this.saveDraft();
    });
    for (const radio of $('dispo-form').querySelectorAll('input[name="callback-owner"]')) radio.addEventListener('change', () => this.saveDraft());
    $('dispo-notes').addEventListener('input', () => {
      this.countNotes();
      this.saveDraft();
    });
  }

  /** The characters of notes left, shown near the limit. */
  countNotes() {
    const left = NOTES_MAX - $('dispo-notes').value.length;
    const counter = $('notes-count');
    counter.hidden = left > NOTES_COUNTED_WITHIN;
    counter.classList.toggle('warn', left <= 0);
    say(counter, counter.hidden ? null : () => tCount('dispo.notesLeft', Math.max(left, 0), { max: formatNumber(NOTES_MAX) }));
  }

  /** Keeps what is filled in for the call shown, for the agent signed in. */
  saveDraft() {
    const agentId = this.agentId();
    if (!this.pop || !agentId) return;
    keepDraft(agentId, {
      attemptId: this.pop.attempt.id, code: this.selected, stage: this.stage, callbackAt: $('callback-at').value,
      owner: this.owner(), notes: $('dispo-notes').value,
    });
  }

  owner() {
    return $('dispo-form').querySelector('input[name="callback-owner"]:checked')?.value ?? 'me';
  }

  /** Signed out: the agent's drafts go from the browser and what the form shows with them. */
  forget(agentId) {
    forgetDrafts(agentId);
    this.lastAttemptId = null;
    this.doNotCall.clear();
    this.putThrough.clear();
    $('dispo-notes').value = '';
    this.countNotes();
    $('callback-at').value = '';
    this.clear();
  }

  /** Says under the callback time when one outside the lead's calling hours will really be made,
   * before the agent promises it to the person. */
  async checkWindow() {
    const note = $('callback-window');
    note.textContent = '';
    if (!this.pop || !this.entry()?.callback) return;
    const gap = this.callbackGap();
    if (gap) {
      this.windowAsked = null;
      note.textContent = t('dispo.callbackGap', gap);
      return;
    }
    const at = zonedLocalToDate($('callback-at').value, this.zone());
    if (!at || at.getTime() <= this.now()) return;
    const asked = `${this.pop.attempt.id} ${at.toISOString()}`;
    this.windowAsked = asked;
    const window = await this.windowAt(this.pop.attempt.id, at.toISOString()).catch(() => null);
    // A later change, or another call, asked since: its answer is the one to show.
    if (this.windowAsked !== asked || !window || window.open) return;
    note.textContent = window.never ? t('dispo.callbackNever')
      : t('dispo.callbackClosed', { at: formatInZone(window.opensAt, this.zone()) });
  }

  /** The next call loaded is filled from its draft, even the one last shown (a disposition the
   * server refused, taken back to be put right). */
  reopen() {
    this.lastAttemptId = null;
  }

  /** A new call (or preview lead): fresh form with its catalogue, stage and zone, filled in again
   * from the call's draft if there is one (the desktop reloaded mid-call). */
  load(pop) {
    // The call last shown coming back (a call cut off, opened under To disposition) keeps what
    // was filled in during it.
    const same = (this.pop?.attempt.id ?? this.lastAttemptId) === pop.attempt.id;
    this.pop = pop;
    this.lastAttemptId = pop.attempt.id;
    if (!same) this.fill(this.agentId() ? readDraft(this.agentId(), pop.attempt.id) : null);
    else if (this.selected && !pop.dispositions.some((d) => d.code === this.selected)) {
      // A code the campaign no longer has (retired while the call was on screen) is chosen no more.
      this.selected = null;
      this.saveDraft();
    }
    this.render();
    void this.checkWindow();
  }

  /** The form as the draft left it; fresh without one (or for what it has that no longer fits). */
  fill(draft) {
    const text = (value) => (typeof value === 'string' ? value : '');
    this.selected = this.pop.dispositions.some((d) => d.code === draft?.code) ? draft.code : null;
    this.stage = text(draft?.stage) || null;
    $('dispo-notes').value = text(draft?.notes);
    this.countNotes();
    $('callback-at').value = text(draft?.callbackAt) || this.defaultCallback();
    const owner = draft?.owner === 'anyone' ? 'anyone' : 'me';
    $('dispo-form').querySelector(`input[name="callback-owner"][value="${owner}"]`).checked = true;
  }

  clear() {
    this.pop = null;
    this.selected = null;
    this.stage = null;
    this.render();
  }

  zone() {
    return this.pop && isKnownZone(this.pop.timezone) ? this.pop.timezone : 'UTC';
  }

  /** Tomorrow 10:00 on the lead's clock: the calendar day after the lead's today, not the day 24
   * hours on, which a day the clocks change makes today still or the day after tomorrow. A time the
   * clocks skip would be the first after the gap, as a typed one is read. */
  defaultCallback() {
    const today = dateToZonedLocal(new Date(this.now()), this.zone()).slice(0, 10);
    const tomorrow = new Date(`${today}T00:00:00Z`);
    tomorrow.setUTCDate(tomorrow.getUTCDate() + 1);
    const local = `${tomorrow.toISOString().slice(0, 10)}T10:00`;
    return missingLocalTime(local, this.zone()) ?? local;
  }

  /** Whether the form may be sent now (the call is over and its disposition is owed). */
  setSubmittable(canSubmit, hint) {
    this.canSubmit = canSubmit;
    $('dispo-hint').textContent = hint;
    $('dispo-form').classList.toggle('owed', canSubmit);
    this.renderSubmit();
  }

  render() {
    const codes = this.pop?.dispositions ?? [];
    $('dispo-codes').replaceChildren(...codes.map((entry) => this.codeButton(entry)));
    // Without a call there is nothing to fill in: only the hint shows.
    $('dispo-form').classList.toggle('no-call', !this.pop);
    const current = this.pop?.lead.stage;
    const proposed = this.stageFor();
    const stages = (this.pop?.stages ?? []).filter((stage) => stage === current || stage === proposed || isForward(current, stage));
    // The agent's own choice while it is still one to make, else the code's.
    const shown = stages.includes(this.stage) ? this.stage : proposed;
    $('dispo-stage').replaceChildren(...stages.map((stage) => {
      const option = document.createElement('option');
      option.value = stage;
      option.textContent = stage === current ? `${stageLabel(stage)} (${t('dispo.stageCurrent')})` : stageLabel(stage);
      option.selected = stage === shown;
      return option;
    }));
    $('dispo-stage').disabled = !this.pop;
    const asked = this.pop !== null && this.doNotCall.has(this.pop.attempt.id);
    const reached = this.pop !== null && (this.pop.attempt.connectedAt != null || this.putThrough.has(this.pop.attempt.id));
    $('dnc-now').hidden = !reached || asked;
    $('dnc-now-done').hidden = !asked;
    const entry = this.entry();
    $('callback-box').hidden = !entry?.callback;
    $('callback-label').textContent = t('dispo.callbackAt', { zone: this.zone() });
    this.renderSubmit();
  }

  renderSubmit() {
    $('dispo-submit').disabled = !(this.canSubmit && this.selected);
  }

  codeButton(entry) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'code';
    button.dataset.code = entry.code;
    button.setAttribute('role', 'radio');
    button.setAttribute('aria-checked', String(entry.code === this.selected));
    const label = document.createElement('span');
    label.textContent = entry.label;
    const flags = document.createElement('span');
    flags.className = 'flags';
    if (entry.callback) flags.append(Object.assign(document.createElement('span'), { className: 'tag', textContent: t('dispo.callbackTag') }));
    if (entry.notesRequired) flags.append(Object.assign(document.createElement('span'), { className: 'tag', textContent: t('dispo.notesTag') }));
    if (entry.dnc) flags.append(Object.assign(document.createElement('span'), { className: 'tag', textContent: t('dispo.dncTag') }));
    if (entry.hotkey) flags.append(Object.assign(document.createElement('kbd'), { textContent: entry.hotkey }));
    button.append(label, flags);
    return button;
  }

  entry() {
    return this.pop?.dispositions.find((d) => d.code === this.selected) ?? null;
  }

  /** The stage the form proposes, the server's own without a stage sent: the one the selected
   * code moves the lead to when that is forward (or rejected), else the current. */
  stageFor() {
    const current = this.pop?.lead.stage ?? 'raw_lead';
    const moved = this.entry()?.movesStageTo;
    return moved && (moved === 'rejected' || isForward(current, moved)) ? moved : current;
  }

  select(code) {
    if (!this.pop?.dispositions.some((d) => d.code === code)) return;
    this.selected = code;
    // The code proposes its stage.
    this.stage = null;
    this.render();
    this.saveDraft();
    void this.checkWindow();
  }

  /** The agent is talking on the call: the person on it can ask not to be called again. (Its pop,
   * read before it was put through, may not say so.) */
  notePutThrough(attemptId) {
    if (this.putThrough.has(attemptId)) return;
    this.putThrough.add(attemptId);
    if (this.pop?.attempt.id === attemptId) this.render();
  }

  /** The person on the call asked not to be called again and it is recorded: the form says so
   * and takes the campaign's do-not-call code, for the agent to send once the call is over. */
  markDoNotCall(attemptId) {
    this.doNotCall.add(attemptId);
    if (this.pop?.attempt.id !== attemptId) return;
    const code = this.pop.dispositions.find((entry) => entry.dnc)?.code;
    if (code) this.select(code);
    else this.render();
  }

  /** A hotkey from the catalogue selects its code; true when the key was one. */
  handleHotkey(key) {
    const entry = this.pop?.dispositions.find((d) => d.hotkey && d.hotkey.toLowerCase() === key.toLowerCase());
    if (!entry) return false;
    this.select(entry.code);
    return true;
  }

  submit() {
    if (!this.canSubmit || !this.pop || !this.selected) return;
    const entry = this.entry();
    const body = { code: this.selected };
    const notes = $('dispo-notes').value.trim();
    if (notes) body.notes = notes;
    else if (entry?.notesRequired) {
      $('dispo-notes').focus();
      say($('dispo-hint'), 'dispo.notesNeeded', { label: entry.label });
      return;
    }
    const stage = $('dispo-stage').value;
    if (stage && stage !== this.stageFor()) body.stage = stage;
    const gap = entry?.callback ? this.callbackGap() : null;
    if (gap) {
      $('callback-at').focus();
      say($('dispo-hint'), 'dispo.callbackGap', gap);
      return;
    }
    if (entry?.callback) {
      const at = zonedLocalToDate($('callback-at').value, this.zone());
      if (!at || at.getTime() <= this.now()) {
        $('callback-at').focus();
        say($('dispo-hint'), 'dispo.callbackInvalid');
        return;
      }
      body.callback = { at: at.toISOString(), personal: this.owner() === 'me', timezone: this.zone() };
    }
    // Queued in the outbox with the disposition: the draft has done its work.
    if (this.agentId()) forgetDraft(this.agentId(), this.pop.attempt.id);
    this.onSubmit(this.pop.attempt.id, body, this.describe(body));
  }

  /** The callback time typed, when the lead's clocks skip it (02:30 on a spring-forward night):
   * refused, as the server refuses it, rather than booked at another hour than the one promised. */
  callbackGap() {
    const local = $('callback-at').value;
    const next = missingLocalTime(local, this.zone());
    return next === null ? null
      : { date: local.slice(0, 10), time: local.slice(11), zone: this.zone(), next: next.slice(11) };
  }

  /** A one-line summary for the confirmation toast. */
  describe(body) {
    const label = this.entry()?.label ?? body.code;
    return body.callback ? t('dispo.sentWithCallback', { label, at: formatInZone(body.callback.at, this.zone()) }) : label;
  }
}
