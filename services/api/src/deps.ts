/** What the API is built from; route handlers receive it as `deps`. */
import type { Config } from '@pilewatch/config';
import type { Bus } from '@pilewatch/bus';
import type { Database } from '@pilewatch/store';
import type { FastifyBaseLogger } from 'fastify';
import type { CommandSender } from './commands/sender.js';
import type { LiveFeed } from './live/feed.js';
import type { ApiMetrics } from './metrics/api-metrics.js';

/** Limits and intervals, with defaults in `buildApi`. */
export interface ApiSettings {
  /** Largest request body, in bytes. */
  bodyLimitBytes: number;
  /** Requests one token may make per window. */
  rateLimitMax: number;
  rateLimitWindowMs: number;
  /** Interval of the keep-alive comment on live-feed streams. */
  liveKeepAliveMs: number;
}

export interface ApiDeps {
  config: Config;
  db: Database;
  bus: Bus;
  log: FastifyBaseLogger;
  commands: CommandSender;
  live: LiveFeed;
  metrics: ApiMetrics;
  settings: ApiSettings;
}
