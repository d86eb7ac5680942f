/**
 * Writes src/generated/ocpp16.ts and ocpp201.ts from the JSON schemas ocpp-rpc validates against,
 * so our payload types and the wire validation can never disagree. Run: `npm run generate -w @pilewatch/ocpp`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { renderSchemaModule, type JsonSchema } from './schema-to-typescript.js';

export const targets = [
  { schema: 'ocpp1_6.json', output: 'ocpp16.ts', version: 'OCPP 1.6J' },
  { schema: 'ocpp2_0_1.json', output: 'ocpp201.ts', version: 'OCPP 2.0.1' },
] as const;

const require = createRequire(import.meta.url);

export function outputPath(target: (typeof targets)[number]): string {
  return fileURLToPath(new URL(`../src/generated/${target.output}`, import.meta.url));
}

export function render(target: (typeof targets)[number]): string {
  const file = require.resolve(`ocpp-rpc/lib/schemas/${target.schema}`);
  const schemas = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema[];
  return renderSchemaModule(schemas, {
    header:
      `// ${target.version} payload types, generated from ocpp-rpc/lib/schemas/${target.schema} by ` +
      'scripts/generate-types.ts. Do not edit: run `npm run generate -w @pilewatch/ocpp`.',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const target of targets) {
    writeFileSync(outputPath(target), render(target));
    console.log(`wrote ${outputPath(target)}`);
  }
}
