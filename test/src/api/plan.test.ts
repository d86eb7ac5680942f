/**
 * The plan tracker through the API (issue #7): divisions imported from CSV, EV counts entered by the city,
 * plan progress from the registry, and monthly reports read as JSON and CSV or asked for on demand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthlyReportQueue, saveMonthlyReport } from '@pilewatch/store';
import { json, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const csv = (text: string, replace = false) =>
  h.api.inject({
    method: 'POST',
    url: `/api/v1/divisions/import${replace ? '?replace=true' : ''}`,
    headers: { ...h.auth('admin'), 'content-type': 'text/csv' },
    payload: text,
  });
const get = (url: string, who: Parameters<Harness['auth']>[0] = 'regulator') => h.api.inject({ method: 'GET', url, headers: h.auth(who) });

// Wutai County (140922) and Xinfu District (140902): the harness's two stations lie in them.
const divisionsFile = [
  '区划代码,名称,纬度,经度,类型',
  '140902001,长征街道,38.416,112.734,城市核心区',
  '140922100,台城镇,38.725,113.253,',
  '140922100201,"台城村",38.73,113.25,',
  // About 60 km from either station: beyond 2025's 10 km and even 2023's 50 km.
  '140922200,石咀乡,39.2,113.6,',
].join('\r\n');

describe('administrative divisions', () => {
  it('imports a CSV file sent as text/csv, larger than the JSON body limit', async () => {
    const big = ['code,name,lat,lon', ...Array.from({ length: 2000 }, (_, i) => `140923${String(100000 + i).slice(1)}1,某某某某村${i},38.9,112.9`)].join('\n');
    expect(big.length).toBeGreaterThan(64 * 1024);
    const res = await csv(big);
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toEqual({ townships: 0, villages: 2000, removed: 0 });
  });

  it('replaces the table with the file when asked', async () => {
    const res = await csv(divisionsFile, true);
    expect(json(res)).toEqual({ townships: 3, villages: 1, removed: 2000 });
    const list = json<{ items: Array<{ code: string; level: string; kind: string }> }>(await get('/api/v1/divisions?countyCode=140922'));
    expect(list.items.map((d) => [d.code, d.level])).toEqual([
      ['140922100', 'township'],
      ['140922100201', 'village'],
      ['140922200', 'township'],
    ]);
    const counties = json<{ items: Array<{ code: string | null; townships: number; villages: number }> }>(await get('/api/v1/divisions/counties'));
    expect(counties.items).toHaveLength(15);
    expect(counties.items.find((c) => c.code === '140922')).toMatchObject({ townships: 2, villages: 1 });
  });

  it('refuses a file with a bad row as a whole, naming the line', async () => {
    const res = await csv('code,name,lat,lon\n140922300,好乡,38.7,113.2\n140922,坏县,38.7,113.2\n');
    expect(res.statusCode).toBe(400);
    expect(json(res)).toMatchObject({ error: { code: 'PW_API_VALIDATION', message: expect.stringContaining('line 3: code "140922"') } });
    expect(json<{ items: unknown[] }>(await get('/api/v1/divisions')).items).toHaveLength(4);
  });

  it('refuses a JSON body: the file is sent as CSV', async () => {
    const res = await h.api.inject({ method: 'POST', url: '/api/v1/divisions/import', headers: h.auth('admin'), payload: { csv: divisionsFile } });
    expect(res.statusCode).toBe(400);
    expect(json(res)).toMatchObject({ error: { code: 'PW_API_VALIDATION', message: expect.stringContaining('text/csv') } });
  });
});

describe('registered EV counts', () => {
  it('are entered per county and day by the city, and corrected by entering the same day again', async () => {
    const put = (county: string, day: string, evs: number) =>
      h.api.inject({ method: 'PUT', url: `/api/v1/evs/${county}/${day}`, headers: h.auth('admin'), payload: { evs } });
    expect((await put('140902', '2025-06-30', 800)).statusCode).toBe(200);
    const corrected = await put('140902', '2025-06-30', 900);
    expect(json(corrected)).toMatchObject({ countyCode: '140902', asOf: '2025-06-30', evs: 900, enteredBy: 'test admin' });
    expect((await put('140922', '2025-06-30', 100)).statusCode).toBe(200);
    expect(json<{ items: unknown[] }>(await get('/api/v1/evs')).items).toHaveLength(2);
  });

  it("refuses a code that is not one of the city's counties", async () => {
    const res = await h.api.inject({ method: 'PUT', url: '/api/v1/evs/110101/2025-06-30', headers: h.auth('admin'), payload: { evs: 1 } });
    expect(res.statusCode).toBe(400);
    expect(json(res)).toMatchObject({ error: { message: expect.stringContaining("params.countyCode: must be one of the city's county codes") } });
  });
});

describe('plan progress', () => {
  type Answer = {
    progress: {
      year: number;
      cutoff: string;
      city: { publicPiles: { actual: number; target: number } };
      areas: Array<{ code: string | null; year: { actual: number; target: number }; publicPiles: number }>;
      pileToEvRatio: { registeredEvs: number | null; evsPerPile: number | null; byCounty: Array<{ countyCode: string; evsPerPile: number | null }> };
      coverage: { townships: { actual: number } };
      chargingDistance: { places: number; overLimit: Array<{ placeId: string; km: number }> } | null;
    };
    registeredEvs: Array<{ countyCode: string }>;
    divisions: { townships: number; villages: number; withCoordinates: number };
  };

  it('counts piles by county against Annex 1 from their commissioning time', async () => {
    const commission = await h.api.inject({
      method: 'PUT',
      url: '/api/v1/plan/piles',
      headers: h.auth('admin'),
      payload: { piles: [{ chargerId: 'CP-A', commissionedAt: '2025-03-15T10:00:00+08:00' }] },
    });
    expect(commission.statusCode, commission.body).toBe(200);
    const answer = json<Answer>(await get('/api/v1/plan/progress?year=2025&asOf=2025-07-01T00:00:00%2B08:00'));
    const xinfu = answer.progress.areas.find((a) => a.code === '140902')!;
    const wutai = answer.progress.areas.find((a) => a.code === '140922')!;
    expect(xinfu).toMatchObject({ year: { actual: 1 }, publicPiles: 1 });
    // CP-B has no commissioning time: it predates the plan, counted in totals but never as new.
    expect(wutai).toMatchObject({ year: { actual: 0 }, publicPiles: 1 });
    expect(answer.progress.city.publicPiles).toMatchObject({ actual: 2, target: 6000 });
    expect(answer.progress.cutoff).toBe('2025-06-30T16:00:00.000Z');
    // Before its commissioning it was not in service yet.
    const before = json<Answer>(await get('/api/v1/plan/progress?year=2025&asOf=2025-03-01T00:00:00%2B08:00'));
    expect(before.progress.areas.find((a) => a.code === '140902')!.publicPiles).toBe(0);
  });

  it('divides the EVs the city entered by the public piles, city-wide and per county', async () => {
    const { progress, registeredEvs } = json<Answer>(await get('/api/v1/plan/progress?year=2025&asOf=2025-07-01T00:00:00%2B08:00'));
    expect(registeredEvs.map((e) => e.countyCode)).toEqual(['140902', '140922']);
    expect(progress.pileToEvRatio).toMatchObject({ registeredEvs: 1000, evsPerPile: 500 });
    expect(progress.pileToEvRatio.byCounty).toEqual([
      expect.objectContaining({ countyCode: '140902', evsPerPile: 900 }),
      expect.objectContaining({ countyCode: '140922', evsPerPile: 100 }),
    ]);
    // Entered for 30 June: a cutoff before that day has no count.
    const early = json<Answer>(await get('/api/v1/plan/progress?year=2025&asOf=2025-06-30T00:00:00%2B08:00'));
    expect(early.progress.pileToEvRatio.registeredEvs).toBeNull();
  });

  it('measures charging distance from the imported places to the nearest public station with coordinates', async () => {
    const place = (id: string, lat: number, lon: number) =>
      h.api.inject({ method: 'PATCH', url: `/api/v1/stations/${id}`, headers: h.auth('admin'), payload: { lat, lon, township: id === 'st-a' ? '长征街道' : '台城镇' } });
    await place('st-a', 38.417, 112.735);
    await place('st-b', 38.726, 113.252);
    const { progress, divisions } = json<Answer>(await get('/api/v1/plan/progress?year=2025'));
    expect(divisions).toEqual({ townships: 3, villages: 1, withCoordinates: 4 });
    expect(progress.chargingDistance!.places).toBe(4);
    expect(progress.chargingDistance!.overLimit.map((p) => p.placeId)).toEqual(['140922200']);
    expect(progress.chargingDistance!.overLimit[0]!.km).toBeGreaterThan(50);
    expect(progress.coverage.townships.actual).toBe(2);
    const uncovered = json<{ items: Array<{ code: string }>; total: number }>(await get('/api/v1/divisions/uncovered'));
    expect(uncovered.items.map((d) => d.code)).toEqual(['140922100201', '140922200']);
  });

  it("shows an operator its own fleet's contribution only", async () => {
    const { progress } = json<Answer>(await get('/api/v1/plan/progress?year=2025', 'operator'));
    expect(progress.city.publicPiles.actual).toBe(1);
    expect(progress.areas.find((a) => a.code === '140922')!.publicPiles).toBe(0);
  });

  it('marks a station as serving the Mount Wutai Scenic Area, so its piles count there', async () => {
    const res = await h.api.inject({ method: 'PATCH', url: '/api/v1/plan/stations/st-b', headers: h.auth('admin'), payload: { planAreaId: 'wutaishan-scenic-area' } });
    expect(res.statusCode, res.body).toBe(204);
    const { progress } = json<Answer>(await get('/api/v1/plan/progress?year=2025'));
    expect(progress.areas.find((a) => a.code === '140922')!.publicPiles).toBe(0);
    expect(progress.areas.find((a) => a.code === null)!.publicPiles).toBe(1);
    const bad = await h.api.inject({ method: 'PATCH', url: '/api/v1/plan/stations/st-b', headers: h.auth('admin'), payload: { planAreaId: 'atlantis' } });
    expect(bad.statusCode).toBe(400);
  });

  it('changes no commissioning time when any listed pile is unknown', async () => {
    const res = await h.api.inject({
      method: 'PUT',
      url: '/api/v1/plan/piles',
      headers: h.auth('admin'),
      payload: { piles: [{ chargerId: 'CP-B', commissionedAt: '2024-01-01T00:00:00+08:00' }, { chargerId: 'CP-NOWHERE', commissionedAt: null }] },
    });
    expect(res.statusCode).toBe(404);
    const { progress } = json<Answer>(await get('/api/v1/plan/progress?year=2024'));
    expect(progress.areas.every((a) => a.year.actual === 0)).toBe(true);
  });
});

describe('monthly reports', () => {
  it('queues an on-demand report for the worker, and refuses a month that has not begun', async () => {
    const res = await h.api.inject({ method: 'POST', url: '/api/v1/reports/monthly/2025-03', headers: h.auth('admin') });
    expect(res.statusCode).toBe(202);
    expect(json(res)).toMatchObject({ month: '2025-03', jobId: expect.stringContaining('monthly-report-2025-03') });
    expect((await h.bus.queue(monthlyReportQueue).counts()).waiting).toBe(1);
    const future = await h.api.inject({ method: 'POST', url: '/api/v1/reports/monthly/2999-01', headers: h.auth('admin') });
    expect(future.statusCode).toBe(400);
  });

  it('reads a stored report as JSON, and as CSV with a byte-order mark and a file name', async () => {
    expect((await get('/api/v1/reports/monthly/2025-04')).statusCode).toBe(404);
    await saveMonthlyReport(h.db, {
      month: '2025-04',
      generatedAt: new Date('2025-05-01T02:00:00+08:00'),
      trigger: 'schedule',
      requestedBy: null,
      report: { month: '2025-04', window: { from: '2025-03-31T16:00:00.000Z', to: '2025-04-30T16:00:00.000Z' }, dueBy: '2025-05-03', counties: [] },
      csv: '区县,新增桩\n忻府区,3\n',
    });
    const report = await get('/api/v1/reports/monthly/2025-04');
    expect(json(report)).toMatchObject({ month: '2025-04', trigger: 'schedule', report: { dueBy: '2025-05-03' } });
    const file = await get('/api/v1/reports/monthly/2025-04/csv');
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(file.headers['content-disposition']).toBe('attachment; filename="pilewatch-monthly-report-2025-04.csv"');
    expect(file.body).toBe('\uFEFF区县,新增桩\n忻府区,3\n');
    expect(json<{ items: Array<{ month: string }> }>(await get('/api/v1/reports/monthly')).items.map((r) => r.month)).toEqual(['2025-04']);
  });
});
