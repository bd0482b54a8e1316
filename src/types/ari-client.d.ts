// Ambient types for the subset of `ari-client` (CommonJS, untyped) that Outpace uses. The client
// generates its REST methods from the server's api-docs at run time; only the operations named here
// are called, and every one of them goes through src/adapters/ari/ari-client-connection.ts.

declare module 'ari-client' {
  import type { EventEmitter } from 'node:events';

  namespace ariClient {
    /** Parameters of a generated operation: query and path parameters by their ARI names, and a
     * body parameter (originate's channel `variables`) as its object. */
    type Params = Record<string, string | number | boolean | Record<string, string> | undefined>;
    /** A generated REST operation; the result is a plain object (or a resource instance) or nothing. */
    type Operation = (params?: Params) => Promise<unknown>;

    interface Channels {
      list: Operation;
      originateWithId: Operation;
      hangup: Operation;
      answer: Operation;
      continueInDialplan: Operation;
      playWithId: Operation;
      snoopChannelWithId: Operation;
      mute: Operation;
      unmute: Operation;
      setChannelVar: Operation;
      getChannelVar: Operation;
    }

    interface Bridges {
      createWithId: Operation;
      get: Operation;
      addChannel: Operation;
      removeChannel: Operation;
      destroy: Operation;
      startMoh: Operation;
      record: Operation;
    }

    interface Applications {
      get: Operation;
    }

    interface Playbacks {
      get: Operation;
    }

    interface Recordings {
      getLive: Operation;
      stop: Operation;
      pause: Operation;
      unpause: Operation;
    }

    /**
     * Emits every ARI event by its type and as '*', plus 'WebSocketConnected',
     * 'WebSocketReconnecting' (with the error, if any) and 'WebSocketMaxRetries' (its own
     * reconnect gave up; it never tries again).
     */
    interface Client extends EventEmitter {
      channels: Channels;
      bridges: Bridges;
      applications: Applications;
      playbacks: Playbacks;
      recordings: Recordings;
      /** Opens the events socket for `apps`; resolves on the first open, rejects when retries run out. */
      start(apps: string | string[], subscribeAll?: boolean): Promise<void>;
      /** Closes the events socket on purpose (no reconnect). */
      stop(): void;
      ping(): void;
    }
  }

  const ariClient: {
    /** Loads the api-docs from `url` and resolves to a client with the generated operations. */
    connect(url: string, user: string, password: string): Promise<ariClient.Client>;
  };

  export = ariClient;
}
