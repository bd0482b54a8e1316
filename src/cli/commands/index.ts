// Every sub-command of `outpace`, one file each.

import type { Command } from 'commander';
import { registerMigrateCommand } from './migrate.js';

export function registerCommands(program: Command): void {
  registerMigrateCommand(program);
}
