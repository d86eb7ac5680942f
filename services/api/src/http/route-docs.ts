/** The route table as Markdown, for the README (a test keeps the two in sync). */
import type { Route } from './route.js';

export function routeTableMarkdown(routes: readonly Route[]): string {
  const rows = routes.map((r) => `| \`${r.method} ${r.url}\` | ${r.roles.join(', ')} | ${r.summary} |`);
  return ['| route | roles | what it does |', '|---|---|---|', ...rows].join('\n');
}
