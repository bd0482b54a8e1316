// Every route of the API, in one list: the app serves exactly these, and the role test walks
// exactly these with every role.

import type { Registry } from 'prom-client';
import type { Pool } from '../adapters/pg/pool.js';
import type { PacingHistory } from '../adapters/metrics/pacing-history.js';
import type { EngineApi } from '../adapters/http/engine-api.js';
import type { RouteSpec } from '../adapters/http/route-spec.js';
import type { PbxMedia } from '../adapters/ari/pbx-media.js';
import { campaignsElsewhere } from '../adapters/http/campaigns-elsewhere.js';
import { agentRoutes } from '../adapters/http/routes/agent-routes.js';
import { transferRoutes } from '../adapters/http/routes/transfer-routes.js';
import { teamRoutes } from '../adapters/http/routes/team-routes.js';
import { agentReportRoutes } from '../adapters/http/routes/agent-report-routes.js';
import { callReviewRoutes } from '../adapters/http/routes/call-review-routes.js';
import { campaignReportRoutes } from '../adapters/http/routes/campaign-report-routes.js';
import { campaignRoutes } from '../adapters/http/routes/campaign-routes.js';
import { desktopRoutes } from '../adapters/http/routes/desktop-routes.js';
import { webhookRoutes } from '../adapters/http/routes/webhook-routes.js';
import type { WebhookSender } from '../adapters/redis/webhook-sender.js';
import { dispositionRoutes } from '../adapters/http/routes/disposition-routes.js';
import { doNotCallRoutes } from '../adapters/http/routes/do-not-call-routes.js';
import { healthRoutes, type ReadinessCheck } from '../adapters/http/routes/health-routes.js';
import { metricsRoutes } from '../adapters/http/routes/metrics-routes.js';
import { pacingPageRoutes } from '../adapters/http/routes/pacing-page-routes.js';
import { planInputRoutes } from '../adapters/http/routes/plan-inputs-routes.js';
import { planRoutes } from '../adapters/http/routes/plan-routes.js';
import type { Logger } from 'pino';
import type { RecordingDeleter, RecordingFetcher } from '../adapters/ari/stored-recordings.js';
import { missedCallRoutes } from '../adapters/http/routes/missed-call-routes.js';
import { returnCallRoutes } from '../adapters/http/routes/return-call-routes.js';
import { supervisionRoutes, type SupervisionPort } from '../adapters/http/routes/supervision-routes.js';
import type { WallboardSource } from '../adapters/http/ws/wallboard-snapshot.js';
import { callbacksRoutes } from '../adapters/http/routes/callbacks-routes.js';
import { dncRoutes } from '../adapters/http/routes/dnc-routes.js';
import { evidenceRoutes } from '../adapters/http/routes/evidence-routes.js';
import { leadErasureRoutes } from '../adapters/http/routes/lead-erasure-routes.js';
import { leadLookupRoutes } from '../adapters/http/routes/lead-lookup-routes.js';
import { leadExportRoutes } from '../adapters/http/routes/lead-export-routes.js';
import { listManagementRoutes } from '../adapters/http/routes/list-management-routes.js';
import { leadsRoutes } from '../adapters/http/routes/leads-routes.js';
import { listsRoutes } from '../adapters/http/routes/lists-routes.js';
import type { CallbackTimers } from '../adapters/redis/callback-timers.js';
import type { LeadImportJobPayload } from '../adapters/redis/lead-import-queue.js';
import type { Queue } from 'bullmq';

export interface RouteDeps {
  pool: Pool;
  engine: EngineApi;
  agentEndpointTemplate: string;
  metrics: { registry: Registry };
  history: PacingHistory;
  /** Readiness checks by dependency name (postgres, redis, pbx). */
  checks: Record<string, ReadinessCheck>;
  /** This engine node (preview leases are taken in its name). */
  nodeId: string;
  /** Listen, whisper and barge through the telephony adapter. */
  supervision: SupervisionPort;
  fetchRecording: RecordingFetcher;
  deleteRecording: RecordingDeleter;
  logger: Logger;
  wallboard: WallboardSource;
  importQueue: Queue<LeadImportJobPayload>;
  uploadDir: string;
  callbackTimers: CallbackTimers;
  webhooks: Pick<WebhookSender, 'send' | 'destinations'>;
  /** The PBX's sounds (a campaign is not started to play one it lacks). */
  pbxMedia: PbxMedia;
}

export function allRoutes(deps: RouteDeps): RouteSpec[] {
  return [
    ...campaignRoutes(deps),
    ...agentRoutes(deps),
    ...transferRoutes(deps),
    ...teamRoutes(deps),
    ...dispositionRoutes({ ...deps, sendWebhooks: (ids) => deps.webhooks.send(ids) }),
    ...doNotCallRoutes(deps),
    ...webhookRoutes({ pool: deps.pool, sendWebhooks: (ids) => deps.webhooks.send(ids) }),
    ...healthRoutes({ checks: deps.checks }),
    ...metricsRoutes(deps.metrics.registry),
    ...pacingPageRoutes({ history: deps.history, now: () => deps.engine.nowMs(), elsewhere: () => campaignsElsewhere(deps.pool, deps.engine) }),
    ...desktopRoutes(deps),
    ...supervisionRoutes(deps),
    ...returnCallRoutes(deps),
    ...missedCallRoutes({ pool: deps.pool, nowMs: () => deps.engine.nowMs() }),
    ...agentReportRoutes(deps),
    ...campaignReportRoutes(deps),
    ...callReviewRoutes(deps),
    ...planRoutes(),
    ...planInputRoutes(deps),
    ...listsRoutes(deps),
    ...leadsRoutes({ pool: deps.pool, nowMs: () => deps.engine.nowMs() }),
    ...leadLookupRoutes({ pool: deps.pool, nowMs: () => deps.engine.nowMs() }),
    ...leadErasureRoutes({ pool: deps.pool, deleteRecording: deps.deleteRecording, logger: deps.logger, nowMs: () => deps.engine.nowMs(),
      sendWebhooks: (ids) => deps.webhooks.send(ids) }),
    ...listManagementRoutes({ pool: deps.pool, nowMs: () => deps.engine.nowMs(), pbxMedia: deps.pbxMedia }),
    ...leadExportRoutes({ pool: deps.pool, logger: deps.logger }),
    ...dncRoutes({ pool: deps.pool, logger: deps.logger, nowMs: () => deps.engine.nowMs() }),
    ...callbacksRoutes({ pool: deps.pool, timers: deps.callbackTimers, nowMs: () => deps.engine.nowMs() }),
    ...evidenceRoutes({ pool: deps.pool, logger: deps.logger, nowMs: () => deps.engine.nowMs() }),
  ];
}
