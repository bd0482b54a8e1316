// `outpace plan` asks the planner the question the API and the planner page ask when a figure is
// left out: each of its options' defaults is the planner's own (plan-defaults.ts).

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { planDefaults } from '../../sim/planner/plan-defaults.js';
import { registerPlanCommand } from './plan.js';

/** The plan command's options before any is given, by the attribute commander keeps each under. */
function optionDefaults(): Record<string, unknown> {
  const program = new Command();
  registerPlanCommand(program);
  const plan = program.commands.find((command) => command.name() === 'plan');
  if (!plan) throw new Error('no plan command');
  return plan.opts();
}

describe('outpace plan', () => {
  it("defaults each figure a question may leave out to the planner's own", () => {
    const defaults = optionDefaults();
    expect({
      attemptsPerLead: defaults.attempts, liveRate: defaults.live, machineRate: defaults.machine, talkSeconds: defaults.talk,
      wrapSeconds: defaults.wrap, amd: defaults.amd, abandonTarget: defaults.abandonTarget,
      retryMinutes: {
        busyRetryMinutes: defaults.busyWait, noAnswerRetryMinutes: defaults.unansweredWait,
        machineRetryMinutes: defaults.machineWait, congestionRetryMinutes: defaults.congestionWait,
      },
      attemptsPerDay: defaults.dialsPerDay, dialsPerNumberPerDay: defaults.numberDialsPerDay, dialHoursPerDay: defaults.hoursPerDay,
    }).toEqual(planDefaults);
  });
});
