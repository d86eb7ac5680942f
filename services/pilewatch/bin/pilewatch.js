#!/usr/bin/env node
// pilewatch runs its TypeScript sources directly (no build step): tsx registers the loader, then the CLI starts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
process.exitCode = await main(process.argv.slice(2));
