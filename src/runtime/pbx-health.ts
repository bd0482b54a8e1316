// Watches the PBX: the ARI link (connected, reconnects) and, when AMI is configured, the
// PBX's own report of calls in progress, which caps the pacer through `pbx_capacity`.

import type { Input } from '../core/inputs.js';
import type { PbxProbe } from '../adapters/ami/pbx-probe.js';
import { countAriReconnect, setAriConnected, setPbxHealth } from '../adapters/metrics/runtime-setters.js';
import type { Metrics } from '../adapters/metrics/metrics.js';
import { NotReady } from '../adapters/not-ready.js';

export interface LinkStatus {
  connected: boolean;
  reconnects: number;
  /** Why it is not connected, in words fit for an unauthenticated probe. */
  down: string | null;
}

export interface PbxHealthDeps {
  link: () => LinkStatus;
  probe: PbxProbe | null;
  metrics: Metrics;
  submit: (input: Input) => void;
  intervalMs?: number;
}

export class PbxHealthMonitor {
  private timer: NodeJS.Timeout | null = null;
  private reconnectsSeen = 0;

  constructor(private readonly deps: PbxHealthDeps) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.deps.intervalMs ?? 2_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** For /ready: the PBX is reachable when the ARI link is up (and AMI answers, if used). What is
   * down is said by its category ("ARI: credentials refused"), not its error, which names addresses. */
  async check(): Promise<void> {
    const link = this.deps.link();
    if (!link.connected) throw new NotReady(`ARI: ${link.down ?? 'connecting'}`);
    const probe = this.deps.probe?.status();
    if (probe && !probe.up) throw new NotReady(`AMI: ${probe.down ?? 'connecting'}`);
  }

  private sample(): void {
    const link = this.deps.link();
    setAriConnected(this.deps.metrics, link.connected);
    for (; this.reconnectsSeen < link.reconnects; this.reconnectsSeen++) countAriReconnect(this.deps.metrics);
    const probe = this.deps.probe?.status();
    setPbxHealth(this.deps.metrics, { up: probe ? probe.up : link.connected, currentCalls: probe?.currentCalls ?? null });
  }

  /** The probe's capacity callback: free channels go to the pacer. */
  capacity(freeChannels: number | null): void {
    this.deps.submit({ type: 'pbx_capacity', freeChannels });
  }
}
