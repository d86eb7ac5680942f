import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDashboard } from './dashboard.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-dashboard-'));
  await mkdir(join(dir, 'built', 'assets'), { recursive: true });
  await writeFile(join(dir, 'built', 'index.html'), '<!doctype html><title>pilewatch</title>');
  await writeFile(join(dir, 'built', 'assets', 'main-abc123.js'), 'console.log(1)');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function server(root: string) {
  const app = Fastify();
  app.setNotFoundHandler((_request, reply) => reply.status(404).send({ error: { code: 'PW_API_NOT_FOUND' } }));
  await registerDashboard(app, root);
  app.get('/api/v1/me', async () => ({ me: true }));
  return app;
}

describe('the dashboard files', () => {
  it('serves the page at / never cached, and hashed assets cached for good, both under a content security policy', async () => {
    const app = await server(join(dir, 'built'));
    const page = await app.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const asset = await app.inject('/assets/main-abc123.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await app.close();
  });

  it('leaves API routes alone and lets unknown paths reach the JSON 404', async () => {
    const app = await server(join(dir, 'built'));
    expect((await app.inject('/api/v1/me')).json()).toEqual({ me: true });
    const missing = await app.inject('/api/v1/nothing-here');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: { code: 'PW_API_NOT_FOUND' } });
    await app.close();
  });

  it('says how to build the dashboard when it has not been built', async () => {
    const app = await server(join(dir, 'not-built'));
    const page = await app.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('npm run build -w @pilewatch/dashboard');
    await app.close();
  });
});
