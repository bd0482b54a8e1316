// Dispositions waiting to reach the server. A submission is written here first (in this
// browser's storage, so a reload or a crash does not lose it), then sent; failures that may pass
// (network down, server error) are retried with growing delays and whenever the link comes back.
// The API is idempotent per attempt, so a retry after a lost response can never count twice,
// and the outbox holds at most one entry per attempt.
//
// Each agent has a queue of their own (a browser is shared between shifts): only the agent signed
// in sends or adds to theirs, with their own token. A queue holds leads' data (notes, callback
// times), so it does not outlive its agent's session: signing out sends it one last time (with
// the token still in hand), and what cannot go is either kept while the agent stays signed in or
// deleted as they sign out anyway (their calls wait on the server, under To disposition, for them
// to give again): the next person at this computer finds nothing of it. A reload or a browser
// closed without signing out keeps the queue for the same agent, still signed in. An entry
// whose token is refused is kept for that agent's next sign-in, not dropped: a 401 (the token
// gone) holds the whole queue, a 403 (not theirs with this token) holds that entry only.
//
// An entry the server refuses for what it says (a code retired since, notes it needs, a conflict:
// 400, 409, 422) would be refused again as it is: it is kept, marked with the server's reason, and
// not sent again, until the agent takes it back to put it right (fix) or drops it. One whose call
// the server does not know (404) can never be sent by anyone: it is dropped.
//
// An earlier version kept one queue for the whole browser: its entries that are the signed-in
// agent's calls move into their queue before it is sent, and those of calls that no longer exist
// are dropped (see takeUpShared).

const STORAGE_PREFIX = 'outpace.dispositionOutbox.';
/** What an attempt id looks like (a UUID). */
const ATTEMPT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The browser's one queue of that earlier version, for every agent. */
const SHARED_KEY = 'outpace.dispositionOutbox';

function readQueue(key) {
  try {
    const entries = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(entries) ? entries : [];
  } catch {
    return [];
  }
}

/** Takes one attempt's entry out of the shared queue, and the queue away once empty. */
function dropShared(attemptId) {
  const rest = readQueue(SHARED_KEY).filter((e) => e.attemptId !== attemptId);
  if (rest.length > 0) localStorage.setItem(SHARED_KEY, JSON.stringify(rest));
  else localStorage.removeItem(SHARED_KEY);
}

export class DispositionOutbox {
  constructor({ api, onChange, onSent, onRejected }) {
    this.api = api;
    this.onChange = onChange;
    this.onSent = onSent;
    this.onRejected = onRejected;
    this.agentId = null;
    /** The agent whose queue is being sent now, if any. */
    this.sendingFor = null;
    /** The sending under way, for whoever asks to send meanwhile. */
    this.sending = Promise.resolve();
    this.timer = null;
    this.failures = 0;
    /** Attempts of the shared queue the server said are not the signed-in agent's calls. */
    this.notOwn = new Set();
  }

  /** The signed-in agent's queue from now on. */
  open(agentId) {
    this.close();
    this.agentId = agentId;
    this.notOwn = new Set();
    this.onChange(this.entries());
  }

  /** Signing out: the queue sent once more, waiting at most `ms`; how many entries could not go
   * (the queue stays open: the agent decides whether to wait for them or to delete them). */
  async sendBeforeSignOut(ms) {
    const { agentId } = this;
    if (agentId === null) return 0;
    if (this.entries(agentId).length > 0) {
      let timer;
      await Promise.race([this.flush(), new Promise((resolve) => { timer = window.setTimeout(resolve, ms); })]);
      window.clearTimeout(timer);
    }
    return this.agentId === agentId ? this.entries(agentId).length : 0;
  }

  /** The agent signs out with entries that could not go: they are deleted from this browser, lead
   * data and all, and the queue closed; how many were deleted. */
  discard() {
    const { agentId } = this;
    const deleted = this.entries(agentId).length;
    if (agentId !== null) localStorage.removeItem(STORAGE_PREFIX + agentId);
    this.close();
    return deleted;
  }

  /** Nothing more is sent (signed out, or another agent signing in). */
  close() {
    window.clearTimeout(this.timer);
    this.timer = null;
    this.agentId = null;
    this.failures = 0;
    this.onChange([]);
  }

  entries(agentId = this.agentId) {
    return agentId === null ? [] : readQueue(STORAGE_PREFIX + agentId);
  }

  has(attemptId) {
    return this.entries().some((e) => e.attemptId === attemptId);
  }

  /** The entries on their way (or waiting for the link). */
  waiting() {
    return this.entries().filter((e) => !e.refused);
  }

  /** The entries the server refused, each with its reason ({ status, message }), for the agent to fix or drop. */
  refused() {
    return this.entries().filter((e) => e.refused);
  }

  /** Takes a refused entry out of the queue, to put it right in the form or to drop it: the
   * entry, or null when there is none for the attempt. */
  takeBack(attemptId) {
    const entry = this.entries().find((e) => e.attemptId === attemptId) ?? null;
    if (entry && this.agentId !== null) this.remove(this.agentId, attemptId);
    return entry;
  }

  save(agentId, entries) {
    localStorage.setItem(STORAGE_PREFIX + agentId, JSON.stringify(entries));
    if (agentId === this.agentId) this.onChange(entries);
  }

  /** Queues the disposition of one attempt (a second one for the same attempt is ignored) and
   * sends; `about` ({ label, lead }) says which it is, to list it if it is refused. */
  add(attemptId, body, about = null) {
    const { agentId } = this;
    if (agentId === null) return Promise.resolve();
    const entries = this.entries(agentId);
    if (!entries.some((e) => e.attemptId === attemptId)) {
      entries.push({ attemptId, body, queuedAt: Date.now(), ...(about ? { about } : {}) });
      this.save(agentId, entries);
    }
    return this.flush();
  }

  /** Sends the agent's queue, oldest first; stops at the first failure that may pass, at a token
   * refused, and once the agent has signed out. Asked again while sending: the sending under way,
   * which goes on to what was queued meanwhile. */
  flush() {
    const { agentId } = this;
    if (agentId === null) return Promise.resolve();
    if (this.sendingFor === agentId) return this.sending;
    this.sendingFor = agentId;
    window.clearTimeout(this.timer);
    this.sending = this.sendAll(agentId).finally(() => {
      if (this.sendingFor === agentId) this.sendingFor = null;
    });
    return this.sending;
  }

  async sendAll(agentId) {
    await this.takeUpShared(agentId);
    // Each tried once: one held (403) stays queued, the rest go; one refused waits for the agent.
    const tried = new Set();
    for (;;) {
      const entry = this.entries(agentId).find((e) => !tried.has(e.attemptId) && !e.refused);
      if (!entry || this.agentId !== agentId) return;
      tried.add(entry.attemptId);
      if (!(await this.send(agentId, entry))) return;
    }
  }

  /** Sends one entry of the agent's; false when the rest must wait. */
  async send(agentId, entry) {
    try {
      const result = await this.api.post(`/api/attempts/${entry.attemptId}/disposition`, entry.body);
      this.remove(agentId, entry.attemptId);
      this.failures = 0;
      if (this.agentId === agentId) this.onSent(entry, result);
      return true;
    } catch (error) {
      if (error.status === 401) return false;
      if (error.status === 403) return true;
      if (error.retryable) {
        if (this.agentId === agentId) this.retryLater();
        return false;
      }
      if (error.status === 404) this.remove(agentId, entry.attemptId);
      else this.markRefused(agentId, entry.attemptId, { status: error.status, message: error.message });
      if (this.agentId === agentId) this.onRejected(entry, error);
      return true;
    }
  }

  markRefused(agentId, attemptId, refused) {
    this.save(agentId, this.entries(agentId).map((e) => (e.attemptId === attemptId ? { ...e, refused } : e)));
  }

  /** Moves the shared queue's entries that are the agent's calls into their queue. The entries do
   * not name their agent, and another's sent with this token would be refused (403) and held in
   * this queue for good, out of its own agent's reach: so the server is asked whose call each one
   * is, and the others' stay where their agents will find them. One whose call no longer exists
   * can never be sent by anyone: it is dropped, notes and all. Stops where that cannot be told
   * (link down, token refused): the next flush goes on. */
  async takeUpShared(agentId) {
    for (const entry of readQueue(SHARED_KEY)) {
      if (this.agentId !== agentId) return;
      if (this.notOwn.has(entry.attemptId)) continue;
      const whose = await this.whoseCall(agentId, entry.attemptId);
      // The agent signed out while the server was asked (their queue deleted, maybe): nothing is
      // put back into it.
      if (whose === null || this.agentId !== agentId) return;
      if (whose === 'own') this.takeUp(agentId, entry);
      else if (whose === 'gone') dropShared(entry.attemptId);
      else this.notOwn.add(entry.attemptId);
    }
  }

  /** 'own', 'gone' (no such call), 'other' (may be another agent's), or null when that cannot be told now. */
  async whoseCall(agentId, attemptId) {
    try {
      await this.api.get(`/api/agents/${agentId}/calls/${attemptId}`);
      return 'own';
    } catch (error) {
      if (error.status === 401 || error.retryable) return null;
      // Only the server's word that no such call exists, or an id that cannot be one, drops an
      // entry: its notes go with it, and a refusal for any other reason may pass.
      const gone = (error.status === 404 && error.details?.reason === 'no_such_attempt') || (error.status === 400 && !ATTEMPT_ID.test(attemptId));
      return gone ? 'gone' : 'other';
    }
  }

  takeUp(agentId, entry) {
    const entries = this.entries(agentId);
    // One queued for the same call since the upgrade is the agent's later word.
    if (!entries.some((e) => e.attemptId === entry.attemptId)) {
      this.save(agentId, [...entries, entry].sort((a, b) => a.queuedAt - b.queuedAt));
    }
    dropShared(entry.attemptId);
  }

  remove(agentId, attemptId) {
    this.save(agentId, this.entries(agentId).filter((e) => e.attemptId !== attemptId));
  }

  retryLater() {
    this.failures += 1;
    const delay = Math.min(15_000, 1_000 * 2 ** Math.min(this.failures - 1, 4));
    this.timer = window.setTimeout(() => { void this.flush(); }, delay);
  }
}
