/**
 * The province link's own tables (docs/province.md): every push we owe a T/CEC partner and how its
 * delivery went, how each partner's pushes are faring, where the worker is in the live event stream,
 * and the last version of each station it reported.
 *
 * Partners themselves are configuration (the partners file), not rows: `partner_id` is the partner's
 * OperatorID as that file names it.
 */
import type { Migration } from './migration.js';

export const province: Migration = {
  version: 30,
  name: 'province link: push deliveries and partner state',
  up: () => [
    // One row per push. Pushes about the same subject (a ConnectorID for status, a StationID for station
    // info) to the same partner form a stream delivered strictly in id order, one at a time.
    `CREATE TABLE IF NOT EXISTS province_deliveries (
       id bigserial PRIMARY KEY,
       partner_id text NOT NULL,
       interface text NOT NULL CHECK (interface IN ('notification_stationStatus', 'notification_stationInfo')),
       subject text NOT NULL,
       station_id text,
       data jsonb NOT NULL,
       state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'ignored', 'failed')),
       attempts integer NOT NULL DEFAULT 0,
       next_attempt_at timestamptz NOT NULL DEFAULT now(),
       last_attempt_at timestamptz,
       error_code text,
       last_error text,
       changed_at timestamptz NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now(),
       finished_at timestamptz
     )`,
    `CREATE INDEX IF NOT EXISTS province_deliveries_stream_idx ON province_deliveries (partner_id, interface, subject, id)`,
    `CREATE INDEX IF NOT EXISTS province_deliveries_pending_idx ON province_deliveries (next_attempt_at) WHERE state = 'pending'`,
    `CREATE INDEX IF NOT EXISTS province_deliveries_created_idx ON province_deliveries (created_at DESC)`,
    `CREATE TABLE IF NOT EXISTS province_partner_state (
       partner_id text PRIMARY KEY,
       last_delivered_at timestamptz,
       last_failed_at timestamptz,
       last_error text,
       consecutive_failures integer NOT NULL DEFAULT 0
     )`,
    // Named positions: the last live-stream entry turned into pushes, and the marker of the first
    // station scan. A worker holds the row locked while it advances it, so workers never double up.
    `CREATE TABLE IF NOT EXISTS province_cursors (
       name text PRIMARY KEY,
       position text,
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    // A digest of the StationInfo last seen per station: a new digest is a change to push, and its time
    // answers query_stations_info's LastQueryTime for changes no updated_at column records (connectors).
    `CREATE TABLE IF NOT EXISTS province_station_digests (
       station_id text PRIMARY KEY REFERENCES stations(id) ON DELETE CASCADE,
       digest text NOT NULL,
       changed_at timestamptz NOT NULL
     )`,
  ],
};
