/**
 * The client against a real HTTP platform: a small node:http server in this file that serves
 * query_token and query_station_status through this package's endpoint — the same pieces the API mounts.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTcecClient, type TcecClientOptions } from './client.js';
import { createTcecEndpoint } from './endpoint.js';
import { TcecError } from './errors.js';
import { type ConnectorLiveRow, toStationStatusInfo } from './mapping.js';
import { parsePartners } from './partners.js';
import { createMemoryReplayGuard } from './replay-guard.js';
import { createMemoryTokenStore } from './tokens.js';

const secrets = {
  operatorSecret: 'province-operator-secret',
  dataSecret: 'a1b2c3d4e5f6g7h8',
  dataSecretIv: 'h8g7f6e5d4c3b2a1',
  sigSecret: 'province-sig-secret',
};

const partners = parsePartners([
  { name: 'province', operatorId: 'MA0SX0001', inbound: { ...secrets, interfaces: ['query_station_status'] } },
]);

const live: Record<string, ConnectorLiveRow[]> = {
  'XZ-WT-0001': [
    { chargerId: 'XZWT0001A', evseId: 1, connectorId: 1, status: 'Charging', online: true },
    { chargerId: 'XZWT0001A', evseId: 2, connectorId: 1, status: 'Available', online: true },
  ],
};

interface Platform {
  server: Server;
  baseUrl: string;
  /** Interface names in the order they arrived. */
  calls: string[];
  tokens: ReturnType<typeof createMemoryTokenStore>;
  /** When set, no token is recognised, as on a platform whose token store is broken. */
  refuseEveryToken: boolean;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function startPlatform(): Promise<Platform> {
  const tokens = createMemoryTokenStore();
  const platform = { calls: [] as string[], tokens, refuseEveryToken: false } as Platform;
  const endpoint = createTcecEndpoint({
    partners,
    replayGuard: createMemoryReplayGuard(),
    tokens: {
      save: (...args) => tokens.save(...args),
      lookup: (token, now) => (platform.refuseEveryToken ? undefined : tokens.lookup(token, now)),
    },
    handlers: {
      query_station_status: ({ StationIDs }) => {
        const infos = StationIDs.filter((id) => live[id]).map((id) => toStationStatusInfo(id, live[id]!));
        return { Total: infos.length, StationStatusInfos: infos };
      },
    },
  });

  platform.server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      if (req.url?.startsWith('/broken/')) {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html>502 Bad Gateway</html>');
        return;
      }
      const interfaceName = req.url?.split('/').pop() ?? '';
      platform.calls.push(interfaceName);
      const { envelope } = await endpoint({ interfaceName, body, authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(envelope));
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => platform.server.listen(0, '127.0.0.1', resolve));
  platform.baseUrl = `http://127.0.0.1:${(platform.server.address() as AddressInfo).port}/evcs/v1/`;
  return platform;
}

let platform: Platform;
beforeAll(async () => {
  platform = await startPlatform();
});
afterAll(() => new Promise<void>((resolve) => platform.server.close(() => resolve())));
beforeEach(() => {
  platform.calls.length = 0;
  platform.tokens.clear();
  platform.refuseEveryToken = false;
});

function client(overrides: Partial<TcecClientOptions> = {}) {
  return createTcecClient({
    baseUrl: platform.baseUrl,
    ours: { operatorId: 'MA0SX0001', operatorSecret: secrets.operatorSecret },
    theirs: { dataSecret: secrets.dataSecret, dataSecretIv: secrets.dataSecretIv, sigSecret: secrets.sigSecret },
    ...overrides,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<TcecError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof TcecError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('the T/CEC client', () => {
  it('gets a token, then calls an interface with it as a Bearer token', async () => {
    const answer = await client().call('query_station_status', { StationIDs: ['XZ-WT-0001', 'NO-SUCH'] });
    expect(answer).toEqual({
      Total: 1,
      StationStatusInfos: [
        {
          StationID: 'XZ-WT-0001',
          ConnectorStatusInfos: [
            { ConnectorID: 'XZWT0001A011', Status: 3 },
            { ConnectorID: 'XZWT0001A021', Status: 1 },
          ],
        },
      ],
    });
    expect(platform.calls).toEqual(['query_token', 'query_station_status']);
  });

  it('keeps the token for later calls, and concurrent first calls share one query_token', async () => {
    const c = client();
    await Promise.all([1, 2, 3].map(() => c.call('query_station_status', { StationIDs: ['XZ-WT-0001'] })));
    await c.call('query_station_status', { StationIDs: ['XZ-WT-0001'] });
    expect(platform.calls.filter((n) => n === 'query_token')).toHaveLength(1);
    expect(platform.calls.filter((n) => n === 'query_station_status')).toHaveLength(4);
  });

  it('on Ret 4002 fetches a new token and retries the call once', async () => {
    const c = client();
    await c.call('query_station_status', { StationIDs: ['XZ-WT-0001'] });
    // The platform restarts and forgets every token it issued.
    platform.tokens.clear();
    const answer = await c.call('query_station_status', { StationIDs: ['XZ-WT-0001'] });
    expect(answer.StationStatusInfos).toHaveLength(1);
    expect(platform.calls).toEqual(['query_token', 'query_station_status', 'query_station_status', 'query_token', 'query_station_status']);
  });

  it('gives up with the 4002 when the fresh token is refused as well', async () => {
    platform.refuseEveryToken = true;
    const err = await failureOf(client().call('query_station_status', { StationIDs: ['XZ-WT-0001'] }));
    expect(err.code).toBe('PW_TCEC_REMOTE_FAILURE');
    expect(err.details).toMatchObject({ interface: 'query_station_status', ret: 4002, retryable: false });
    expect(platform.calls).toEqual(['query_token', 'query_station_status', 'query_token', 'query_station_status']);
  });

  it('reports a refused token request with its FailReason', async () => {
    const err = await failureOf(client({ ours: { operatorId: 'MA0SX0001', operatorSecret: 'wrong' } }).queryToken());
    expect(err.code).toBe('PW_TCEC_TOKEN_REFUSED');
    expect(err.details).toEqual({ failReason: 2 });
  });

  it('returns the token answer from queryToken', async () => {
    const token = await client().queryToken();
    expect(token).toMatchObject({ OperatorID: 'MA0SX0001', SuccStat: 0, TokenAvailableTime: 7200, FailReason: 0 });
  });

  it("reports a platform's answer it cannot verify, keeping the platform's Ret", async () => {
    const c = client({ theirs: { dataSecret: secrets.dataSecret, dataSecretIv: secrets.dataSecretIv, sigSecret: 'not-the-agreed-one' } });
    const err = await failureOf(c.queryToken());
    expect(err.code).toBe('PW_TCEC_RESPONSE_SIGNATURE_INVALID');
    expect(err.details).toMatchObject({ ret: 4001, interface: 'query_token' });
  });

  it('refuses to send Data the interface would reject, without calling the platform', async () => {
    const err = await failureOf(client().call('query_station_status', { StationIDs: [] }));
    expect(err.code).toBe('PW_TCEC_DATA_INVALID');
    expect(platform.calls).toEqual([]);
  });

  it('passes a platform refusal through as a coded failure', async () => {
    const err = await failureOf(client().call('query_stations_info', {}));
    expect(err.details).toMatchObject({ interface: 'query_stations_info', ret: 4004 });
    expect(err.message).toBe('query_stations_info answered Ret 4004: interface query_stations_info is not available to MA0SX0001');
  });

  it('reports an HTTP error that carries no envelope', async () => {
    const err = await failureOf(client({ baseUrl: platform.baseUrl.replace('/evcs/', '/broken/') }).queryToken());
    expect(err.code).toBe('PW_TCEC_HTTP_ERROR');
    expect(err.details).toMatchObject({ status: 502 });
  });

  it('reports a platform that cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await failureOf(client({ baseUrl: `http://127.0.0.1:${port}/evcs/v1` }).queryToken());
    expect(err.code).toBe('PW_TCEC_UNREACHABLE');
  });

  it('uses the fetch it is given', async () => {
    const urls: string[] = [];
    const fetchSpy: typeof fetch = (input, init) => {
      urls.push(String(input));
      return fetch(input, init);
    };
    await client({ fetch: fetchSpy }).queryToken();
    expect(urls).toEqual([`${platform.baseUrl}query_token`]);
  });
});
