/**
 * The T/CEC 102 interface of the API (docs/province.md): partners POST envelopes to
 * `{PILEWATCH_PROVINCE_BASE_PATH}/{interfaceName}`. It has its own authentication — the envelope's
 * signature and the tokens of query_token — and never the API's bearer tokens, so it is a plugin of its
 * own: any content type is read as text, answers are always envelopes with HTTP 200, and the API's
 * per-token rate limit does not apply (a busy system answers Ret −1).
 *
 * Off when no partners file is configured, or when no partner calls us.
 */
import type { FastifyBaseLogger, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '@pilewatch/config';
import { isUnavailable, type ReadDb } from '@pilewatch/store';
import {
  createMemoryReplayGuard,
  createMemoryTokenStore,
  createTcecEndpoint,
  inboundSecrets,
  readPartnersFile,
  type ReplayGuard,
  Ret,
  sealResponse,
  type SecretsLookup,
  type TcecOutcome,
  type TokenStore,
} from '@pilewatch/tcec';
import { isRefusal, provinceHandlers } from './handlers.js';
import { createRedisReplayGuard } from './redis-replay-guard.js';
import { createRedisTokenStore } from './redis-token-store.js';

export interface ProvinceLinkOptions {
  config: Config;
  db: ReadDb;
  log: FastifyBaseLogger;
}

export const provinceLink: FastifyPluginAsync<ProvinceLinkOptions> = async (app, { config, db, log }) => {
  const file = config.province.partnersFile;
  if (!file) return;
  const partners = readPartnersFile(file, { maxSkewS: config.province.maxSkewS });
  if (!partners.some((p) => p.inbound)) {
    log.info({ partners: partners.map((p) => p.name) }, 'T/CEC interface not served: no partner has an inbound link');
    return;
  }
  const state = await sharedState(config.redis.url, log);
  app.addHook('onClose', async () => state.close());

  const endpoint = createTcecEndpoint({
    partners,
    replayGuard: state.replayGuard,
    tokens: state.tokens,
    handlers: provinceHandlers(db, log),
  });
  const secretsOf = inboundSecrets(partners);

  // Envelopes arrive as application/json, text/plain or with no useful type at all: the codec reads the text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.setErrorHandler((err, request, reply) => {
    const outcome = envelopeFailure(err as { code?: string; message?: string });
    logCall(request, outcome);
    return reply.status(200).send(outcome.envelope);
  });

  const path = `${config.province.basePath}/:interfaceName`;
  app.post(path, { config: { rateLimit: false } }, async (request, reply) => {
    const { interfaceName } = request.params as { interfaceName: string };
    let outcome: TcecOutcome;
    try {
      outcome = await endpoint({ interfaceName, body: request.body ?? '', authorization: request.headers.authorization });
    } catch (error) {
      // The replay guard or token store (Redis) failed before anything was decided: the caller may retry.
      outcome = busy(interfaceName, request.body, secretsOf, error);
    }
    outcome = answerHandlerFailures(outcome, secretsOf);
    logCall(request, outcome);
    return reply.status(200).header('content-type', 'application/json; charset=utf-8').send(outcome.envelope);
  });
  log.info({ path, partners: partners.filter((p) => p.inbound).map((p) => p.name) }, 'T/CEC interface served');
};

interface SharedState {
  replayGuard: ReplayGuard;
  tokens: TokenStore;
  close(): Promise<void>;
}

/** In Redis when there is one, so every API node accepts a token and refuses a replay alike. */
async function sharedState(redisUrl: string | undefined, log: FastifyBaseLogger): Promise<SharedState> {
  if (!redisUrl) return { replayGuard: createMemoryReplayGuard(), tokens: createMemoryTokenStore(), close: async () => {} };
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
  redis.on('error', (err) => log.error({ err }, 'T/CEC state: redis connection error'));
  await redis.connect();
  return {
    replayGuard: createRedisReplayGuard(redis),
    tokens: createRedisTokenStore(redis),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * A handler that refused the business parameters is answered 4004 with its reason; one that failed
 * because the database is unavailable, −1 (busy, retry later). Anything else stays 500.
 */
function answerHandlerFailures(outcome: TcecOutcome, secretsOf: SecretsLookup): TcecOutcome {
  if (outcome.code !== 'PW_TCEC_HANDLER_FAILED' || outcome.operatorId === undefined) return outcome;
  const secrets = secretsOf(outcome.operatorId);
  if (isRefusal(outcome.error)) {
    const msg = `bad business parameters: ${outcome.error.message}`;
    return { ...outcome, ret: Ret.BadData, code: 'PW_TCEC_DATA_INVALID', error: undefined, envelope: sealResponse(Ret.BadData, msg, null, secrets) };
  }
  if (isUnavailable(outcome.error)) {
    return { ...outcome, ret: Ret.Busy, envelope: sealResponse(Ret.Busy, 'system busy, retry later', null, secrets) };
  }
  return outcome;
}

function busy(interfaceName: string, body: unknown, secretsOf: SecretsLookup, error: unknown): TcecOutcome {
  const operatorId = operatorIdOf(body);
  const secrets = operatorId === undefined ? undefined : secretsOf(operatorId);
  return {
    interfaceName,
    ...(secrets ? { operatorId } : {}),
    ret: Ret.Busy,
    error,
    envelope: sealResponse(Ret.Busy, 'system busy, retry later', null, secrets),
  };
}

/** A body the server could not even read (too large, unreadable): bad POST parameters, unsigned. */
function envelopeFailure(err: { code?: string; message?: string }): TcecOutcome {
  const msg = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'bad POST parameters: body too large' : 'bad POST parameters: unreadable body';
  return { interfaceName: '', ret: Ret.BadRequest, code: 'PW_TCEC_ENVELOPE_INVALID', envelope: sealResponse(Ret.BadRequest, msg, null, undefined) };
}

function operatorIdOf(body: unknown): string | undefined {
  try {
    const id = (JSON.parse(String(body)) as { OperatorID?: unknown }).OperatorID;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** One line per call: interface, caller, Ret and why — never the body, the token or a secret. */
function logCall(request: FastifyRequest, outcome: TcecOutcome): void {
  const tcec = { interface: outcome.interfaceName, operatorId: outcome.operatorId, ret: outcome.ret, code: outcome.code };
  if (outcome.ret === Ret.Ok) request.log.info({ tcec }, 'T/CEC call');
  else if (outcome.ret === Ret.SystemError || outcome.ret === Ret.Busy) request.log.error({ tcec, err: outcome.error }, 'T/CEC call failed');
  else request.log.warn({ tcec, reason: outcome.envelope.Msg }, 'T/CEC call refused');
}

