/**
 * The API's own tables: bearer tokens (only their sha256 is stored) and the audit log of every command
 * sent to a charger, with who sent it and what the charger answered.
 */
import type { Migration } from './migration.js';

export const api: Migration = {
  version: 10,
  name: 'api tokens and command audit',
  up: () => [
    `CREATE TABLE IF NOT EXISTS api_tokens (
       id text PRIMARY KEY,
       name text NOT NULL,
       role text NOT NULL CHECK (role IN ('admin', 'operator', 'regulator', 'province')),
       operator_id text REFERENCES operators(id),
       token_hash text NOT NULL UNIQUE,
       created_by text,
       created_at timestamptz NOT NULL DEFAULT now(),
       revoked_at timestamptz,
       CHECK ((role = 'operator') = (operator_id IS NOT NULL))
     )`,
    // No foreign key to the charger: the audit trail outlives a charger's removal.
    `CREATE TABLE IF NOT EXISTS command_audit (
       id bigserial PRIMARY KEY,
       charger_id text NOT NULL,
       command jsonb NOT NULL,
       token_id text,
       principal_name text NOT NULL,
       role text NOT NULL,
       operator_id text,
       requested_at timestamptz NOT NULL DEFAULT now(),
       answered_at timestamptz,
       outcome text NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'accepted', 'refused', 'failed')),
       status text,
       error_code text,
       result jsonb
     )`,
    `CREATE INDEX IF NOT EXISTS command_audit_charger_idx ON command_audit (charger_id, requested_at DESC)`,
  ],
};
