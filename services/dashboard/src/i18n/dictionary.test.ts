import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertCodes } from '@pilewatch/supervision';
import { statusClasses } from '../model/status.js';
import { dictionary } from './dictionary.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const src = new URL('..', import.meta.url).pathname;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the dictionary', () => {
  it('has every label a page asks for by name, in both languages', () => {
    const used = new Set<string>();
    for (const file of sources(src)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !(k in dictionary.zh) || !(k in dictionary.en));
    expect(missing).toEqual([]);
  });

  it('has the labels pages build from data: statuses, severities, roles, feed states, alert states and rules', () => {
    const families = [
      ...statusClasses.map((c) => `status.${c}`),
      ...['1', '2', '3'].map((s) => `severity.${s}`),
      ...['admin', 'operator', 'regulator', 'province'].map((r) => `role.${r}`),
      ...['connecting', 'live', 'offline'].map((s) => `feed.${s}`),
      ...['active', 'open', 'acknowledged', 'resolved'].map((s) => `alerts.status.${s}`),
      ...['opened', 'reopened', 'acknowledged', 'resolved'].map((s) => `alerts.transition.${s}`),
      ...['connected', 'disconnected', 'booted', 'heartbeat_missed', 'replaced', 'ping_timeout'].map((e) => `connectivity.${e}`),
      ...alertCodes.map((c) => `rule.${c}`),
    ];
    expect(families.filter((k) => !(k in dictionary.zh) || !(k in dictionary.en))).toEqual([]);
  });

  it('gives each label the same placeholders in Chinese and English, and no empty text', () => {
    const mismatched = Object.keys(dictionary.zh).filter(
      (k) => JSON.stringify(placeholders(dictionary.zh[k as 'app.title'])) !== JSON.stringify(placeholders(dictionary.en[k as 'app.title'])),
    );
    expect(mismatched).toEqual([]);
    expect(Object.entries({ ...dictionary.zh, ...dictionary.en }).filter(([, v]) => !v.trim())).toEqual([]);
  });

  it('is Chinese by default: the Chinese labels are Chinese', () => {
    expect(dictionary.zh['nav.overview']).toBe('总览');
    expect(Object.values(dictionary.zh).filter((v) => /[\u4e00-\u9fff]/.test(v)).length).toBeGreaterThan(Object.keys(dictionary.zh).length * 0.9);
  });
});
