/**
 * Issue #5, safety alerts and uptime: the alert engine's per-charger state, alerts and every transition,
 * the rules configuration, webhooks and their deliveries, failed jobs (dead letters), uptime exclusions
 * and the daily (and monthly, derived) uptime rollups per connector.
 *
 * No foreign keys to the registry on alerts, transitions and rollups: they are the regulator's record
 * and outlive a charger's removal.
 */
import type { Migration } from './migration.js';

const minuteColumns = `
       window_minutes double precision NOT NULL,
       no_data_minutes double precision NOT NULL,
       available_minutes double precision NOT NULL,
       occupied_minutes double precision NOT NULL,
       faulted_minutes double precision NOT NULL,
       unavailable_minutes double precision NOT NULL,
       offline_minutes double precision NOT NULL,
       outage_minutes double precision NOT NULL,
       excluded_minutes double precision NOT NULL,
       outage_count integer NOT NULL`;

export const alerts: Migration = {
  version: 20,
  name: 'alerts, webhooks and uptime rollups',
  up: () => [
    // ---- alert engine ----
    // One row per charger: the engine's JSON state (@pilewatch/supervision ChargerAlertState).
    `CREATE TABLE IF NOT EXISTS alert_charger_state (
       charger_id text PRIMARY KEY,
       state jsonb,
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    // Inputs already applied, so a job run twice (a retry after a crash between commit and ack) changes nothing.
    `CREATE TABLE IF NOT EXISTS alert_inputs_applied (
       charger_id text NOT NULL,
       input_key text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (charger_id, input_key)
     )`,
    `CREATE INDEX IF NOT EXISTS alert_inputs_applied_age_idx ON alert_inputs_applied (applied_at)`,
    // Every occurrence of every alert (a reopened alert keeps its row); the engine's record, flattened for queries.
    `CREATE TABLE IF NOT EXISTS alerts (
       id text PRIMARY KEY,
       rule text NOT NULL,
       severity smallint NOT NULL CHECK (severity BETWEEN 1 AND 3),
       charger_id text NOT NULL,
       evse_id integer NOT NULL,
       connector_id integer NOT NULL,
       occurrence integer NOT NULL,
       status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
       opened_at timestamptz NOT NULL,
       last_seen_at timestamptz NOT NULL,
       reopened_at timestamptz,
       reopen_count integer NOT NULL DEFAULT 0,
       resolved_at timestamptz,
       resolve_reason text,
       acknowledged_by text,
       acknowledged_at timestamptz,
       acknowledgement_note text,
       detail jsonb NOT NULL DEFAULT '{}',
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX IF NOT EXISTS alerts_active_idx ON alerts (opened_at DESC) WHERE status <> 'resolved'`,
    `CREATE INDEX IF NOT EXISTS alerts_opened_idx ON alerts (opened_at DESC)`,
    `CREATE INDEX IF NOT EXISTS alerts_charger_idx ON alerts (charger_id, opened_at DESC)`,
    `CREATE INDEX IF NOT EXISTS alerts_rule_idx ON alerts (rule, opened_at DESC)`,
    `CREATE TABLE IF NOT EXISTS alert_transitions (
       id bigserial PRIMARY KEY,
       alert_id text NOT NULL,
       type text NOT NULL CHECK (type IN ('opened', 'reopened', 'acknowledged', 'resolved')),
       rule text NOT NULL,
       severity smallint NOT NULL,
       charger_id text NOT NULL,
       evse_id integer NOT NULL,
       connector_id integer NOT NULL,
       at timestamptz NOT NULL,
       detail jsonb NOT NULL DEFAULT '{}',
       reason text,
       by_principal text,
       note text,
       -- When the input that caused it reached pilewatch: stored_at minus this is the evaluation lag.
       input_received_at timestamptz,
       stored_at timestamptz NOT NULL DEFAULT now(),
       -- Set once it is on the live feed and its webhook deliveries are queued (the outbox flag).
       notified_at timestamptz
     )`,
    `CREATE INDEX IF NOT EXISTS alert_transitions_alert_idx ON alert_transitions (alert_id, id)`,
    `CREATE INDEX IF NOT EXISTS alert_transitions_at_idx ON alert_transitions (at DESC)`,
    `CREATE INDEX IF NOT EXISTS alert_transitions_outbox_idx ON alert_transitions (id) WHERE notified_at IS NULL`,
    // The rules configuration (@pilewatch/supervision RulesConfigInput), one row, versioned.
    `CREATE TABLE IF NOT EXISTS alert_rules_config (
       id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
       config jsonb NOT NULL DEFAULT '{}',
       version integer NOT NULL DEFAULT 0,
       updated_by text,
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `INSERT INTO alert_rules_config (id) VALUES (1) ON CONFLICT DO NOTHING`,

    // ---- notifications ----
    // operator_id NULL: the regulator's webhook, which hears of every operator's alerts.
    `CREATE TABLE IF NOT EXISTS webhooks (
       id text PRIMARY KEY,
       operator_id text REFERENCES operators(id) ON DELETE CASCADE,
       url text NOT NULL,
       secret text NOT NULL,
       min_severity smallint NOT NULL DEFAULT 3 CHECK (min_severity BETWEEN 1 AND 3),
       description text,
       enabled boolean NOT NULL DEFAULT true,
       created_by text,
       created_at timestamptz NOT NULL DEFAULT now(),
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX IF NOT EXISTS webhooks_operator_idx ON webhooks (operator_id)`,
    `CREATE TABLE IF NOT EXISTS webhook_deliveries (
       id bigserial PRIMARY KEY,
       webhook_id text NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
       transition_id bigint NOT NULL REFERENCES alert_transitions(id),
       status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
       attempts integer NOT NULL DEFAULT 0,
       last_status_code integer,
       last_error text,
       created_at timestamptz NOT NULL DEFAULT now(),
       last_attempt_at timestamptz,
       delivered_at timestamptz,
       UNIQUE (webhook_id, transition_id)
     )`,
    `CREATE INDEX IF NOT EXISTS webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, id DESC)`,
    // Jobs that used all their attempts, from any queue: the dead-letter view.
    `CREATE TABLE IF NOT EXISTS dead_letters (
       id bigserial PRIMARY KEY,
       queue text NOT NULL,
       job_name text NOT NULL,
       job_id text NOT NULL,
       data jsonb,
       error text NOT NULL,
       attempts integer NOT NULL,
       failed_at timestamptz NOT NULL DEFAULT now(),
       retried_at timestamptz,
       UNIQUE (queue, job_id)
     )`,
    `CREATE INDEX IF NOT EXISTS dead_letters_failed_idx ON dead_letters (failed_at DESC)`,

    // ---- uptime ----
    `CREATE TABLE IF NOT EXISTS uptime_exclusions (
       id bigserial PRIMARY KEY,
       reason text NOT NULL CHECK (reason IN ('maintenance', 'grid_outage', 'vandalism', 'outside_opening_hours')),
       note text,
       starts_at timestamptz NOT NULL,
       ends_at timestamptz NOT NULL,
       operator_id text,
       station_id text,
       charger_id text,
       evse_id integer,
       connector_id integer,
       created_by text,
       created_at timestamptz NOT NULL DEFAULT now(),
       CHECK (ends_at > starts_at)
     )`,
    `CREATE INDEX IF NOT EXISTS uptime_exclusions_range_idx ON uptime_exclusions (starts_at, ends_at)`,
    // One row per connector per Asia/Shanghai day; labels as they were when the day was computed.
    `CREATE TABLE IF NOT EXISTS uptime_daily (
       day date NOT NULL,
       charger_id text NOT NULL,
       evse_id integer NOT NULL,
       connector_id integer NOT NULL,
       station_id text,
       operator_id text,
       county_code text,${minuteColumns},
       computed_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (day, charger_id, evse_id, connector_id)
     )`,
    // The daily rows summed per month (kept in step by the worker): a year is 12 rows per connector, not 365.
    `CREATE TABLE IF NOT EXISTS uptime_monthly (
       month date NOT NULL,
       charger_id text NOT NULL,
       evse_id integer NOT NULL,
       connector_id integer NOT NULL,
       station_id text,
       operator_id text,
       county_code text,${minuteColumns},
       days integer NOT NULL,
       first_day date NOT NULL,
       last_day date NOT NULL,
       PRIMARY KEY (month, charger_id, evse_id, connector_id)
     )`,
    `CREATE INDEX IF NOT EXISTS uptime_monthly_operator_idx ON uptime_monthly (operator_id, month)`,
    `CREATE INDEX IF NOT EXISTS uptime_monthly_county_idx ON uptime_monthly (county_code, month)`,
    `CREATE INDEX IF NOT EXISTS uptime_daily_charger_idx ON uptime_daily (charger_id, day)`,
    // An operator's token (and the operator and county filters) read only their rows of the edge days.
    `CREATE INDEX IF NOT EXISTS uptime_daily_operator_idx ON uptime_daily (operator_id, day)`,
    `CREATE INDEX IF NOT EXISTS uptime_daily_county_idx ON uptime_daily (county_code, day)`,
    // Days to recompute (late data, exclusions changed); charger_id '' stands for every charger.
    `CREATE TABLE IF NOT EXISTS uptime_dirty (
       charger_id text NOT NULL,
       day date NOT NULL,
       marked_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (charger_id, day)
     )`,
    // The rollup job's bookmarks: the last day computed after it ended, how far late data was looked for.
    `CREATE TABLE IF NOT EXISTS uptime_progress (
       name text PRIMARY KEY,
       value text NOT NULL
     )`,
    // Finds status reports that arrived late (received now, stamped on a day already rolled up).
    `CREATE INDEX IF NOT EXISTS status_events_received_idx ON status_events (received_at)`,
  ],
};
