// Dispositions waiting to reach the server. A submission is written here first (in this
// browser's storage, so a reload or a crash does not lose it), then sent; failures that may pass
// (network down, server error) are retried with growing delays and whenever the link comes back.
// The API is idempotent per attempt, so a retry after a lost response can never count twice,
// and the outbox holds at most one entry per attempt.

const STORAGE_KEY = 'outpace.dispositionOutbox';

export class DispositionOutbox {
  constructor({ api, onChange, onSent, onRejected }) {
    this.api = api;
    this.onChange = onChange;
    this.onSent = onSent;
    this.onRejected = onRejected;
    this.sending = false;
    this.timer = null;
    this.failures = 0;
  }

  entries() {
    try {
      return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    } catch {
      return [];
    }
  }

  has(attemptId) {
    return this.entries().some((e) => e.attemptId === attemptId);
  }

  save(entries) {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(entries));
    this.onChange(entries);
  }

  /** Queues the disposition of one attempt (a second one for the same attempt is ignored) and sends. */
  add(attemptId, body) {
    const entries = this.entries();
    if (!entries.some((e) => e.attemptId === attemptId)) {
      entries.push({ attemptId, body, queuedAt: Date.now() });
      this.save(entries);
    }
    return this.flush();
  }

  /** Sends everything queued, oldest first; stops at the first failure that may pass. */
  async flush() {
    if (this.sending) return;
    this.sending = true;
    window.clearTimeout(this.timer);
    try {
      for (const entry of this.entries()) {
        try {
          const result = await this.api.post(`/api/attempts/${entry.attemptId}/disposition`, entry.body);
          this.remove(entry.attemptId);
          this.failures = 0;
          this.onSent(entry, result);
        } catch (error) {
          if (error.retryable) {
            this.failures += 1;
            this.retryLater();
            return;
          }
          this.remove(entry.attemptId);
          this.onRejected(entry, error);
        }
      }
    } finally {
      this.sending = false;
    }
  }

  remove(attemptId) {
    this.save(this.entries().filter((e) => e.attemptId !== attemptId));
  }

  retryLater() {
    const delay = Math.min(15_000, 1_000 * 2 ** Math.min(this.failures - 1, 4));
    this.timer = setTimeout(() => { void this.flush(); }, delay);
  }
}
