// A WebSocket that stays up: reconnects with growing, jittered delays, pings to notice a dead
// link (a laptop waking up, a proxy dropping idle sockets) and reports its state. Close codes
// 4401/4403 mean the token is refused: no point in retrying, the page asks to sign in again.
// 4429: the address offered too many wrong tokens; tried again once the server's minute is over.

const PING_EVERY_MS = 10_000;
const SILENCE_LIMIT_MS = 25_000;
const REFUSED_ADDRESS_RETRY_MS = 60_000;

export function openLiveSocket({ path, token, onMessage, onStatus, onRefused }) {
  let socket = null;
  let attempt = 0;
  let stopped = false;
  let lastMessageAt = Date.now();
  let retryTimer = null;
  let pingTimer = null;

  function url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const separator = path.includes('?') ? '&' : '?';
    return `${scheme}//${location.host}${path}${separator}token=${encodeURIComponent(token)}`;
  }

  function connect() {
    if (stopped) return;
    onStatus('connecting');
    socket = new WebSocket(url());
    socket.addEventListener('open', () => {
      attempt = 0;
      lastMessageAt = Date.now();
      onStatus('live');
    });
    socket.addEventListener('message', (event) => {
      lastMessageAt = Date.now();
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type !== 'pong') onMessage(message);
    });
    socket.addEventListener('close', (event) => {
      socket = null;
      if (stopped) return;
      if (event.code === 4401 || event.code === 4403) {
        stopped = true;
        onStatus('refused');
        onRefused(event.code);
        return;
      }
      onStatus('offline');
      if (event.code === 4429) {
        window.clearTimeout(retryTimer);
        retryTimer = setTimeout(connect, REFUSED_ADDRESS_RETRY_MS);
        return;
      }
      scheduleReconnect();
    });
  }

  function scheduleReconnect() {
    attempt += 1;
    const delay = Math.min(10_000, 500 * 2 ** Math.min(attempt - 1, 5)) * (0.75 + Math.random() * 0.5);
    window.clearTimeout(retryTimer);
    retryTimer = setTimeout(connect, delay);
  }

  pingTimer = setInterval(() => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - lastMessageAt > SILENCE_LIMIT_MS) {
      socket.close(4000, 'silent too long');
      return;
    }
    socket.send(JSON.stringify({ type: 'ping' }));
  }, PING_EVERY_MS);

  connect();
  return {
    close() {
      stopped = true;
      window.clearTimeout(retryTimer);
      window.clearInterval(pingTimer);
      socket?.close(1000, 'page closed');
    },
    /** Drops the link and connects again at once (used after the browser says it is back online). */
    reconnectNow() {
      if (stopped) return;
      if (socket && socket.readyState === WebSocket.OPEN) return;
      window.clearTimeout(retryTimer);
      if (!socket) connect();
    },
  };
}
