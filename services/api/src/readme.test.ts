import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routeTableMarkdown } from './http/route-docs.js';
import { routeTable } from './routes/route-table.js';

describe('the README', () => {
  it('lists every route with its roles, as the route table declares them', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = /<!-- route-table:start -->\n([\s\S]*?)\n<!-- route-table:end -->/.exec(readme)?.[1];
    expect(section?.trim()).toBe(routeTableMarkdown(routeTable));
  });
});
