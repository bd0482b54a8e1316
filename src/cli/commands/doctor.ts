// `outpace doctor`: checks that this node could start, one line a check with what to do about a
// failure, and exits non-zero when one fails. What it runs is in doctor-run.ts, loaded only when it
// runs: `outpace --help` reads none of it.

import type { Command } from 'commander';

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check the configuration, the database and its migrations, Redis, the PBX (ARI, and AMI when on), the write spool and upload directories and Node.js; exits non-zero if any check fails')
    .action(async () => {
      const { runDoctor } = await import('./doctor-run.js');
      process.exitCode = await runDoctor(process.stdout) ? 0 : 1;
    });
}
