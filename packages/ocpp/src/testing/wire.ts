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
  subprotocol: string;
  validate(schemaId: string, params: unknown): boolean;
}

const require = createRequire(import.meta.url);
const validators = require('ocpp-rpc/lib/standard-validators.js') as Validator[];

/** Throws ocpp-rpc's own RPCError when the payload breaks the schema. */
export function validateWire(version: ProtocolVersion, schemaId: string, payload: unknown): void {
  const validator = validators.find((v) => v.subprotocol === version);
  if (!validator) throw new Error(`ocpp-rpc has no validator for ${version}`);
  validator.validate(schemaId, payload);
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
