// Rewrites the README's configuration table from packages/config (the one source of every setting).
import { readFileSync, writeFileSync } from 'node:fs';
import { configTable } from '../packages/config/src/index.js';

const path = new URL('../README.md', import.meta.url);
const start = '<!-- config-table:start -->';
const end = '<!-- config-table:end -->';
const readme = readFileSync(path, 'utf8');
const [before, rest] = readme.split(start);
if (rest === undefined || !rest.includes(end)) throw new Error(`README.md has no ${start} … ${end} section`);
const after = rest.slice(rest.indexOf(end));
writeFileSync(path, `${before}${start}\n${configTable()}\n${after}`);
console.log('README.md configuration table updated.');
