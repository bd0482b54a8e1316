// Why a dependency is not ready, as /ready shows it. The route takes no token, so what it says must
// not help an outsider: a category ("ARI: credentials refused", "database: unreachable"), never an
// address, a user or a library's message, which the node's log keeps. Beside the adapters rather than
// in the HTTP one: the runtime's PBX health and the CLI's checks throw it too, and the route only
// shows it.

export class NotReady extends Error {
  override readonly name = 'NotReady';
}
