/**
 * Test support: every frame a test feeds in, and every payload we produce, is checked against the same
 * ocpp-rpc JSON schemas the central system validates with, so fixtures are real OCPP and outputs are
 * wire-valid. Also the fixed clocks the tables use.
 */
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import { OcppError, type RpcErrorCode } from '../errors.js';
import type { DomainEvent, ProtocolVersion } from '../events.js';
import type { Outcome } from '../handler.js';
import { buildResponse, decodeCall } from '../inbound.js';

interface Validator {
  validate(schemaId: string, params: unknown): boolean;
}

const require = createRequire(import.meta.url);
// The very factory and schema files ocpp-rpc's standard validators are built from, compiled only for
// the version a test file uses (compiling all of them costs most of a small test file's run time).
const { createValidator } = require('ocpp-rpc/lib/validator.js') as {
  createValidator(subprotocol: string, schemas: unknown): Validator;
};
const schemaFiles: Record<ProtocolVersion, string> = { 'ocpp1.6': 'ocpp1_6.json', 'ocpp2.0.1': 'ocpp2_0_1.json' };
const validators = new Map<ProtocolVersion, Validator>();

function validatorFor(version: ProtocolVersion): Validator {
  let validator = validators.get(version);
  if (!validator) {
    validator = createValidator(version, require(`ocpp-rpc/lib/schemas/${schemaFiles[version]}`));
    validators.set(version, validator);
  }
  return validator;
}

/** Throws ocpp-rpc's own RPCError when the payload breaks the schema. */
export function validateWire(version: ProtocolVersion, schemaId: string, payload: unknown): void {
  validatorFor(version).validate(schemaId, payload);
}

export const receivedAt = new Date('2025-03-01T08:00:05.000Z');
export const ctx = { chargerId: 'XZ-0001', receivedAt };
export const now = new Date('2025-03-01T08:00:06.000Z');
export const outcome: Outcome = { now, heartbeatIntervalS: 300 };

/** A decoder/responder for one action that checks the request and its response against the schemas. */
export function action(version: ProtocolVersion, name: string) {
  return {
    decode(payload: object): DomainEvent[] {
      validateWire(version, `urn:${name}.req`, payload);
      return decodeCall(version, name, payload, ctx);
    },
    respond(payload: object, decisions: Partial<Outcome> = {}): Record<string, unknown> {
      validateWire(version, `urn:${name}.req`, payload);
      const response = buildResponse(version, name, payload, { ...outcome, ...decisions });
      validateWire(version, `urn:${name}.conf`, response);
      return response;
    },
  };
}

/** Asserts `run` throws an OcppError with this CALLERROR code. */
export function expectOcppError(run: () => unknown, rpcCode: RpcErrorCode): OcppError {
  let thrown: unknown;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(OcppError);
  expect((thrown as OcppError).rpcCode).toBe(rpcCode);
  return thrown as OcppError;
}
