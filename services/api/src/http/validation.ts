/**
 * Request input is checked with zod, and a failure becomes one `PW_API_VALIDATION` error whose message
 * names every offending field (`body.countyCode: …`) and whose details list them one by one.
 */
import { z } from 'zod';
import { ApiError } from '../errors.js';

export type RequestPart = 'params' | 'query' | 'body';

export interface FieldProblem {
  in: RequestPart;
  /** Dotted path inside the part (`connectors.0.evseId`); empty for the part as a whole. */
  field: string;
  problem: string;
}

export function parseInput<S extends z.ZodType>(schema: S, part: RequestPart, value: unknown): z.output<S> {
  const result = schema.safeParse(part === 'body' && value === undefined ? {} : value);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) => describe(part, issue));
  throw new ApiError(
    'PW_API_VALIDATION',
    problems.map((p) => `${[p.in, p.field].filter(Boolean).join('.')}: ${p.problem}`).join('; '),
    { problems },
  );
}

function describe(part: RequestPart, issue: z.core.$ZodIssue): FieldProblem[] {
  const field = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      in: part,
      field: [field, key].filter(Boolean).join('.'),
      problem: 'unknown field',
    }));
  }
  return [{ in: part, field, problem: issue.message }];
}

/** JSON Schema of a request or response schema, for the OpenAPI document (input side of transforms). */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<
    string,
    unknown
  >;
  return rest;
}
