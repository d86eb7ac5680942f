/** Pages are addressed by the URL fragment (`#/chargers/XZ-140902-0001`), so links and reloads keep the place. */

export interface Route {
  name: string;
  params: Record<string, string>;
}

const patterns: Array<[string, RegExp, string[]]> = [
  ['overview', /^\/?$/, []],
  ['login', /^\/login$/, []],
  ['counties', /^\/counties$/, []],
  ['county', /^\/counties\/([^/]+)$/, ['code']],
  ['station', /^\/stations\/([^/]+)$/, ['id']],
  ['charger', /^\/chargers\/([^/]+)$/, ['id']],
  ['alerts', /^\/alerts$/, []],
  ['plan', /^\/plan$/, []],
  ['report', /^\/reports\/(\d{4}-\d{2})$/, ['month']],
  ['settings', /^\/settings$/, []],
];

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  for (const [name, re, keys] of patterns) {
    const m = re.exec(path);
    if (m) return { name, params: Object.fromEntries(keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)])) };
  }
  return { name: 'notFound', params: {} };
}

export const link = {
  overview: () => '#/',
  counties: () => '#/counties',
  county: (code: string | null) => `#/counties/${encodeURIComponent(code ?? 'none')}`,
  station: (id: string) => `#/stations/${encodeURIComponent(id)}`,
  charger: (id: string) => `#/chargers/${encodeURIComponent(id)}`,
  alerts: () => '#/alerts',
  plan: () => '#/plan',
  report: (month: string) => `#/reports/${month}`,
  settings: () => '#/settings',
  login: () => '#/login',
};
