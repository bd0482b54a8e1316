// A socket whose peer vanished without a word (the PBX host gone, a firewall or NAT dropping the
// flow) stays open on our side for good: no close ever comes, and a quiet PBX sends no events
// anyway. A ping every `intervalMs` tells the two apart; one not answered within `timeoutMs`
// means the socket is dead.

export interface LivenessOptions {
  /** Resolves within `timeoutMs`: whether the socket answered. */
  ping: (timeoutMs: number) => Promise<boolean>;
  intervalMs: number;
  timeoutMs: number;
  onDead: () => void;
}

/** Pings until stopped or a ping goes unanswered; returns what stops it. */
export function watchLiveness(options: LivenessOptions): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const next = (): void => {
    timer = setTimeout(() => void check(), options.intervalMs);
  };
  const check = async (): Promise<void> => {
    const alive = await options.ping(options.timeoutMs).catch(() => false);
    if (stopped) return;
    if (alive) next();
    else options.onDead();
  };
  next();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
