/**
 * The administrative divisions file an admin imports (docs/plan.md): CSV (RFC 4180 quoting, UTF-8, an
 * optional byte-order mark as spreadsheet programs write it), a header row naming the columns in any
 * order — English or Chinese names — and one township or village per row. Parsing is all or nothing:
 * every problem is reported with its line, and nothing is imported while there is one.
 */
import type { DivisionRecord, PlaceKind } from '@pilewatch/store';

export const placeKinds: readonly PlaceKind[] = ['general', 'urban_core', 'urban_edge'];

/** Column names accepted in the header (lower-cased, trimmed), by field. */
const columnNames: Record<'code' | 'name' | 'lat' | 'lon' | 'kind', readonly string[]> = {
  code: ['code', '区划代码', '代码', '统计用区划代码'],
  name: ['name', '名称', '名字'],
  lat: ['lat', 'latitude', '纬度'],
  lon: ['lon', 'lng', 'longitude', '经度'],
  kind: ['kind', '类型', '区域类型'],
};

const kindAliases: Record<string, PlaceKind> = {
  '': 'general',
  general: 'general',
  一般: 'general',
  urban_core: 'urban_core',
  城市核心区: 'urban_core',
  核心区: 'urban_core',
  urban_edge: 'urban_edge',
  城市边缘区: 'urban_edge',
  边缘区: 'urban_edge',
};

export interface CsvProblem {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  problem: string;
}

export type DivisionsParse = { ok: true; rows: DivisionRecord[] } | { ok: false; problems: CsvProblem[] };

/** Splits CSV text into records of fields, with the line each record starts on. Quoted fields may hold commas, quotes ("") and line breaks. */
export function csvRecords(text: string): Array<{ line: number; fields: string[] }> {
  const records: Array<{ line: number; fields: string[] }> = [];
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

function coordinate(text: string, min: number, max: number): number | undefined | 'bad' {
  if (text === '') return undefined;
  if (!/^-?\d+(\.\d+)?$/.test(text)) return 'bad';
  const v = Number(text);
  return v >= min && v <= max ? v : 'bad';
}

export function parseDivisionsCsv(text: string, maxProblems = 50): DivisionsParse {
  const records = csvRecords(text);
  const [header, ...body] = records;
  if (!header) return { ok: false, problems: [{ line: 1, problem: 'the file is empty: expected a header row such as code,name,lat,lon,kind' }] };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const index = {} as Record<keyof typeof columnNames, number>;
  const problems: CsvProblem[] = [];
  for (const [field, aliases] of Object.entries(columnNames) as Array<[keyof typeof columnNames, readonly string[]]>) {
    const at = names.findIndex((n) => aliases.includes(n));
    index[field] = at;
    if (at < 0 && (field === 'code' || field === 'name')) {
      problems.push({ line: header.line, problem: `the header has no ${field} column (accepted names: ${aliases.join(', ')})` });
    }
  }
  if ((index.lat < 0) !== (index.lon < 0)) problems.push({ line: header.line, problem: 'the header must have both lat and lon columns, or neither' });
  if (problems.length) return { ok: false, problems };

  const rows: DivisionRecord[] = [];
  const seen = new Map<string, number>();
  const cell = (fields: string[], at: number) => (at < 0 ? '' : (fields[at] ?? '').trim());
  for (const { line, fields } of body) {
    if (problems.length >= maxProblems) break;
    const say = (problem: string) => problems.push({ line, problem });
    if (fields.length > header.fields.length) say(`${fields.length} fields, but the header names ${header.fields.length}`);
    const code = cell(fields, index.code);
    const name = cell(fields, index.name);
    if (!/^\d{9}(\d{3})?$/.test(code)) say(`code "${code}": must be a 9-digit township or 12-digit village code (统计用区划代码)`);
    else if (seen.has(code)) say(`code ${code}: already on line ${seen.get(code)}`);
    else seen.set(code, line);
    if (!name) say('name: must not be empty');
    else if (name.length > 100) say('name: longer than 100 characters');
    const lat = coordinate(cell(fields, index.lat), -90, 90);
    const lon = coordinate(cell(fields, index.lon), -180, 180);
    if (lat === 'bad') say(`lat "${cell(fields, index.lat)}": must be decimal degrees from -90 to 90`);
    if (lon === 'bad') say(`lon "${cell(fields, index.lon)}": must be decimal degrees from -180 to 180`);
    if ((lat === undefined) !== (lon === undefined)) say('lat and lon: give both or neither');
    const kindText = cell(fields, index.kind).toLowerCase();
    const kind = kindAliases[kindText];
    if (!kind) say(`kind "${kindText}": must be one of ${placeKinds.join(', ')} (or empty for general)`);
    if (typeof lat === 'number' && typeof lon === 'number') rows.push({ code, name, lat, lon, kind: kind ?? 'general' });
    else rows.push({ code, name, kind: kind ?? 'general' });
  }
  if (problems.length) return { ok: false, problems };
  if (rows.length === 0) return { ok: false, problems: [{ line: header.line, problem: 'no rows after the header' }] };
  return { ok: true, rows };
}
