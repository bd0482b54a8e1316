// `outpace plan` as a campaign manager runs it: the answer as aligned lines or JSON, the same for
// the same seed, with the waits for retries said, and a bad option or an impossible deadline refused
// with the option named and a non-zero exit.

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function outpacePlan(...args: string[]): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'plan', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const question = ['--leads', '3000', '--attempts', '2', '--live', '0.2', '--talk', '90', '--wrap', '10', '--agents', '8'];

describe('outpace plan', () => {
  it('answers with the duration, talk time, abandonment and dial rate, the same for the same seed', async () => {
    const [json, again, text] = await Promise.all([outpacePlan(...question, '--json'), outpacePlan(...question, '--json'), outpacePlan(...question)]);
    expect(json.code).toBe(0);
    const plan = JSON.parse(json.stdout) as { agents: number; expectedHours: number; waitingHours: number; shortestHours: number; talkMinPerAgentHour: number; abandonRate: number; dialsPerAgentHour: number; dialsPerLead: number };
    expect(plan.agents).toBe(8);
    // Two dials at most per lead: the second for the 75% the first neither answered live nor found invalid.
    expect(plan.dialsPerLead).toBeCloseTo(1.75, 9);
    expect((plan.expectedHours - plan.waitingHours) * plan.dialsPerAgentHour * plan.agents).toBeCloseTo(3000 * 1.75, -1);
    expect(plan.expectedHours).toBeGreaterThanOrEqual(plan.shortestHours);
    expect(plan.abandonRate).toBeLessThanOrEqual(0.03);
    expect(JSON.parse(again.stdout)).toEqual(plan);

    const lines = text.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(/\s{2,}/)[0])).toEqual([
      'agents', 'expected duration', 'waiting for retries', 'shortest, any team', 'calendar days', 'dials per lead', 'leads reached',
      'talk per agent-hour', 'occupancy', 'abandonment', 'dials per agent-hour',
    ]);
    // One column of figures, whatever the label's length.
    expect(new Set(lines.map((line) => line.search(/\s{2,}\S+/) + (/\s{2,}/.exec(line)?.[0].length ?? 0))).size).toBe(1);
    expect(lines[7]).toMatch(new RegExp(`^talk per agent-hour +${plan.talkMinPerAgentHour.toFixed(1)} min$`));
  }, 60_000);

  it('refuses a bad option with the option named', async () => {
    const leads = await outpacePlan('--leads', 'many', '--agents', '3');
    expect(leads.code).not.toBe(0);
    expect(leads.stderr).toContain("option '--leads <n>' argument 'many' is invalid");
    const rates = await outpacePlan('--leads', '100', '--live', '0.8', '--machine', '0.3', '--agents', '2');
    expect(rates.code).not.toBe(0);
    expect(rates.stderr).toContain('--machine must leave room for other outcomes');
    const attempts = await outpacePlan('--leads', '100', '--attempts', '0', '--agents', '2');
    expect(attempts.code).not.toBe(0);
    expect(attempts.stderr).toContain("option '--attempts <n>' argument '0' is invalid");
    const team = await outpacePlan('--leads', '100');
    expect(team.code).not.toBe(0);
    expect(team.stderr).toContain('give --agents or --deadline-hours');
    const rushed = await outpacePlan('--leads', '100', '--deadline-hours', '1', '--unanswered-wait', '300');
    expect(rushed.code).not.toBe(0);
    expect(rushed.stderr).toMatch(/--deadline-hours must be at least \d+\.\d: the list's retries take that long whatever the team/);
  }, 60_000);
});
