#!/usr/bin/env node
// The `outpace` command. Each sub-command lives in its own file under commands/ and registers
// itself on the program; this file only wires them together.

import { Command } from 'commander';
import { DbError } from '../adapters/pg/db-error.js';
import { registerCommands } from './commands/index.js';
import { packageVersion } from './package-version.js';

const program = new Command();
program
  .name('outpace')
  .description('Outpace: predictive and progressive outbound dialer engine for Asterisk ARI')
  // Which release runs: what an operator is asked first in a bug report, and checks after a deploy.
  .version(packageVersion(), '-V, --version', 'print the release of outpace')
  // A refusal ends with a hint, not the whole usage, which would bury the line that says what is wrong.
  .showHelpAfterError("(add --help for usage)");
registerCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  // A database refusal is told as a person is told it, without its code (NOT_FOUND: ...).
  const message = error instanceof DbError ? error.detail : error instanceof Error ? error.message : String(error);
  process.stderr.write(`outpace: ${message}\n`);
  // Exits now: a command that failed part way (a node that failed to start) may have left
  // connections and timers open that would keep the process alive for ever.
  process.exit(1);
});
