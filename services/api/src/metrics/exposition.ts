/** Prometheus text exposition for figures that arrive as plain numbers (the central system's stats). */

export type Labels = Record<string, string>;

export interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter' | 'histogram';
  samples: Array<{ suffix?: string; labels?: Labels; value: number }>;
}

const escapeLabel = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function labelText(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length ? `{${entries.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}` : '';
}

function numberText(v: number): string {
  return Number.isFinite(v) ? String(v) : v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';
}

export function renderFamilies(families: Family[]): string {
  return families
    .map((f) =>
      [
        `# HELP ${f.name} ${escapeHelp(f.help)}`,
        `# TYPE ${f.name} ${f.type}`,
        ...f.samples.map((s) => `${f.name}${s.suffix ?? ''}${labelText(s.labels)} ${numberText(s.value)}`),
      ].join('\n'),
    )
    .join('\n')
    .concat(families.length ? '\n' : '');
}
