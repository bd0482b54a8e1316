// What the HTTP layer needs from the running engine. The runtime provides it; routes stay free
// of the loop's internals.

import type { Command } from '../../core/commands.js';
import type { EngineState } from '../../core/engine-state.js';
import type { Input } from '../../core/inputs.js';

export interface EngineApi {
  /** Feeds one input to the core; the commands it emitted come back (rejections included). */
  submit(input: Input): Command[];
  /** The live engine state, read-only by convention. */
  state(): EngineState;
  nowMs(): number;
  /** Inputs the engine has taken so far: a view made at a higher count is the newer. */
  steps(): number;
  /** Re-reads campaigns from storage now, after one was created, changed, started or stopped. */
  syncCampaigns(): Promise<void>;
  /** This node's id, and the node that drives a campaign now (null when none does). */
  nodeId(): string;
  campaignDriver(campaignId: string): Promise<string | null>;
  /** Where a running node is reached, null when it is not running or has not said. */
  nodeUrl(nodeId: string): Promise<string | null>;
  /** How long a node's mark of presence lasts unrenewed: a node not seen at work within it is gone. */
  presenceTtlMs(): number;
  /** Claims the agent's login for this node for a few seconds: null once claimed, else the node
   * whose login of them is under way. */
  claimAgentLogin(agentId: string): Promise<string | null>;
  /** Gives back this node's claim on the agent's login, after a login that failed. */
  releaseAgentLogin(agentId: string): Promise<void>;
  /** True while the node is stopping: it takes no new agent logins. */
  draining(): boolean;
  /** Agents whose phone is still in a call that was going on when this node started (a crashed
   * run's conversation, left to finish), with when it was found: a login would ring it mid-call. */
  agentsHeldOver(): ReadonlyMap<string, number>;
  /** Runs `close` (a preview's skip) unless the engine is dialling the attempt: null then, or
   * when `close` found it closed; no dial of it starts meanwhile. */
  closeUndialledPreview<T>(attemptId: string, close: () => Promise<T | null>): Promise<T | null>;
}
