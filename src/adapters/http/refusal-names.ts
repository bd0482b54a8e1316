// How the engine's refusals name colleagues and campaigns to the agent reading them: by the display
// and campaign names stored for them (the engine knows their ids only).

import { getAgent } from '../pg/agent-repository.js';
import { getCampaign } from '../pg/campaign-repository.js';
import type { Queryable } from '../pg/pool.js';
import type { RefusalNames } from './engine-rejection.js';

export function storedNames(db: Queryable): RefusalNames {
  return {
    agent: async (id) => (await getAgent(db, id))?.name ?? null,
    campaign: async (id) => (await getCampaign(db, id))?.name ?? null,
  };
}
