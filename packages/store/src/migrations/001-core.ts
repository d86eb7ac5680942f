/**
 * The core schema: registry, current state, transactions, and the time-series hypertables.
 * Statements are written once; `hypertable()` and `continuousAggregate()` emit the TimescaleDB form
 * or the plain-PostgreSQL degradation (same columns and indexes; aggregates become plain views).
 */
import type { Migration } from './migration.js';

export const core: Migration = {
  version: 1,
  name: 'core schema',
  up: ({ hypertable, continuousAggregate }) => [
    `CREATE TABLE IF NOT EXISTS operators (
       id text PRIMARY KEY,
       name text NOT NULL,
       credit_code text UNIQUE,
       org_code char(9) UNIQUE,
       contact_name text,
       contact_phone text,
       contact_email text,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE TABLE IF NOT EXISTS stations (
       id text PRIMARY KEY,
       operator_id text NOT NULL REFERENCES operators(id),
       name text NOT NULL,
       address text,
       county_code text,
       township text,
       village text,
       category text NOT NULL DEFAULT 'urban_public',
       is_public boolean NOT NULL DEFAULT true,
       lat double precision,
       lon double precision,
       parking_spaces integer,
       opening_hours text,
       service_tel text,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX IF NOT EXISTS stations_operator_idx ON stations (operator_id)`,
    `CREATE INDEX IF NOT EXISTS stations_county_idx ON stations (county_code)`,
    `CREATE TABLE IF NOT EXISTS charge_points (
       id text PRIMARY KEY,
       operator_id text REFERENCES operators(id),
       station_id text REFERENCES stations(id),
       registration_status text NOT NULL DEFAULT 'Accepted'
         CHECK (registration_status IN ('Accepted', 'Pending', 'Rejected')),
       password_hash text,
       security_profile smallint NOT NULL DEFAULT 1,
       protocol text,
       vendor text,
       model text,
       serial_number text,
       firmware_version text,
       iccid text,
       imsi text,
       meter_type text,
       meter_serial_number text,
       last_boot_at timestamptz,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX IF NOT EXISTS charge_points_station_idx ON charge_points (station_id)`,
    `CREATE INDEX IF NOT EXISTS charge_points_operator_idx ON charge_points (operator_id)`,
    `CREATE TABLE IF NOT EXISTS connectors (
       charger_id text NOT NULL REFERENCES charge_points(id) ON DELETE CASCADE,
       evse_id integer NOT NULL,
       connector_id integer NOT NULL,
       connector_type text,
       current_type text CHECK (current_type IN ('AC', 'DC')),
       max_power_kw double precision,
       PRIMARY KEY (charger_id, evse_id, connector_id)
     )`,
    // Current state, one row per charger / connector, updated on change: "what is faulted now" never scans history.
    `CREATE TABLE IF NOT EXISTS charger_state (
       charger_id text PRIMARY KEY REFERENCES charge_points(id) ON DELETE CASCADE,
       online boolean NOT NULL DEFAULT false,
       protocol text,
       node_id text,
       remote_address text,
       connected_at timestamptz,
       disconnected_at timestamptz,
       last_seen_at timestamptz,
       heartbeat_interval_s integer
     )`,
    `CREATE TABLE IF NOT EXISTS connector_state (
       charger_id text NOT NULL REFERENCES charge_points(id) ON DELETE CASCADE,
       evse_id integer NOT NULL,
       connector_id integer NOT NULL,
       status text NOT NULL,
       error_code text,
       vendor_error_code text,
       info text,
       status_at timestamptz NOT NULL,
       received_at timestamptz NOT NULL,
       transaction_ref text,
       PRIMARY KEY (charger_id, evse_id, connector_id)
     )`,
    `CREATE INDEX IF NOT EXISTS connector_state_status_idx ON connector_state (status)`,
    // 1.6 transaction ids are this table's id; 2.0.1 ids are the charger's string in transaction_ref.
    `CREATE TABLE IF NOT EXISTS transactions (
       id bigserial PRIMARY KEY,
       charger_id text NOT NULL REFERENCES charge_points(id) ON DELETE CASCADE,
       transaction_ref text NOT NULL,
       start_key text,
       evse_id integer,
       connector_id integer,
       id_tag text,
       started_at timestamptz,
       stopped_at timestamptz,
       meter_start_wh double precision,
       meter_stop_wh double precision,
       stop_reason text,
       charging_state text,
       last_seq_no integer,
       received_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (charger_id, transaction_ref),
       UNIQUE (charger_id, start_key)
     )`,
    `CREATE INDEX IF NOT EXISTS transactions_started_idx ON transactions (started_at)`,
    `CREATE INDEX IF NOT EXISTS transactions_open_idx ON transactions (charger_id) WHERE stopped_at IS NULL`,
    `CREATE TABLE IF NOT EXISTS transaction_events (
       charger_id text NOT NULL,
       transaction_ref text NOT NULL,
       seq_no integer NOT NULL,
       event_type text NOT NULL,
       trigger_reason text,
       time timestamptz NOT NULL,
       received_at timestamptz NOT NULL,
       PRIMARY KEY (charger_id, transaction_ref, seq_no)
     )`,
    // Retransmission guard: a CALL with the same charger, message id and payload is applied once,
    // and answered again with the response stored here.
    `CREATE TABLE IF NOT EXISTS processed_messages (
       charger_id text NOT NULL,
       message_id text NOT NULL,
       payload_hash text NOT NULL,
       action text NOT NULL,
       response jsonb,
       processed_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (charger_id, message_id, payload_hash)
     )`,
    `CREATE INDEX IF NOT EXISTS processed_messages_age_idx ON processed_messages (processed_at)`,

    // ---- time series (time = the charger's timestamp; received_at = ours) ----
    `CREATE TABLE IF NOT EXISTS meter_samples (
       time timestamptz NOT NULL,
       received_at timestamptz NOT NULL,
       charger_id text NOT NULL,
       evse_id integer NOT NULL,
       connector_id integer NOT NULL,
       transaction_ref text,
       measurand text NOT NULL,
       phase text NOT NULL DEFAULT '',
       location text NOT NULL DEFAULT '',
       unit text NOT NULL,
       -- NULL only for a signed 1.6 reading that carries no number beside its signed blob
       value double precision,
       context text,
       signed text
     )`,
    ...hypertable('meter_samples', '1 day'),
    `CREATE UNIQUE INDEX IF NOT EXISTS meter_samples_natural_key
       ON meter_samples (charger_id, evse_id, connector_id, measurand, phase, location, time)`,
    `CREATE INDEX IF NOT EXISTS meter_samples_tx_idx ON meter_samples (transaction_ref, time) WHERE transaction_ref IS NOT NULL`,
    `CREATE TABLE IF NOT EXISTS status_events (
       time timestamptz NOT NULL,
       received_at timestamptz NOT NULL,
       charger_id text NOT NULL,
       evse_id integer NOT NULL,
       connector_id integer NOT NULL,
       status text NOT NULL,
       error_code text,
       vendor_error_code text,
       vendor_id text,
       info text
     )`,
    ...hypertable('status_events', '7 days'),
    `CREATE UNIQUE INDEX IF NOT EXISTS status_events_natural_key
       ON status_events (charger_id, evse_id, connector_id, time, status)`,
    `CREATE TABLE IF NOT EXISTS connectivity_events (
       time timestamptz NOT NULL,
       charger_id text NOT NULL,
       event text NOT NULL
         CHECK (event IN ('connected', 'disconnected', 'booted', 'heartbeat_missed', 'replaced', 'ping_timeout')),
       protocol text,
       node_id text,
       remote_address text,
       detail jsonb
     )`,
    ...hypertable('connectivity_events', '7 days'),
    `CREATE INDEX IF NOT EXISTS connectivity_events_charger_idx ON connectivity_events (charger_id, time DESC)`,
    // Everything else a charger reports (faults, security events, firmware/log/diagnostics status, data transfers).
    `CREATE TABLE IF NOT EXISTS charger_events (
       time timestamptz NOT NULL,
       received_at timestamptz NOT NULL,
       charger_id text NOT NULL,
       kind text NOT NULL,
       evse_id integer,
       connector_id integer,
       payload jsonb NOT NULL
     )`,
    ...hypertable('charger_events', '7 days'),
    `CREATE INDEX IF NOT EXISTS charger_events_charger_idx ON charger_events (charger_id, time DESC)`,
    // The raw journal of every frame in and out: the audit trail.
    `CREATE TABLE IF NOT EXISTS ocpp_messages (
       time timestamptz NOT NULL,
       charger_id text NOT NULL,
       direction text NOT NULL CHECK (direction IN ('in', 'out')),
       message_type smallint NOT NULL,
       message_id text,
       action text,
       protocol text,
       frame text NOT NULL
     )`,
    ...hypertable('ocpp_messages', '1 day'),
    `CREATE INDEX IF NOT EXISTS ocpp_messages_charger_idx ON ocpp_messages (charger_id, time DESC)`,

    // ---- aggregates of energy (register, Wh) and active power (W) per connector ----
    ...(['15 minutes', '1 hour', '1 day'] as const).flatMap((width) =>
      continuousAggregate(
        { '15 minutes': 'meter_15m', '1 hour': 'meter_1h', '1 day': 'meter_1d' }[width],
        `SELECT ${width === '1 day' ? `time_bucket('1 day', time, 'Asia/Shanghai')` : `time_bucket('${width}', time)`} AS bucket,
                charger_id, evse_id, connector_id,
                max(value) FILTER (WHERE measurand = 'Energy.Active.Import.Register') AS energy_max_wh,
                min(value) FILTER (WHERE measurand = 'Energy.Active.Import.Register') AS energy_min_wh,
                avg(value) FILTER (WHERE measurand = 'Power.Active.Import') AS power_avg_w,
                max(value) FILTER (WHERE measurand = 'Power.Active.Import') AS power_max_w,
                count(*) AS samples
           FROM meter_samples
          GROUP BY 1, 2, 3, 4`,
      ),
    ),
  ],
};
