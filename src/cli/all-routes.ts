// Every route of the API, in one list: the app serves exactly these, and the role test walks
// exactly these with every role.

import type { Registry } from 'prom-client';
import type { Pool } from '../adapters/pg/pool.js';
import type { PacingHistory } from '../adapters/metrics/pacing-history.js';
import type { EngineApi } from '../adapters/http/engine-api.js';
import type { RouteSpec } from '../adapters/http/route-spec.js';
import { agentRoutes } from '../adapters/http/routes/agent-routes.js';
import { agentReportRoutes } from '../adapters/http/routes/agent-report-routes.js';
import { campaignRoutes } from '../adapters/http/routes/campaign-routes.js';
import { desktopRoutes } from '../adapters/http/routes/desktop-routes.js';
import { dispositionRoutes } from '../adapters/http/routes/disposition-routes.js';
import { healthRoutes, type ReadinessCheck } from '../adapters/http/routes/health-routes.js';
import { metricsRoutes } from '../adapters/http/routes/metrics-routes.js';
import { pacingPageRoutes } from '../adapters/http/routes/pacing-page-routes.js';
import { planRoutes } from '../adapters/http/routes/plan-routes.js';
import { supervisionRoutes, type RecordingFetcher, type SupervisionPort } from '../adapters/http/routes/supervision-routes.js';
import type { WallboardSource } from '../adapters/http/ws/wallboard-snapshot.js';

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
  wallboard: WallboardSource;
}

export function allRoutes(deps: RouteDeps): RouteSpec[] {
  return [
    ...campaignRoutes(deps),
    ...agentRoutes(deps),
    ...dispositionRoutes(deps),
    ...healthRoutes({ checks: deps.checks }),
    ...metricsRoutes(deps.metrics.registry),
    ...pacingPageRoutes({ history: deps.history, now: () => deps.engine.nowMs() }),
    ...desktopRoutes(deps),
    ...supervisionRoutes(deps),
    ...agentReportRoutes(deps),
    ...planRoutes(),
  ];
}
