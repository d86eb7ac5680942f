/** One charger as it is now: registry row, connection state, connector states and open sessions. */
import type { Database } from '../database.js';
import type { RegistrationStatus } from '../chargers.js';

export interface ChargerSnapshot {
  charger: {
    id: string;
    operatorId: string | null;
    stationId: string | null;
    registrationStatus: RegistrationStatus;
    securityProfile: number;
    protocol: string | null;
    vendor: string | null;
    model: string | null;
    serialNumber: string | null;
    firmwareVersion: string | null;
    lastBootAt: Date | null;
  };
  /** null until the charger first connects or sends something. */
  state: {
    online: boolean;
    protocol: string | null;
    nodeId: string | null;
    remoteAddress: string | null;
    connectedAt: Date | null;
    disconnectedAt: Date | null;
    lastSeenAt: Date | null;
    heartbeatIntervalS: number | null;
  } | null;
  /** evseId 0 is the charger as a whole. */
  connectors: Array<{
    evseId: number;
    connectorId: number;
    status: string;
    errorCode: string | null;
    vendorErrorCode: string | null;
    info: string | null;
    statusAt: Date;
    transactionRef: string | null;
  }>;
  openTransactions: Array<{
    id: number;
    transactionRef: string;
    evseId: number | null;
    connectorId: number | null;
    idTag: string | null;
    startedAt: Date | null;
    meterStartWh: number | null;
    chargingState: string | null;
  }>;
}

export async function chargerSnapshot(db: Pick<Database, 'pool'>, chargerId: string): Promise<ChargerSnapshot | null> {
  // Sequential on purpose: the embedded engine has a single connection.
  const charger = await db.pool.query<ChargerSnapshot['charger']>(
    `SELECT id, operator_id AS "operatorId", station_id AS "stationId", registration_status AS "registrationStatus",
            security_profile AS "securityProfile", protocol, vendor, model, serial_number AS "serialNumber",
            firmware_version AS "firmwareVersion", last_boot_at AS "lastBootAt"
       FROM charge_points WHERE id = $1`,
    [chargerId],
  );
  if (!charger.rows[0]) return null;
  const state = await db.pool.query<NonNullable<ChargerSnapshot['state']>>(
    `SELECT online, protocol, node_id AS "nodeId", remote_address AS "remoteAddress", connected_at AS "connectedAt",
            disconnected_at AS "disconnectedAt", last_seen_at AS "lastSeenAt", heartbeat_interval_s AS "heartbeatIntervalS"
       FROM charger_state WHERE charger_id = $1`,
    [chargerId],
  );
  const connectors = await db.pool.query<ChargerSnapshot['connectors'][number]>(
    `SELECT evse_id AS "evseId", connector_id AS "connectorId", status, error_code AS "errorCode",
            vendor_error_code AS "vendorErrorCode", info, status_at AS "statusAt", transaction_ref AS "transactionRef"
       FROM connector_state WHERE charger_id = $1 ORDER BY evse_id, connector_id`,
    [chargerId],
  );
  const open = await db.pool.query<ChargerSnapshot['openTransactions'][number] & { id: string }>(
    `SELECT id, transaction_ref AS "transactionRef", evse_id AS "evseId", connector_id AS "connectorId", id_tag AS "idTag",
            started_at AS "startedAt", meter_start_wh AS "meterStartWh", charging_state AS "chargingState"
       FROM transactions WHERE charger_id = $1 AND stopped_at IS NULL ORDER BY started_at NULLS LAST, id`,
    [chargerId],
  );
  return {
    charger: charger.rows[0],
    state: state.rows[0] ?? null,
    connectors: connectors.rows,
    openTransactions: open.rows.map((t) => ({ ...t, id: Number(t.id) })),
  };
}
