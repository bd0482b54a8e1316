// The pacing contract as a function: one snapshot in, one explained decision out. The engine
// uses the product's `decide` unless a campaign carries another pacer (the simulator plugs
// benchmark baselines in here; production never sets one).

import type { PacingDecision } from './pacing-decision.js';
import type { PacingSnapshot } from './pacing-snapshot.js';

export type Pacer = (snapshot: PacingSnapshot) => PacingDecision;
