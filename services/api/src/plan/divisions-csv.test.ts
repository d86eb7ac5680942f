import { describe, expect, it } from 'vitest';
import { csvRecords, parseDivisionsCsv } from './divisions-csv.js';

describe('csvRecords', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, skipping blank lines, CRLF or LF', () => {
    const text = '\uFEFFcode,name\r\n140902001,"长征街道, ""老城"""\r\n\r\n140902002,"two\nlines"\n';
    expect(csvRecords(text)).toEqual([
      { line: 1, fields: ['code', 'name'] },
      { line: 2, fields: ['140902001', '长征街道, "老城"'] },
      { line: 4, fields: ['140902002', 'two\nlines'] },
    ]);
  });
});

describe('parseDivisionsCsv', () => {
  it('reads townships and villages with optional coordinates and kind, columns in any order', () => {
    const text = ['kind,lon,lat,name,code', 'urban_core,112.734,38.416,长征街道,140902001', ',,,建安乡,140921101', ',113.1,38.7,东冶村,140921100201'].join('\n');
    expect(parseDivisionsCsv(text)).toEqual({
      ok: true,
      rows: [
        { code: '140902001', name: '长征街道', lat: 38.416, lon: 112.734, kind: 'urban_core' },
        { code: '140921101', name: '建安乡', kind: 'general' },
        { code: '140921100201', name: '东冶村', lat: 38.7, lon: 113.1, kind: 'general' },
      ],
    });
  });

  it('accepts the Chinese column names and kinds a spreadsheet from the bureau would carry', () => {
    const text = '区划代码,名称,纬度,经度,类型\n140902001,长征街道,38.416,112.734,城市核心区\n';
    expect(parseDivisionsCsv(text)).toMatchObject({ ok: true, rows: [{ code: '140902001', kind: 'urban_core' }] });
  });

  it.each([
    ['no code column', 'name,lat,lon\nx,1,2', 1, 'the header has no code column'],
    ['only one coordinate column', 'code,name,lat\n140902001,x,38', 1, 'both lat and lon columns'],
    ['a county code instead of a township code', 'code,name\n140902,x', 2, 'code "140902": must be a 9-digit township or 12-digit village code'],
    ['a duplicate code', 'code,name\n140902001,a\n140902001,b', 3, 'code 140902001: already on line 2'],
    ['an empty name', 'code,name\n140902001,', 2, 'name: must not be empty'],
    ['a latitude out of range', 'code,name,lat,lon\n140902001,a,98,112', 2, 'lat "98": must be decimal degrees'],
    ['a latitude without longitude', 'code,name,lat,lon\n140902001,a,38.4,', 2, 'lat and lon: give both or neither'],
    ['an unknown kind', 'code,name,kind\n140902001,a,downtown', 2, 'kind "downtown"'],
    ['too many fields', 'code,name\n140902001,a,extra', 2, '3 fields, but the header names 2'],
    ['a header and nothing else', 'code,name\n', 1, 'no rows after the header'],
    ['an empty file', '', 1, 'the file is empty'],
  ])('refuses %s, naming the line', (_what, text, line, problem) => {
    const parsed = parseDivisionsCsv(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ line, problem: expect.stringContaining(problem) });
  });

  it('stops collecting after the given number of problems', () => {
    const text = ['code,name', ...Array.from({ length: 10 }, () => 'bad,x')].join('\n');
    const parsed = parseDivisionsCsv(text, 3);
    expect(parsed.ok === false && parsed.problems.length).toBe(3);
  });
});
