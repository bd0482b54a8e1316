// The notices swagger-client prints through its global `log` go to the engine's logger instead
// of stdout.

import 'ari-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { routeLibraryNotices } from './ari-client-connection.js';

describe('library notices', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are handed to the notice sink, not printed', () => {
    const holder = globalThis as { log?: (...parts: unknown[]) => void };
    // Loading ari-client loads swagger-client, which defines the global this hooks into.
    expect(typeof holder.log).toBe('function');
    const printed = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const notices: string[] = [];
    routeLibraryNotices((text) => notices.push(text));
    holder.log?.('This API is using a deprecated version of Swagger!', 42);
    expect(notices).toEqual(['This API is using a deprecated version of Swagger! 42']);
    expect(printed).not.toHaveBeenCalled();
  });
});
