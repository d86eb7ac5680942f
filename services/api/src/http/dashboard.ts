/**
 * Serves the dashboard (services/dashboard, built by Vite) at `/`. Hashed assets are cached for good,
 * the page itself never, so a deployment shows the new build at the next load. When the build is
 * missing the page says how to make it rather than answering 404.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { dashboardRoot } from '@pilewatch/dashboard';

// Scripts and data only from this origin; map tiles (an optional setting) may come from anywhere.
const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src * data: blob:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const notBuilt = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>pilewatch</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>pilewatch</h1><p>监管平台页面尚未构建。The dashboard has not been built yet:</p>
<pre>npm run build -w @pilewatch/dashboard</pre><p>The API is up: <a href="/docs">/docs</a>, <a href="/openapi.json">/openapi.json</a>.</p>`;

export async function registerDashboard(app: FastifyInstance, root: string = dashboardRoot): Promise<void> {
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(notBuilt));
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: ['index.html'],
    // Unknown paths fall through to the API's JSON 404.
    wildcard: true,
    // Our own cache-control below, per file kind.
    cacheControl: false,
    setHeaders(res, path) {
      res.setHeader('content-security-policy', contentSecurityPolicy);
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
