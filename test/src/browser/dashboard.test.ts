/**
 * The regulator's dashboard in a real browser (issue #7), against the real stack with a simulated fleet:
 * the overview loads with the fleet's figures; a fault injected through the simulator shows up as an
 * alert and on the map without a reload; acknowledging works; an operator sees only its own fleet; the
 * plan page's county table is what the API says. Each page is photographed into test-output/screenshots.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { VirtualCharger } from '@pilewatch/simulator';
import { buildDashboard, eventually, login, openBrowser, screenshot, startStack, type Browser, type Stack } from './harness.js';

const LONG = 120_000;
const chargers = 24;

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  await buildDashboard();
  stack = await startStack(chargers);
  browser = await openBrowser();
  // Every pile connected and reporting before the pages look.
  await eventually(async () => {
    const counts = await stack.api<{ city: { chargers: { online: number } } }>('/api/v1/status/counts');
    return counts.city.chargers.online === chargers;
  }, 'every simulated pile online', 60_000);
}, LONG);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
}, LONG);

const kpi = (page: Page, key: string) => page.locator(`[data-kpi="${key}"] .kpi-value`).innerText();
const fleet = () => stack.platform.fleet!;
const stationOf = (c: VirtualCharger) => c.spec.stationId;

describe('the dashboard', () => {
  it('serves the overview: counts, online rate, the map of every station with coordinates', async () => {
    const page = await browser.newPage();
    await login(page, stack.baseUrl, stack.tokens.regulator);
    await page.waitForSelector('#station-map canvas');
    expect(await kpi(page, 'total')).toBe(String(chargers));
    expect(await kpi(page, 'online')).toBe(String(chargers));
    expect(await kpi(page, 'onlineRate')).toBe('100.0%');
    const stations = await stack.api<{ items: Array<{ id: string; lat: number | null }> }>('/api/v1/stations?limit=500');
    const onMap = JSON.parse((await page.getAttribute('#station-map', 'data-worst'))!) as Record<string, string>;
    expect(Object.keys(onMap).sort()).toEqual(stations.items.filter((s) => s.lat !== null).map((s) => s.id).sort());
    expect(Object.values(onMap)).not.toContain('faulted');
    expect(await page.locator('#who').getAttribute('data-role')).toBe('regulator');
    await page.waitForSelector('#feed-state.feed-live');
    await screenshot(page, 'overview');
    await page.close();
  }, LONG);

  it('refuses an unknown token and a province token at the login, saying why', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await page.evaluate("localStorage.removeItem('pilewatch.token')");
    await page.reload();
    await page.fill('#token', 'pwt_not-a-real-token');
    await page.click('#login-submit');
    await page.waitForSelector('#login-error:has-text("令牌无效")');
    await page.fill('#token', stack.tokens.province);
    await page.click('#login-submit');
    await page.waitForSelector('#login-error:has-text("省级平台令牌")');
    expect(await page.locator('#who').count()).toBe(0);
    await screenshot(page, 'login');
    await page.close();
  }, LONG);

  describe('a fault injected through the simulator', () => {
    let faulty: VirtualCharger;
    let page: Page;

    beforeAll(async () => {
      faulty = fleet().chargers()[3]!;
      page = await browser.newPage();
      await login(page, stack.baseUrl, stack.tokens.regulator);
      await page.waitForSelector('#feed-state.feed-live');
    }, LONG);
    afterAll(() => page?.close());

    it('appears on the map and as an alert without reloading the page', async () => {
      // A reload would lose this.
      await page.evaluate(() => ((globalThis as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true));
      faulty.fault('emergencyStop', { durationMs: Infinity });
      const station = stationOf(faulty);
      await page.waitForSelector(`#faulted-stations li[data-station="${station}"]`, { timeout: 30_000 });
      const onMap = JSON.parse((await page.getAttribute('#station-map', 'data-worst'))!) as Record<string, string>;
      expect(onMap[station]).toBe('faulted');
      await page.waitForSelector(`#recent-alerts li:has-text("${faulty.id}")`, { timeout: 60_000 });
      expect(Number(await page.locator('#alert-severities [data-severity="1"] b').innerText())).toBeGreaterThanOrEqual(1);
      await eventually(async () => (await kpi(page, 'faulted')) === '1', 'the faulted count to follow');
      expect(await page.evaluate(() => (globalThis as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
      await screenshot(page, 'overview-fault');
    }, LONG);

    it('can be acknowledged with a note on the alerts page', async () => {
      await page.goto(`${stack.baseUrl}/#/alerts`);
      const row = page.locator(`#alerts-table tbody tr:has-text("${faulty.id}")`).first();
      await row.waitFor();
      expect(await row.locator('[data-state]').getAttribute('data-state')).toBe('open');
      await row.locator('button.ack').click();
      await page.fill('#ack-note', '已通知运维人员到场处理');
      await page.click('#ack-confirm');
      await page.waitForSelector(`#alerts-table tbody tr:has-text("${faulty.id}") [data-state="acknowledged"]`);
      const alerts = await stack.api<{ items: Array<{ status: string; acknowledgedBy: string; acknowledgementNote: string }> }>(
        `/api/v1/alerts?chargerId=${encodeURIComponent(faulty.id)}&status=acknowledged`,
      );
      expect(alerts.items[0]).toMatchObject({ acknowledgedBy: expect.stringContaining('市能源局'), acknowledgementNote: '已通知运维人员到场处理' });
      await screenshot(page, 'alerts');
    }, LONG);

    it("shows the charger's faulted connectors, and no commands to a regulator", async () => {
      await page.goto(`${stack.baseUrl}/#/chargers/${encodeURIComponent(faulty.id)}`);
      await page.waitForSelector('#connectors .connector');
      const statuses = await page.locator('#connectors .connector').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['faulted']));
      expect(await page.locator('#commands').count()).toBe(0);
      await screenshot(page, 'charger');
    }, LONG);
  });

  it('shows an operator only its own fleet, and lets it command its own charger', async () => {
    const operatorId = fleet().chargers()[0]!.spec.operatorId;
    const own = fleet().chargers().filter((c) => c.spec.operatorId === operatorId);
    const other = fleet().chargers().find((c) => c.spec.operatorId !== operatorId)!;
    const page = await browser.newPage();
    await login(page, stack.baseUrl, await stack.operatorToken(operatorId));
    await page.waitForSelector('#station-map canvas');
    expect(await page.locator('#who').getAttribute('data-role')).toBe('operator');
    expect(await kpi(page, 'total')).toBe(String(own.length));
    const onMap = Object.keys(JSON.parse((await page.getAttribute('#station-map', 'data-worst'))!) as Record<string, string>);
    expect(onMap.sort()).toEqual([...new Set(own.map(stationOf))].sort());
    await screenshot(page, 'operator-overview');

    await page.goto(`${stack.baseUrl}/#/alerts`);
    await page.waitForSelector('#filter-severity');
    expect(await page.locator('#filter-operator').count()).toBe(0);

    await page.goto(`${stack.baseUrl}/#/chargers/${encodeURIComponent(own[0]!.id)}`);
    await page.waitForSelector('#commands');
    await page.click('#commands button:has-text("召唤状态")');
    await page.waitForSelector('#command-result:has-text("accepted")');

    await page.goto(`${stack.baseUrl}/#/chargers/${encodeURIComponent(other.id)}`);
    await page.waitForSelector('.card.error');
    expect(await page.locator('.card.error').innerText()).toContain(`charger ${other.id} not found`);
    await page.close();
  }, LONG);

  it("shows the plan's county table as the API computes it", async () => {
    // Half the fleet entered service this year, so the table has something to say.
    const piles = fleet()
      .chargers()
      .filter((_, i) => i % 2 === 0)
      .map((c) => ({ chargerId: c.id, commissionedAt: '2025-05-01T09:00:00+08:00' }));
    await stack.api('/api/v1/plan/piles', stack.tokens.admin, { method: 'PUT', body: JSON.stringify({ piles }) });
    const page = await browser.newPage();
    await login(page, stack.baseUrl, stack.tokens.regulator);
    await page.goto(`${stack.baseUrl}/#/plan`);
    await page.waitForSelector('#plan-counties tbody tr');
    const year = await page.locator('#plan-year').inputValue();
    const { progress } = await stack.api<{ progress: { areas: Array<{ areaId: string; year: { actual: number; target: number; percent: number; gap: number }; cumulative: { actual: number; target: number }; publicPiles: number }> } }>(
      `/api/v1/plan/progress?year=${year}`,
      stack.tokens.regulator,
    );
    const shown = await page.locator('#plan-counties tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({
        area: r.getAttribute('data-area'),
        ...Object.fromEntries([...r.querySelectorAll('td[data-field]')].map((td) => [td.getAttribute('data-field'), td.textContent])),
      })),
    );
    const fmt = (n: number) => n.toLocaleString('zh-CN');
    expect(shown).toEqual(
      progress.areas.map((a) => ({
        area: a.areaId,
        yearActual: fmt(a.year.actual),
        yearTarget: fmt(a.year.target),
        yearPercent: `${a.year.percent.toFixed(1)}%`,
        yearGap: fmt(a.year.gap),
        cumulativeActual: fmt(a.cumulative.actual),
        cumulativeTarget: fmt(a.cumulative.target),
        publicPiles: fmt(a.publicPiles),
      })),
    );
    expect(progress.areas.reduce((n, a) => n + a.year.actual, 0)).toBe(piles.length);
    await screenshot(page, 'plan');
    await page.close();
  }, LONG);

  it('prints the monthly report the worker made on demand', async () => {
    const month = '2025-05';
    await stack.api(`/api/v1/reports/monthly/${month}`, stack.tokens.admin, { method: 'POST' });
    await eventually(() => stack.api(`/api/v1/reports/monthly/${month}`).catch(() => undefined), 'the report to be made');
    const page = await browser.newPage();
    await login(page, stack.baseUrl, stack.tokens.regulator);
    await page.goto(`${stack.baseUrl}/#/plan`);
    await page.waitForSelector(`#reports-table tbody tr:has-text("${month}")`);
    await page.goto(`${stack.baseUrl}/#/reports/${month}`);
    await page.waitForSelector('#report-table tbody tr');
    // Fifteen Annex 1 areas and the city.
    expect(await page.locator('#report-table tbody tr').count()).toBe(16);
    expect(await page.locator('#report-table tbody tr').last().innerText()).toContain('忻州市');
    await screenshot(page, 'report');
    await page.close();
  }, LONG);

  it('switches to English and back, every label from the dictionary', async () => {
    const page = await browser.newPage();
    await login(page, stack.baseUrl, stack.tokens.regulator);
    await page.waitForSelector('#kpis');
    expect(await page.locator('header nav a').first().innerText()).toBe('总览');
    await page.click('#lang-switch');
    await page.waitForSelector('header nav a:has-text("Overview")');
    expect(await page.locator('[data-kpi="online"] .kpi-label').innerText()).toBe('Online');
    await page.waitForSelector('#station-map canvas');
    await screenshot(page, 'overview-en');
    await page.click('#lang-switch');
    await page.waitForSelector('header nav a:has-text("总览")');
    await page.close();
  }, LONG);

  it('lays map tiles under the points when a tile server is set, and needs none otherwise', async () => {
    // A stand-in tile server on this machine: every tile is one transparent pixel.
    const pixel = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
    const asked: string[] = [];
    const tiles = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png' }).end(pixel);
    });
    await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
    const port = (tiles.address() as AddressInfo).port;
    const page = await browser.newPage();
    try {
      await login(page, stack.baseUrl, stack.tokens.regulator);
      await page.waitForSelector('#station-map canvas');
      expect(asked).toEqual([]);
      await page.goto(`${stack.baseUrl}/#/settings`);
      await page.fill('#tile-url', `http://127.0.0.1:${port}/{z}/{x}/{y}.png`);
      await page.click('.settings button[type="submit"]');
      await page.goto(`${stack.baseUrl}/#/`);
      await page.waitForSelector('#station-map canvas');
      await eventually(async () => asked.length > 0, 'the map to ask for tiles');
      expect(asked.every((url) => /^\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);
      await page.goto(`${stack.baseUrl}/#/settings`);
      await page.fill('#tile-url', '');
      await page.click('.settings button[type="submit"]');
    } finally {
      await page.close();
      await new Promise((resolve) => tiles.close(resolve));
    }
  }, LONG);
});
