// Ambient types for the subset of `asterisk-manager` (CommonJS, untyped) that Outpace uses, all of
// it in src/adapters/ami/ami-session.ts. Header names arrive lower-cased; repeated headers become
// arrays and Variable/ChanVariable headers sub-objects.

declare module 'asterisk-manager' {
  namespace AsteriskManager {
    type AmiValue = string | string[] | Record<string, string>;
    type AmiMessage = Record<string, AmiValue | undefined>;

    interface Manager {
      on(event: 'close' | 'end', listener: () => void): void;
      on(event: 'error', listener: (error: Error) => void): void;
      /** Events by their lower-cased name (e.g. 'fullybooted'), or every event as 'managerevent'. */
      on(event: string, listener: (message: AmiMessage) => void): void;
      removeAllListeners(event?: string): void;
      /** Opens the TCP connection; the callback runs on connect only (failures emit 'error' and 'close'). */
      connect(port: number, host: string, callback?: (error: Error | null) => void): void;
      /** Logs in with the constructor's credentials; the callback gets the error response, if any. */
      login(callback?: (error?: AmiMessage) => void): void;
      /** Sends an action; actions sent before login are held until it succeeds. No timeout. */
      action(action: Record<string, string | number>, callback?: (error: AmiMessage | undefined, response: AmiMessage) => void): string;
      disconnect(callback?: () => void): void;
      isConnected(): boolean;
    }
  }

  /** Creates a manager; with a port it connects and logs in at once, without one it waits for connect(). */
  function AsteriskManager(
    port: number | undefined, host: string, username: string, password: string, events?: boolean,
  ): AsteriskManager.Manager;

  export = AsteriskManager;
}
