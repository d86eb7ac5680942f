import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { outputPath, render, targets } from './generate-types.js';
import { renderSchemaModule } from './schema-to-typescript.js';

describe('generated payload types', () => {
  it.each(targets)('src/generated/$output is what regenerating from $schema produces (run `npm run generate` if not)', (target) => {
    expect(readFileSync(outputPath(target), 'utf8')).toBe(render(target));
  });
});

describe('renderSchemaModule', () => {
  const header = '// test';

  it('emits request/response interfaces, hoisted definitions, optional fields and the action maps', () => {
    const out = renderSchemaModule(
      [
        {
          $id: 'urn:Ping.req',
          type: 'object',
          additionalProperties: false,
          definitions: {
            ModeEnumType: { type: 'string', enum: ['Fast', 'Slow'] },
            CustomDataType: { type: 'object', properties: { vendorId: { type: 'string' } }, required: ['vendorId'] },
          },
          properties: {
            mode: { $ref: '#/definitions/ModeEnumType' },
            count: { type: 'integer', description: 'How many.\r\n' },
            tags: { type: 'array', items: { type: 'object', additionalProperties: false, properties: { t: { type: 'string' } }, required: ['t'] } },
            customData: { $ref: '#/definitions/CustomDataType' },
            data: { description: 'anything' },
          },
          required: ['mode'],
        },
        { $id: 'urn:Ping.conf', type: 'object', additionalProperties: false, properties: { ok: { type: 'boolean' } }, required: ['ok'] },
      ],
      { header },
    );
    expect(out).toContain("export type ModeEnumType = 'Fast' | 'Slow';");
    expect(out).toContain('export interface CustomDataType {\n  vendorId: string;\n  [key: string]: unknown;\n}');
    expect(out).toContain('  mode: ModeEnumType;\n');
    expect(out).toContain('  /**\n   * How many.\n   */\n  count?: number;\n');
    expect(out).toContain('  tags?: Array<{\n    t: string;\n  }>;\n');
    expect(out).toContain('  data?: unknown;\n');
    expect(out).toContain('export interface PingResponse {\n  ok: boolean;\n}');
    expect(out).toContain("export const actions = [\n  'Ping',\n] as const;");
    expect(out).toContain('export interface Requests {\n  Ping: PingRequest;\n}');
  });

  it('fails loudly on what it does not understand instead of weakening a type', () => {
    expect(() => renderSchemaModule([{ $id: 'urn:X.req', type: 'object', properties: { a: { oneOf: [] } } }], { header })).toThrow(/oneOf/);
    expect(() => renderSchemaModule([{ $id: 'urn:X.req', type: 'object', properties: { a: { $ref: 'other.json#/A' } } }], { header })).toThrow(/\$ref/);
    expect(() => renderSchemaModule([{ $id: 'X', type: 'object' }], { header })).toThrow(/\$id/);
  });

  it('refuses two different definitions under one name', () => {
    const a = { $id: 'urn:A.req', type: 'object', definitions: { E: { type: 'string', enum: ['x'] } } };
    const b = { $id: 'urn:B.req', type: 'object', definitions: { E: { type: 'string', enum: ['y'] } } };
    expect(() => renderSchemaModule([a, b], { header })).toThrow(/Definition E/);
  });
});
