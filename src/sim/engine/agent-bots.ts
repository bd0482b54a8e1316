// Simulated agents: they log in, go ready, disposition after a wrap-up drawn from the traffic
// model, take breaks, join a mass pause and log out as the scenario says. Each agent's random
// behaviour comes from its own seeded stream, so every pacer faces the same team.

import { exponential, seededRandom, type RandomSource } from '../../core/random.js';
import type { Scenario } from './scenario.js';

export interface AgentPlan {
  agentId: string;
  loginAtMs: number;
  /** Break requests (ms) with the length of each break. */
  breaks: { atMs: number; lengthMs: number }[];
  /** In the mass pause: from when to when. */
  shockPause: { atMs: number; untilMs: number } | null;
  logoutAtMs: number | null;
}

export function agentId(index: number): string {
  return `agent-${String(index + 1).padStart(3, '0')}`;
}

export function planAgents(scenario: Scenario): AgentPlan[] {
  const chooser = seededRandom(scenario.seed, 'agents:choice');
  const inShock = pickShare(chooser, scenario.agents, scenario.pauseShock?.share ?? 0);
  const loggingOut = pickShare(chooser, scenario.agents, scenario.logouts?.share ?? 0);
  return Array.from({ length: scenario.agents }, (_, i) => {
    const random = seededRandom(scenario.seed, `agent:${i}`);
    const shock = scenario.pauseShock;
    return {
      agentId: agentId(i),
      loginAtMs: i * 150,
      breaks: breaksFor(random, scenario),
      shockPause: shock && inShock.has(i) ? { atMs: shock.atMs, untilMs: shock.atMs + shock.durationMs } : null,
      logoutAtMs: scenario.logouts && loggingOut.has(i) ? scenario.logouts.atMs : null,
    };
  });
}

function pickShare(random: RandomSource, count: number, share: number): Set<number> {
  const indices = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = indices[i] ?? 0;
    indices[i] = indices[j] ?? 0;
    indices[j] = a;
  }
  return new Set(indices.slice(0, Math.round(count * share)));
}

function breaksFor(random: RandomSource, scenario: Scenario): { atMs: number; lengthMs: number }[] {
  const pattern = scenario.breaks;
  if (!pattern || pattern.perAgentHour <= 0) return [];
  const out: { atMs: number; lengthMs: number }[] = [];
  let at = exponential(random, 3_600_000 / pattern.perAgentHour);
  while (at < scenario.durationMs) {
    out.push({ atMs: Math.round(at), lengthMs: Math.round(exponential(random, pattern.meanMs)) });
    at += exponential(random, 3_600_000 / pattern.perAgentHour);
  }
  return out;
}
