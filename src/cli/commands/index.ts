// Every sub-command of `outpace`, one file each. A file defines its command's options and help only:
// what the command runs (the database, the engine, the simulator) it imports when it runs, so that
// `outpace --help` and a refused option do not load every command's modules first.

import type { Command } from 'commander';
import { registerDemoCommand } from './demo.js';
import { registerDncCommand } from './dnc.js';
import { registerDoctorCommand } from './doctor.js';
import { registerEvidenceCommand } from './evidence.js';
import { registerImportCommand } from './import.js';
import { registerLaboratoryCommand } from './laboratory.js';
import { registerMigrateCommand } from './migrate.js';
import { registerPlanCommand } from './plan.js';
import { registerServeCommand } from './serve.js';

export function registerCommands(program: Command): void {
  registerMigrateCommand(program);
  registerImportCommand(program);
  registerDncCommand(program);
  registerEvidenceCommand(program);
  registerServeCommand(program);
  registerDemoCommand(program);
  registerPlanCommand(program);
  registerLaboratoryCommand(program);
  registerDoctorCommand(program);
}
