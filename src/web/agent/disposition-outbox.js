// Dispositions waiting to reach the server. A submission is written here first (in this
// browser's storage, so a reload or a crash does not lose it), then sent; failures that may pass
// (network down, server error) are retried with growing delays and whenever the link comes back.
// The API is idempotent per attempt, so a retry after a lost response can never count twice,
// and the outbox holds at most one entry per attempt.
//
// Each agent has a queue of their own (a browser is shared between shifts): only the agent signed
// in sends or adds to theirs, with their own token, and signing out stops the sending. An entry
// whose token is refused is kept for that agent's next sign-in, not dropped: a 401 (the token
// gone) holds the whole queue, a 403 (not theirs with this token) holds that entry only.

const STORAGE_PREFIX = 'outpace.dispositionOutbox.';

export class DispositionOutbox {
  constructor({ api, onChange, onSent, onRejected }) {
    this.api = api;
    this.onChange = onChange;
    this.onSent = onSent;
    this.onRejected = onRejected;
    this.agentId = null;
    /** The agent whose queue is being sent now, if any. */
    this.sendingFor = null;
    this.timer = null;
    this.failures = 0;
  }

  /** The signed-in agent's queue from now on. */
  open(agentId) {
    this.close();
    this.agentId = agentId;
    this.onChange(this.entries());
  }

  /** Signed out: nothing more is sent; the queue stays for the agent's next sign-in. */
  close() {
    window.clearTimeout(this.timer);
    this.timer = null;
    this.agentId = null;
    this.failures = 0;
    this.onChange([]);
  }

  entries(agentId = this.agentId) {
    if (agentId === null) return [];
    try {
      return JSON.parse(localStorage.getItem(STORAGE_PREFIX + agentId) ?? '[]');
    } catch {
      return [];
    }
  }

  has(attemptId) {
    return this.entries().some((e) => e.attemptId === attemptId);
  }

  save(agentId, entries) {
    localStorage.setItem(STORAGE_PREFIX + agentId, JSON.stringify(entries));
    if (agentId === this.agentId) this.onChange(entries);
  }

  /** Queues the disposition of one attempt (a second one for the same attempt is ignored) and sends. */
  add(attemptId, body) {
    const { agentId } = this;
    if (agentId === null) return Promise.resolve();
    const entries = this.entries(agentId);
    if (!entries.some((e) => e.attemptId === attemptId)) {
      entries.push({ attemptId, body, queuedAt: Date.now() });
      this.save(agentId, entries);
    }
    return this.flush();
  }

  /** Sends the agent's queue, oldest first; stops at the first failure that may pass, at a token
   * refused, and once the agent has signed out. */
  async flush() {
    const { agentId } = this;
    if (agentId === null || this.sendingFor === agentId) return;
    this.sendingFor = agentId;
    window.clearTimeout(this.timer);
    try {
      for (const entry of this.entries(agentId)) {
        if (this.agentId !== agentId || !(await this.send(agentId, entry))) return;
      }
    } finally {
      if (this.sendingFor === agentId) this.sendingFor = null;
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
      this.remove(agentId, entry.attemptId);
      if (this.agentId === agentId) this.onRejected(entry, error);
      return true;
    }
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
