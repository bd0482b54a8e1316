// One tile per agent: state colour, time in state (on the server's clock), pause reason (with the
// time its allowance leaves, or by how much the agent overran it), the time left of a wrap-up the
// engine ends by itself, or call (with how long its
// customer has been on hold), which supervisors listen, whisper or barge on the agent, the
// listen / whisper / barge buttons, and Log out
// (pressed twice: once to arm it, once to confirm) for an agent who has left their desk. Tiles are
// updated in place, so a button a supervisor is about to press does not move or lose focus when
// the snapshot refreshes. An agent logged in
// on another engine node says which; supervision goes through that node's wallboard.

import { compareNames, formatDuration, t } from '/web/shared/i18n.js';
import { byStaff } from '/web/shared/by-staff.js';
import { el } from '/web/shared/dom.js';
import { waitedForLabel } from '/web/shared/handover-team.js';
import { pauseReasonLabel } from '/web/shared/pause-reason.js';

const LONG_IN_STATE_S = { paused: 15 * 60, wrap_up: 2 * 60, talking: 20 * 60 };
/** A customer on hold longer than this is marked like a long state: they may have been forgotten. */
const LONG_HOLD_S = 90;
const SUPERVISABLE = new Set(['paused', 'ready', 'reserved', 'talking', 'wrap_up']);
const LOGGED_IN = new Set(['connecting', ...SUPERVISABLE]);
/** How long Log out waits for its confirming second press. */
const CONFIRM_MS = 5_000;

/** The lead of an agent's call as the tile names it: its id, and its group when it has one. */
function leadLabel(agent) {
  const id = agent.leadId ?? '…';
  return agent.leadGroup ? `${id} (${agent.leadGroup})` : id;
}

export class AgentTiles {
  constructor(container, { onSupervise, onLogout }) {
    this.container = container;
    this.onSupervise = onSupervise;
    this.onLogout = onLogout;
    /** Agents whose Log out was pressed once, with when the confirmation lapses. */
    this.armed = new Map();
    this.tiles = new Map();
    this.agents = new Map();
    /** The agents of the sessions this page holds, and the sessions themselves. */
    this.supervisedAgentIds = new Set();
    this.heldSessionIds = new Set();
    /** The supervision sessions open on any node, by agent id: each tile names who is on it. */
    this.sessionsByAgent = new Map();
    this.canSupervise = false;
    /** The node serving this wallboard: agents on others are shown, not supervised from here,
     * with a link to their node's wallboard where its address is known. */
    this.nodeId = null;
    this.nodeUrls = {};
    /** Campaigns' names by id, from the last snapshot: a customer may wait for another's team. */
    this.campaignNames = new Map();
    container.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-mode]');
      if (button) this.onSupervise(button.closest('[data-agent-id]').dataset.agentId, button.dataset.mode);
      const logout = event.target.closest('button.agent-logout');
      if (logout) this.pressLogout(logout.closest('[data-agent-id]').dataset.agentId);
    });
  }

  /** Replaces the set of agents (a wallboard snapshot). */
  setAll(agents) {
    const seen = new Set();
    for (const agent of agents) {
      seen.add(agent.id);
      this.agents.set(agent.id, agent);
    }
    for (const id of [...this.agents.keys()]) {
      if (!seen.has(id)) this.agents.delete(id);
    }
    this.render();
  }

  /** One agent changed (pushed between snapshots): keep the name the snapshot gave. */
  update(view) {
    const known = this.agents.get(view.id);
    if (!known && view.status === 'logged_out') return;
    this.agents.set(view.id, { ...known, ...view, name: known?.name ?? view.id });
    this.render();
  }

  render(clockOffsetMs = this.clockOffsetMs ?? 0) {
    this.clockOffsetMs = clockOffsetMs;
    const ordered = [...this.agents.values()].sort((a, b) => compareNames(a.name ?? a.id, b.name ?? b.id));
    for (const [id, tile] of this.tiles) {
      if (!this.agents.has(id)) {
        tile.remove();
        this.tiles.delete(id);
      }
    }
    for (const agent of ordered) {
      let tile = this.tiles.get(agent.id);
      if (!tile) {
        tile = this.createTile(agent.id);
        this.tiles.set(agent.id, tile);
      }
      this.container.append(tile); // keeps the sorted order; moving a node keeps its focus state
      this.fill(tile, agent);
    }
  }

  createTile(agentId) {
    const tile = el('article', 'agent');
    tile.dataset.agentId = agentId;
    const top = el('div', 'agent-top');
    top.append(el('span', 'agent-name'), el('span', 'agent-id', agentId), el('span', 'agent-node'));
    const state = el('div', 'agent-state');
    state.append(el('span', 'state-badge'), el('span', 'agent-time'));
    const actions = el('div', 'agent-actions');
    for (const mode of ['listen', 'whisper', 'barge']) {
      const button = el('button');
      button.type = 'button';
      button.dataset.mode = mode;
      actions.append(button);
    }
    const logout = el('button', 'agent-logout ghost');
    logout.type = 'button';
    actions.append(logout);
    tile.append(top, el('div', 'agent-groups'), state, el('div', 'agent-detail'), el('div', 'agent-supervisors'), actions);
    return tile;
  }

  fill(tile, agent) {
    const seconds = this.secondsSince(agent.sinceMs);
    const held = agent.callId && agent.heldSinceMs != null ? this.secondsSince(agent.heldSinceMs) : null;
    tile.dataset.status = agent.status;
    // A pause with an allowance is long once it runs out; others after the usual time in state.
    const allowed = agent.status === 'paused' ? agent.pauseAllowedUntilMs ?? null : null;
    const overPause = allowed !== null && this.secondsUntil(allowed) < 0;
    const longState = allowed !== null ? overPause : seconds > (LONG_IN_STATE_S[agent.status] ?? Infinity);
    tile.classList.toggle('long', longState || (held ?? 0) > LONG_HOLD_S);
    tile.classList.toggle('over-pause', overPause);
    tile.classList.toggle('supervised', this.supervisedAgentIds.has(agent.id));
    tile.querySelector('.agent-name').textContent = agent.name ?? agent.id;
    // The lead groups (regions, industries...) whose calls go to this agent first.
    tile.querySelector('.agent-groups').textContent = (agent.groups ?? []).join(' · ');
    const badge = tile.querySelector('.state-badge');
    badge.dataset.status = agent.status;
    badge.textContent = t(`status.${agent.status}`);
    tile.querySelector('.agent-time').textContent = formatDuration(seconds);
    this.fillDetail(tile.querySelector('.agent-detail'), agent, held);
    this.fillSupervisors(tile.querySelector('.agent-supervisors'), agent);
    const elsewhere = Boolean(this.nodeId && agent.nodeId && agent.nodeId !== this.nodeId);
    this.fillNode(tile.querySelector('.agent-node'), elsewhere ? agent.nodeId : null);
    for (const button of tile.querySelectorAll('button[data-mode]')) {
      button.textContent = t(`supervise.${button.dataset.mode}`);
      // An agent on another node too: this node hands the session on to theirs. A barge joins a
      // call: only one going on (the server refuses it otherwise, after the page had ended the
      // supervisor's session in progress to start it).
      const allowed = button.dataset.mode === 'barge' ? agent.status === 'talking' : SUPERVISABLE.has(agent.status);
      // Another supervisor speaking to the agent: the server would refuse a second voice, and the
      // page would have ended this supervisor's own session to start it.
      const taken = button.dataset.mode === 'listen' ? null : this.voiceTakenText(agent.id);
      button.disabled = !this.canSupervise || !allowed || taken !== null;
      if (taken === null) button.removeAttribute('title');
      else button.title = taken;
    }
    this.fillLogout(tile.querySelector('button.agent-logout'), agent);
  }

  /** Who listens, whispers or barges on the agent ("Supervised by Kim (Barge) · Lee (Listen)"), and
   * who hears nothing just now, the call's recording paused for card details. */
  fillSupervisors(box, agent) {
    const sessions = this.sessionsByAgent.get(agent.id) ?? [];
    box.textContent = sessions.length === 0 ? '' : t('wallboard.supervisedBy', {
      list: sessions.map((s) => t(s.listeningPaused ? 'wallboard.supervisorNotHearing' : 'wallboard.supervisor', {
        name: s.by?.name ?? '?', mode: t(`supervise.${s.mode}`),
      })).join(' · '),
    });
  }

  /** Why this page may not whisper or barge on the agent: a whisper or barge it does not hold is
   * on (only one supervisor speaks on an agent's calls at a time); null when it may. */
  voiceTakenText(agentId) {
    const voice = (this.sessionsByAgent.get(agentId) ?? []).find((s) => s.mode !== 'listen' && !this.heldSessionIds.has(s.sessionId));
    return voice ? t('wallboard.voiceTaken', { name: voice.by?.name ?? '?', mode: t(`supervise.${voice.mode}`) }) : null;
  }

  /** The open sessions (GET /api/supervision/sessions), shown on their agents' tiles. */
  setSessions(sessions) {
    this.sessionsByAgent = new Map();
    for (const session of sessions) this.sessionsByAgent.set(session.agentId, [...(this.sessionsByAgent.get(session.agentId) ?? []), session]);
    this.render();
  }

  /** Armed, the button asks for the confirming press; an agent logging out after their call has
   * nothing more to press. */
  fillLogout(button, agent) {
    const armed = (this.armed.get(agent.id) ?? 0) > Date.now();
    button.textContent = t(armed ? 'wallboard.logoutConfirm' : 'wallboard.logout');
    button.dataset.armed = String(armed);
    button.disabled = !this.canSupervise || !LOGGED_IN.has(agent.status) || Boolean(agent.pendingLogout);
  }

  /** The first press arms Log out for a few seconds; the second logs the agent out. */
  pressLogout(agentId) {
    if ((this.armed.get(agentId) ?? 0) > Date.now()) {
      this.armed.delete(agentId);
      this.onLogout(agentId);
    } else {
      this.armed.set(agentId, Date.now() + CONFIRM_MS);
      setTimeout(() => this.render(), CONFIRM_MS + 50);
    }
    this.render();
  }

  fillNode(label, nodeId) {
    const url = nodeId ? this.nodeUrls[nodeId] : undefined;
    const text = nodeId ? t('wallboard.onNode', { node: nodeId }) : '';
    if (!url) {
      label.textContent = text;
      return;
    }
    const link = label.querySelector('a') ?? el('a');
    link.href = new URL('/wallboard/', url).href;
    link.textContent = text;
    if (link.parentElement !== label) label.replaceChildren(link);
  }

  /** Seconds since a moment on the server's clock. */
  secondsSince(ms) {
    return Math.max(0, (Date.now() + this.clockOffsetMs - ms) / 1000);
  }

  /** Seconds until a moment on the server's clock (negative once it has passed). */
  secondsUntil(ms) {
    return (ms - Date.now() - this.clockOffsetMs) / 1000;
  }

  /** The detail line: what the agent is about to do, else their call, which links to its lead on
   * the leads page (opened beside the wallboard). */
  fillDetail(box, agent, heldSeconds) {
    const state = this.stateDetail(agent);
    const call = state === null ? this.callDetail(agent, heldSeconds) : null;
    if (call === null || !agent.leadId) {
      box.textContent = state ?? call ?? '';
      return;
    }
    let link = box.querySelector('a.agent-lead');
    if (!link) {
      link = el('a', 'agent-lead');
      link.target = '_blank';
      link.rel = 'noopener';
      box.replaceChildren(link);
    }
    link.href = `/leads/?lead=${encodeURIComponent(agent.leadId)}`;
    link.title = t('wallboard.openLead');
    link.textContent = call;
  }

  /** A pause, or a logout or pause to come after the call, and when the engine ends a wrap-up that
   * ends by itself: said before the call; null when none. */
  stateDetail(agent) {
    if (agent.status === 'paused') return this.pauseDetail(agent);
    const ending = this.wrapUpEnding(agent);
    const toCome = this.toComeDetail(agent);
    return toCome && ending ? `${toCome} · ${ending}` : toCome ?? ending;
  }

  toComeDetail(agent) {
    if (agent.pendingLogout) return `${t('wallboard.logoutPending')}${byStaff(agent.pendingLogoutBy)}`;
    if (agent.pendingPause) return `${t('state.pausePending', { reason: pauseReasonLabel(agent.pendingPause) })}${byStaff(agent.pendingPauseBy)}`;
    return null;
  }

  /** The time left of a wrap-up, to the end the server gives (the engine's, from the campaign's
   * wrap-up time as it is now); null for one that ends only when the agent says so. */
  wrapUpEnding(agent) {
    if (agent.status !== 'wrap_up' || agent.wrapUpEndsAtMs == null) return null;
    return t('wallboard.wrapUpLeft', { time: formatDuration(Math.max(0, this.secondsUntil(agent.wrapUpEndsAtMs))) });
  }

  /** The agent's call and what is going on in it; null off calls. `heldSeconds`: how long the
   * customer has been on hold, null when not. */
  callDetail(agent, heldSeconds) {
    if (!agent.callId) return null;
    const lead = leadLabel(agent);
    if (agent.consultWith) return t('wallboard.onCallConsulting', { lead, agent: this.agents.get(agent.consultWith)?.name ?? agent.consultWith });
    // The snapshot names the third party; a pushed agent view carries it with its stage.
    if (agent.thirdParty) return t('wallboard.onCallThirdParty', { lead, name: agent.thirdParty.name ?? agent.thirdParty });
    const waitedFor = waitedForLabel(agent, (id) => this.campaignNames.get(id));
    if (heldSeconds !== null && waitedFor !== null) return t('wallboard.onCallWaiting', { lead, group: waitedFor, time: formatDuration(heldSeconds) });
    if (heldSeconds !== null) return t('wallboard.onCallHeld', { lead, time: formatDuration(heldSeconds) });
    if (agent.muted) return t('wallboard.onCallMuted', { lead });
    if (agent.recordingPaused) return t('wallboard.onCallRecordingPaused', { lead });
    return t('wallboard.onCall', { lead });
  }

  /** The pause's reason, and with an allowance the time it leaves or by how much it was overrun. */
  pauseDetail(agent) {
    const reason = `${pauseReasonLabel(agent.pauseReason)}${byStaff(agent.pausedBy)}`;
    if (agent.pauseAllowedUntilMs == null) return reason;
    const left = this.secondsUntil(agent.pauseAllowedUntilMs);
    return left < 0 ? t('wallboard.pauseOver', { reason, time: formatDuration(-left) }) : t('wallboard.pauseLeft', { reason, time: formatDuration(left) });
  }

  /** Counts per state, for the legend. */
  counts() {
    const counts = {};
    for (const agent of this.agents.values()) counts[agent.status] = (counts[agent.status] ?? 0) + 1;
    return counts;
  }
}
