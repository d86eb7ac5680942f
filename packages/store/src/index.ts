/** @pilewatch/store: schema and migrations, engines, the registry, and the durable batched write path. */
export { openDatabase, type Database, type Engine } from './database.js';
export { migrate, degradedWarning } from './migrate.js';
export { migrations } from './migrations/index.js';
export type { Migration, MigrationContext } from './migrations/migration.js';
export { policyPlan, type PolicyPlan } from './policies.js';
export { runMaintenance, type MaintenanceReport } from './maintenance.js';
export { StoreError, isStoreError, isUnavailable, storeErrorCodes, type StoreErrorCode } from './errors.js';
export type { Logger } from './logger.js';
export { hashPassword, verifyPassword, generatePassword, maxPasswordLength } from './passwords.js';
export { identityProblem, maxIdentityLength } from './charger-identity.js';
export {
  addCharger,
  getChargerAuth,
  registerPendingCharger,
  setRegistrationStatus,
  listChargers,
  registrationStatuses,
  type NewCharger,
  type ChargerAuth,
  type ChargerFilter,
  type ChargerListing,
  type RegistrationStatus,
} from './chargers.js';
export {
  upsertOperator,
  upsertStation,
  upsertConnectors,
  type OperatorRecord,
  type StationRecord,
  type ConnectorRecord,
} from './registry.js';
export { importFleet, parseFleet, fleetSchema, type Fleet, type FleetImportCounts } from './fleet-import.js';
export { createWriter, type Writer, type WriterOptions } from './writer.js';
export { chargerSnapshot, type ChargerSnapshot } from './queries/charger-snapshot.js';
// The API's read queries (scoped to an operator where the caller is one), kept in queries/.
export * from './queries/index.js';
export type {
  ApplyItem,
  ApplyResult,
  ConnectivityChange,
  ConnectivityEventKind,
  JournalEntry,
} from './writer-types.js';
// Issue #5: alert state and history, webhooks and dead letters, uptime exclusions and rollups.
export * from './queries/alerts.js';
export * from './queries/webhooks.js';
export * from './queries/exclusions.js';
export * from './queries/uptime.js';
export { batchSizeBounds, commitMsBounds, type CumulativeHistogram, type WriterStats } from './writer-stats.js';
