import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import { jsonSchema, parseInput } from './validation.js';

const schema = z.strictObject({
  name: z.string().min(1),
  connectors: z.array(z.strictObject({ evseId: z.number().int().min(1) })).optional(),
});

function problemOf(value: unknown, part: 'body' | 'query' = 'body') {
  try {
    parseInput(schema, part, value);
  } catch (err) {
    return err as ApiError;
  }
  throw new Error('expected a validation error');
}

describe('parseInput', () => {
  it('returns the parsed value', () => {
    expect(parseInput(schema, 'body', { name: 'x' })).toEqual({ name: 'x' });
  });

  it('names the part and the dotted field of each problem', () => {
    const err = problemOf({ name: '', connectors: [{ evseId: 0 }] });
    expect(err.code).toBe('PW_API_VALIDATION');
    expect(err.message).toMatch(/^body\.name: .+; body\.connectors\.0\.evseId: .+$/);
    expect(err.details).toEqual({
      problems: [
        { in: 'body', field: 'name', problem: expect.any(String) },
        { in: 'body', field: 'connectors.0.evseId', problem: expect.any(String) },
      ],
    });
  });

  it('lists each unknown field by name', () => {
    const err = problemOf({ name: 'x', colour: 'red', size: 2 }, 'query');
    expect(err.message).toBe('query.colour: unknown field; query.size: unknown field');
  });

  it('treats a missing body as an empty object, so required fields are named', () => {
    expect(problemOf(undefined).message).toMatch(/^body\.name: /);
  });
});

describe('jsonSchema', () => {
  it('describes the input side, without the $schema header', () => {
    const s = jsonSchema(z.strictObject({ limit: z.coerce.number().int().default(50) }));
    expect(s).not.toHaveProperty('$schema');
    expect(s).toMatchObject({ type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', default: 50 } } });
  });
});
