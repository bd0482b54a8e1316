// `outpace plan`: how long a list takes and how many agents a deadline needs, from the simulator.

import type { Command } from 'commander';
import { planCampaign, type PlanInput } from '../../sim/planner/plan-campaign.js';

interface PlanOptions {
  leads: string;
  live: string;
  machine: string;
  talk: string;
  wrap: string;
  agents?: string;
  deadlineHours?: string;
  amd: boolean;
  seed: string;
  json: boolean;
}

export function registerPlanCommand(program: Command): void {
  program
    .command('plan')
    .description('plan a campaign by simulation: duration, talk time per agent-hour, abandonment, agents for a deadline')
    .requiredOption('--leads <n>', 'leads on the list (each dialled once)')
    .option('--live <rate>', 'share of dials answered by a live person', '0.2')
    .option('--machine <rate>', 'share of dials answered by a machine', '0.25')
    .option('--talk <seconds>', 'mean talk time', '120')
    .option('--wrap <seconds>', 'mean wrap-up time', '15')
    .option('--agents <n>', 'team size to plan for')
    .option('--deadline-hours <h>', 'finish within this many dialling hours (finds the team size)')
    .option('--no-amd', 'plan without answering-machine detection')
    .option('--seed <n>', 'simulation seed (same seed, same answer)', '1')
    .option('--json', 'print JSON', false)
    .action((options: PlanOptions) => {
      const input: PlanInput = {
        leads: Number(options.leads), liveRate: Number(options.live), machineRate: Number(options.machine),
        talkSeconds: Number(options.talk), wrapSeconds: Number(options.wrap), amd: options.amd, seed: Number(options.seed),
        ...(options.agents !== undefined ? { agents: Number(options.agents) } : {}),
        ...(options.deadlineHours !== undefined ? { deadlineHours: Number(options.deadlineHours) } : {}),
      };
      const plan = planCampaign(input);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
        return;
      }
      const lines = [
        `agents                  ${plan.agents}`,
        `expected duration       ${plan.expectedHours.toFixed(1)} h`,
        `talk per agent-hour     ${plan.talkMinPerAgentHour.toFixed(1)} min`,
        `occupancy               ${(plan.occupancy * 100).toFixed(0)}%`,
        `abandonment             ${(plan.abandonRate * 100).toFixed(2)}%`,
        `dials per agent-hour    ${plan.dialsPerAgentHour.toFixed(0)}`,
      ];
      if (plan.agentsNeededForDeadline !== null) lines.push(`agents for ${plan.deadlineHours} h      ${plan.agentsNeededForDeadline}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
