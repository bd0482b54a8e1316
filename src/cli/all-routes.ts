// Every route of the API, in one list: the app serves exactly these, and the role test walks
// exactly these with every role.

import type { Pool } from '../adapters/pg/pool.js';
import type { EngineApi } from '../adapters/http/engine-api.js';
import type { RouteSpec } from '../adapters/http/route-spec.js';
import { agentRoutes } from '../adapters/http/routes/agent-routes.js';
import { campaignRoutes } from '../adapters/http/routes/campaign-routes.js';
import { dispositionRoutes } from '../adapters/http/routes/disposition-routes.js';

export interface RouteDeps {
  pool: Pool;
  engine: EngineApi;
  agentEndpointTemplate: string;
}

export function allRoutes(deps: RouteDeps): RouteSpec[] {
  return [
    ...campaignRoutes(deps),
    ...agentRoutes(deps),
    ...dispositionRoutes(deps),
  ];
}
