import { describe, expect, it } from 'vitest';
import { openResponse, sealRequest } from './codec.js';
import { decryptData } from './crypto.js';
import { createSeqGenerator } from './envelope.js';
import { createTcecEndpoint, type TcecHandlers } from './endpoint.js';
import { queryTokenResponseSchema } from './interfaces.js';
import { type PartnerInput, parsePartners } from './partners.js';
import { createMemoryReplayGuard } from './replay-guard.js';
import { createMemoryTokenStore } from './tokens.js';

const link = (tag: string) => ({
  operatorSecret: `${tag}-operator-secret`,
  dataSecret: `${tag}-data-secret-`.slice(0, 16).padEnd(16, 'x'),
  dataSecretIv: `${tag}-iv`.padEnd(16, 'y'),
  sigSecret: `${tag}-sig-secret`,
});
const province: PartnerInput = {
  name: 'province',
  operatorId: 'MA0SX0001',
  inbound: { ...link('province'), interfaces: ['query_station_status', 'query_stations_info'] },
  spelling: { StationStatusInfos: 'StationStatusInfo' },
};
const city: PartnerInput = { name: 'city', operatorId: 'MA0XZ0009', inbound: { ...link('city'), interfaces: ['query_station_status'] } };
const partners = parsePartners([province, city]);

const handlers: TcecHandlers = {
  query_station_status: ({ StationIDs }) => ({
    StationStatusInfos: StationIDs.map((StationID) => ({ StationID, ConnectorStatusInfos: [{ ConnectorID: `${StationID}011`, Status: 1 as const }] })),
  }),
};

function setup(extraHandlers: TcecHandlers = {}) {
  const now = new Date('2024-05-01T02:00:00Z');
  const endpoint = createTcecEndpoint({
    partners,
    replayGuard: createMemoryReplayGuard(),
    tokens: createMemoryTokenStore(),
    handlers: { ...handlers, ...extraHandlers },
    now: () => now,
  });
  const seq = createSeqGenerator();
  const secretsOf = (p: PartnerInput) => ({ dataSecret: p.inbound!.dataSecret, dataSecretIv: p.inbound!.dataSecretIv, sigSecret: p.inbound!.sigSecret });
  const body = (p: PartnerInput, data: unknown) => sealRequest(p.operatorId, data, secretsOf(p), seq.next(now));
  const token = async (p: PartnerInput) => {
    const outcome = await endpoint({
      interfaceName: 'query_token',
      body: body(p, { OperatorID: p.operatorId, OperatorSecret: p.inbound!.operatorSecret }),
    });
    const opened = openResponse(outcome.envelope, secretsOf(p), { schema: queryTokenResponseSchema });
    if (!opened.ok) throw new Error(opened.msg);
    return `Bearer ${opened.data.AccessToken}`;
  };
  return { endpoint, body, token, secretsOf };
}

describe('the T/CEC endpoint', () => {
  it('issues a token, then answers with the handler’s data in the partner’s spelling', async () => {
    const { endpoint, body, token, secretsOf } = setup();
    const outcome = await endpoint({
      interfaceName: 'query_station_status',
      body: body(province, { StationIDs: ['S1'] }),
      authorization: await token(province),
    });
    expect(outcome).toMatchObject({ interfaceName: 'query_station_status', operatorId: 'MA0SX0001', ret: 0 });
    expect(JSON.parse(decryptData(outcome.envelope.Data, secretsOf(province)))).toEqual({
      StationStatusInfo: [{ StationID: 'S1', ConnectorStatusInfos: [{ ConnectorID: 'S1011', Status: 1 }] }],
    });
  });

  it('answers 4002 without a token, with a token of another partner, and before looking at the Data', async () => {
    const { endpoint, body, token, secretsOf } = setup();
    const cityToken = await token(city);
    for (const call of [
      { interfaceName: 'query_station_status', body: body(province, { StationIDs: ['S1'] }) },
      { interfaceName: 'query_station_status', body: body(province, { StationIDs: ['S1'] }), authorization: cityToken },
      { interfaceName: 'query_station_status', body: body(province, { StationIDs: [] }), authorization: 'Bearer forged' },
    ]) {
      const outcome = await endpoint(call);
      expect(outcome).toMatchObject({ ret: 4002, code: 'PW_TCEC_TOKEN_INVALID' });
      expect(openResponse(outcome.envelope, secretsOf(province))).toMatchObject({ ok: false, ret: 4002 });
    }
  });

  it('answers 4004 for Data that does not fit the interface', async () => {
    const { endpoint, body, token } = setup();
    const outcome = await endpoint({
      interfaceName: 'query_station_status',
      body: body(province, { StationIDs: [] }),
      authorization: await token(province),
    });
    expect(outcome).toMatchObject({ ret: 4004, code: 'PW_TCEC_DATA_INVALID' });
    expect(outcome.envelope.Msg).toContain('StationIDs');
  });

  it('answers 4004 for an interface that is unknown, not allowed to the partner, or not served', async () => {
    const { endpoint, body, token } = setup();
    const cityToken = await token(city);
    const provinceToken = await token(province);
    const cases = [
      { interfaceName: 'query_everything', body: body(city, {}), authorization: cityToken },
      { interfaceName: 'query_stations_info', body: body(city, {}), authorization: cityToken },
      { interfaceName: 'query_stations_info', body: body(province, {}), authorization: provinceToken },
    ];
    for (const call of cases) {
      expect(await endpoint(call)).toMatchObject({ ret: 4004, code: 'PW_TCEC_INTERFACE_NOT_ALLOWED' });
    }
  });

  it('answers 500 when a handler throws, and hands the error to the caller for its log', async () => {
    const boom = new Error('database is down');
    const { endpoint, body, token } = setup({
      query_station_status: () => {
        throw boom;
      },
    });
    const outcome = await endpoint({ interfaceName: 'query_station_status', body: body(province, { StationIDs: ['S1'] }), authorization: await token(province) });
    expect(outcome).toMatchObject({ ret: 500, code: 'PW_TCEC_HANDLER_FAILED', error: boom });
    expect(outcome.envelope).toMatchObject({ Ret: 500, Msg: 'system error', Data: '' });
  });

  it('passes the codec’s refusals through: unsigned for a stranger, signed for a partner, replays refused', async () => {
    const { endpoint, body, token } = setup();
    const stranger = await endpoint({ interfaceName: 'query_token', body: { ...body(province, {}), OperatorID: 'MA0NOBODY' } });
    expect(stranger).toMatchObject({ ret: 4003, code: 'PW_TCEC_UNKNOWN_OPERATOR', envelope: { Sig: '' } });

    const forged = await endpoint({ interfaceName: 'query_token', body: { ...body(province, {}), Sig: 'F'.repeat(32) } });
    expect(forged).toMatchObject({ ret: 4001, operatorId: 'MA0SX0001' });
    expect(forged.envelope.Sig).toMatch(/^[0-9A-F]{32}$/);

    const once = { interfaceName: 'query_station_status', body: body(province, { StationIDs: ['S1'] }), authorization: await token(province) };
    expect((await endpoint(once)).ret).toBe(0);
    expect(await endpoint(once)).toMatchObject({ ret: 4003, code: 'PW_TCEC_REPLAYED' });
  });

  it('refuses a token request with the wrong secret inside a successful envelope', async () => {
    const { endpoint, body, secretsOf } = setup();
    const outcome = await endpoint({ interfaceName: 'query_token', body: body(city, { OperatorID: 'MA0XZ0009', OperatorSecret: 'guess' }) });
    expect(outcome.ret).toBe(0);
    expect(openResponse(outcome.envelope, secretsOf(city))).toMatchObject({ ok: true, data: { SuccStat: 1, FailReason: 2 } });
  });
});
