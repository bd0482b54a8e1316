// A CommandExecutor for the adapter's unit tests: the demo dialplan's names, a silent logger, the
// link up and one originate at a time, over the REST, customer calls (and third parties) the test gives.

import type { Input } from '../../core/inputs.js';
import { createLogger } from '../log/logger.js';
import { AgentLegs } from './agent-legs.js';
import type { AriRest } from './ari-port.js';
import { CommandExecutor, type ExecutorConfig } from './command-executor.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import type { CustomerCalls } from './customer-calls.js';
import { ThirdPartyLines } from './third-party-lines.js';

export function testExecutor(
  rest: AriRest, calls: CustomerCalls, emit: (input: Input) => void,
  thirdParties = new ThirdPartyLines({ emit, onAnswered: () => undefined }),
  config: Partial<ExecutorConfig> = {},
): CommandExecutor {
  return new CommandExecutor({
    app: 'dialer', customerEndpointTemplate: 'Local/{number}@sim-pstn', callerId: undefined, amdContext: 'dialer-amd-continue',
    recordingFormat: 'wav', holdMusicClass: 'default', agentRingSeconds: 20, recordingName: (id) => `outpace-${id}`, ...config,
  }, {
    rest: () => rest, linkUp: () => true, calls, emit, logger: createLogger({ level: 'silent' }),
    legs: new AgentLegs({ emit, onAnswered: () => undefined }), thirdParties,
    originates: new ConcurrencyLimiter(1), gaveUp: () => undefined,
  });
}
