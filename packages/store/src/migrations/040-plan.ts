/**
 * What the plan tracker needs beyond the core registry: the administrative divisions the coverage and
 * charging-distance targets are measured over (townships and villages, imported by admins from a CSV),
 * the registered EV counts the city enters per county, the station and pile attributes the plan reads,
 * and the stored monthly reports.
 */
import type { Migration } from './migration.js';

export const plan: Migration = {
  version: 40,
  name: 'plan tracker: divisions, registered EVs, plan attributes, monthly reports',
  up: () => [
    // The Annex 1 area when it is not the station's county (the Mount Wutai Scenic Area lies in Wutai County).
    `ALTER TABLE stations ADD COLUMN IF NOT EXISTS plan_area_id text`,
    // The named place a coverage station serves (one service area may have a station on each side); null: the station itself.
    `ALTER TABLE stations ADD COLUMN IF NOT EXISTS place_id text`,
    // 集中式经营性公共充电站; null: decided by the category (central_public).
    `ALTER TABLE stations ADD COLUMN IF NOT EXISTS central boolean`,
    // When the pile entered service; null: before the plan began (it counts in totals, never as new).
    `ALTER TABLE charge_points ADD COLUMN IF NOT EXISTS commissioned_at timestamptz`,
    `CREATE INDEX IF NOT EXISTS charge_points_commissioned_idx ON charge_points (commissioned_at)`,

    // 统计用区划代码: a township is its county's 6 digits + 3, a village its township's 9 + 3.
    `CREATE TABLE IF NOT EXISTS divisions (
       code text PRIMARY KEY CHECK (code ~ '^[0-9]{9}([0-9]{3})?$'),
       level text NOT NULL CHECK (level IN ('township', 'village')),
       name text NOT NULL,
       county_code text NOT NULL CHECK (county_code = substr(code, 1, 6)),
       township_code text NOT NULL CHECK (township_code = substr(code, 1, 9)),
       lat double precision CHECK (lat BETWEEN -90 AND 90),
       lon double precision CHECK (lon BETWEEN -180 AND 180),
       kind text NOT NULL DEFAULT 'general' CHECK (kind IN ('general', 'urban_core', 'urban_edge')),
       imported_at timestamptz NOT NULL DEFAULT now(),
       CHECK ((level = 'township') = (length(code) = 9)),
       CHECK ((lat IS NULL) = (lon IS NULL))
     )`,
    `CREATE INDEX IF NOT EXISTS divisions_county_idx ON divisions (county_code, level)`,

    // Each entry is the count on a date; the latest on or before a report's date is the one it uses.
    `CREATE TABLE IF NOT EXISTS registered_evs (
       county_code text NOT NULL CHECK (county_code ~ '^[0-9]{6}$'),
       as_of date NOT NULL,
       evs integer NOT NULL CHECK (evs >= 0),
       entered_by text NOT NULL,
       entered_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (county_code, as_of)
     )`,

    `CREATE TABLE IF NOT EXISTS monthly_reports (
       month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
       generated_at timestamptz NOT NULL,
       trigger text NOT NULL CHECK (trigger IN ('schedule', 'on_demand')),
       requested_by text,
       report jsonb NOT NULL,
       csv text NOT NULL
     )`,
  ],
};
