// The metrics adapter's public surface, for the runtime and the demo.

export { createMetrics, complianceRules, dbOperations, dbWriteOperations, type ComplianceRule, type DbOperation, type DbWriteOperation, type Metrics, type CreateMetricsOptions } from './metrics.js';
export { observeCommands, type RegimeLookup } from './observe-commands.js';
export { observeState } from './observe-state.js';
export {
  setPbxHealth, setAriConnected, countAriReconnect, countPlaybackFailure, observeDbQuery, setLeadCounts, setFollowUpCounts,
  countComplianceBlock, observePacingStep, clearCampaignCounts, defaultPbx,
  type PbxHealth, type LeadCounts, type FollowUpCounts,
} from './runtime-setters.js';
export { startStateSampler, type StateSampler, type StateSamplerDeps } from './state-sampler.js';
export { createPacingHistory, recordPacingSample, pacingHistoryView, type PacingHistory, type PacingSample } from './pacing-history.js';
