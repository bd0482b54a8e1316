// `outpace demo` serves on the port the configuration gives (HTTP_PORT, http.port), as `serve`
// does, unless --port says otherwise: it had a fixed 8080 of its own.

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/load-config.js';
import { demoHttpPort, registerDemoCommand } from './demo.js';

/** The port the demo would serve on with these arguments and this environment, without running it. */
function portOf(args: string[], env: NodeJS.ProcessEnv): number {
  const program = new Command();
  registerDemoCommand(program);
  const demo = program.commands.find((command) => command.name() === 'demo');
  if (!demo) throw new Error('no demo command');
  demo.parseOptions(args);
  const port = demo.opts().port as number | undefined;
  return demoHttpPort(port, loadConfig({ env }));
}

describe('outpace demo --port', () => {
  it('defaults to HTTP_PORT, as serve listens, and to the default configuration without it', () => {
    expect(portOf([], { HTTP_PORT: '9123' })).toBe(9123);
    expect(portOf([], {})).toBe(8080);
  });

  it('takes --port over the configuration', () => {
    expect(portOf(['--port', '9200'], { HTTP_PORT: '9123' })).toBe(9200);
  });
});
