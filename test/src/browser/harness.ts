/**
 * The real stack for browser tests: the whole platform in one process (PostgreSQL, in-process bus,
 * central system, worker, API serving the freshly built dashboard) with a simulated Xinzhou fleet
 * connected over OCPP, and Debian's Chromium driven by playwright-core with a fresh profile. Never a
 * downloaded browser.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createToken, type Role } from '@pilewatch/api';
import { loadConfig } from '@pilewatch/config';
import { createTestDatabase, type TestDatabase } from '@pilewatch/store/testing';
import { startPlatform, type Platform } from 'pilewatch';

const root = fileURLToPath(new URL('../../..', import.meta.url));
export const screenshotDir = join(root, 'test-output', 'screenshots');

export const chromiumPath = process.env.PILEWATCH_CHROMIUM ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Builds the dashboard the API serves, so the test sees the code as it is now. */
export async function buildDashboard(): Promise<void> {
  await promisify(execFile)('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: join(root, 'services', 'dashboard') });
}

/**
 * A calm day: drivers arrive (so some piles charge), but no random faults, drops, clock skew or chaos —
 * every fault in a test is one the test injected.
 */
const calmScenario = {
  name: 'browser-test',
  description: 'drivers but no random incidents',
  start: 'now',
  speed: 1,
  meterIntervalS: 20,
  demand: { multiplier: 3 },
  faults: { perChargerPerDay: 0, durationS: [600, 600], overheatShareOfDcSessions: 0 },
  connectivity: { dropsPerChargerPerDay: 0, powerLossShare: 0, outageS: [20, 20] },
  clock: { skewedShare: 0, skewS: [0, 0] },
  meterResetsPerChargerPerDay: 0,
  chaosFramesPerChargerPerHour: 0,
};

export interface Stack {
  platform: Platform;
  baseUrl: string;
  tokens: Record<Exclude<Role, 'province'> | 'province', string>;
  /** An operator token per operator id, made on demand. */
  operatorToken(operatorId: string): Promise<string>;
  api<T = unknown>(path: string, token?: string, init?: RequestInit): Promise<T>;
  close(): Promise<void>;
}

export async function startStack(chargers: number): Promise<Stack> {
  const server: TestDatabase = await createTestDatabase('pw_browser');
  const dir = await mkdtemp(join(tmpdir(), 'pw-browser-'));
  const scenarioFile = join(dir, 'calm.json');
  await writeFile(scenarioFile, JSON.stringify(calmScenario));
  const config = loadConfig({
    DATABASE_URL: server.url,
    PILEWATCH_OCPP_PORT: '0',
    PILEWATCH_API_PORT: '0',
    PILEWATCH_API_HOST: '127.0.0.1',
    PILEWATCH_OCPP_HOST: '127.0.0.1',
    PILEWATCH_LOG_LEVEL: 'silent',
  });
  const platform = await startPlatform({ config, log: pino({ level: 'silent' }), simulate: { chargers, seed: 'browser-test', scenario: scenarioFile } });
  const tokens = {
    admin: (await createToken(platform.db, { role: 'admin', name: '市能源局管理员' })).token,
    regulator: (await createToken(platform.db, { role: 'regulator', name: '市能源局' })).token,
    province: (await createToken(platform.db, { role: 'province', name: '省级平台' })).token,
    operator: '',
  };
  const api = async <T>(path: string, token = tokens.admin, init: RequestInit = {}): Promise<T> => {
    const headers = { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers };
    const res = await fetch(platform.apiUrl + path, { ...init, headers });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    platform,
    baseUrl: platform.apiUrl,
    tokens,
    operatorToken: async (operatorId) => (await createToken(platform.db, { role: 'operator', operatorId, name: `${operatorId} 运营` })).token,
    api,
    async close() {
      await platform.close();
      await server.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's Chromium with a fresh profile directory. */
export async function openBrowser(): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'pw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1440, height: 1000 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Logs in through the login form, as a person would (after forgetting whoever this browser remembered). */
export async function login(page: Page, baseUrl: string, token: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.evaluate("localStorage.removeItem('pilewatch.token')");
  await page.reload();
  await page.fill('#token', token);
  await page.click('#login-submit');
  await page.waitForSelector('#who');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = join(screenshotDir, `${name}.png`);
  await mkdir(dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Polls `probe` until it returns a value (or throws after `ms`): for state reached through the network. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
