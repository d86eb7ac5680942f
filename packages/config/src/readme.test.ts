import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configTable } from './config.js';

describe('README configuration table', () => {
  it('lists exactly the settings the code reads (regenerate with npm run docs:config)', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.split('<!-- config-table:start -->')[1]?.split('<!-- config-table:end -->')[0];
    expect(section?.trim()).toBe(configTable());
  });
});
