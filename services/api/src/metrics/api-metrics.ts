/** The API's own metrics (request latency by route, live-feed subscribers) and the `/metrics` document. */
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CsmsStats } from '@pilewatch/csms';
import type { WriterStats } from '@pilewatch/store';
import { csmsFamilies } from './csms-metrics.js';
import { writerFamilies } from './writer-metrics.js';
import { renderFamilies, type Family } from './exposition.js';

export interface MetricsSources {
  /** The in-process central system's counters (`CentralSystem.stats`), when it runs here. */
  csms?: () => CsmsStats;
  /** The in-process store writer's group-commit figures (`Writer.stats`). */
  writer?: () => WriterStats;
  /** Further families from other components in this process (the store's writer, the worker). */
  families?: () => Family[];
}

export class ApiMetrics {
  readonly registry = new Registry();
  readonly requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly liveSubscribers: Gauge;

  constructor(private readonly sources: MetricsSources = {}) {
    collectDefaultMetrics({ register: this.registry, prefix: 'pilewatch_api_' });
    this.requestDuration = new Histogram({
      name: 'pilewatch_api_request_duration_seconds',
      help: 'HTTP request latency by route (the route pattern, not the concrete path), method and status.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.liveSubscribers = new Gauge({
      name: 'pilewatch_api_live_subscribers',
      help: 'Clients connected to the live feed (Server-Sent Events) of this API process.',
      registers: [this.registry],
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async render(): Promise<string> {
    const families = [
      ...(this.sources.csms ? csmsFamilies(this.sources.csms()) : []),
      ...(this.sources.writer ? writerFamilies(this.sources.writer()) : []),
      ...(this.sources.families?.() ?? []),
    ];
    return (await this.registry.metrics()) + renderFamilies(families);
  }
}
