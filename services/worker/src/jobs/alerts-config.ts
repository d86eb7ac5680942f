/**
 * The rules configuration the worker evaluates with: the stored document (edited through the API),
 * completed with defaults, plus the connector ratings from the registry for the impossible-power rule
 * (a rating given in the document wins). Cached; reloaded when the API announces a change and at least
 * every `refreshMs`, since a connector's rating can change without any announcement.
 */
import type { Logger } from 'pino';
import { alertRulesConfig, connectorRatingsKw, type ReadDb } from '@pilewatch/store';
import { defaultRulesConfig, parseRulesConfig, type RulesConfig } from '@pilewatch/supervision';

export class RulesConfigSource {
  private cached: { config: RulesConfig; version: number; loadedAt: number } | undefined;
  private loading: Promise<RulesConfig> | undefined;

  constructor(
    private readonly db: ReadDb,
    private readonly log: Logger,
    private readonly refreshMs = 60_000,
  ) {}

  /** The configuration to evaluate with now. */
  current(): Promise<RulesConfig> {
    if (this.cached && Date.now() - this.cached.loadedAt < this.refreshMs) return Promise.resolve(this.cached.config);
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /** The stored configuration changed: the next evaluation reads it again. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async load(): Promise<RulesConfig> {
    const [stored, ratings] = await Promise.all([alertRulesConfig(this.db), connectorRatingsKw(this.db)]);
    let config: RulesConfig;
    try {
      config = parseRulesConfig(stored.config);
    } catch (err) {
      // The API validates before saving, so this means a hand edit: keep judging with what we had.
      this.log.error({ err, version: stored.version }, 'stored alert rules configuration is invalid; using the previous one');
      config = this.cached?.config ?? defaultRulesConfig;
    }
    const power = config.rules['meter.impossible_power'];
    const withRatings: RulesConfig = {
      ...config,
      rules: { ...config.rules, 'meter.impossible_power': { ...power, ratingsKw: { ...ratings, ...power.ratingsKw } } },
    };
    this.cached = { config: withRatings, version: stored.version, loadedAt: Date.now() };
    return withRatings;
  }
}
