/**
 * The virtual Xinzhou fleet and load generator. It talks to a central system only over OCPP-J, like real
 * chargers, so it can be pointed at pilewatch or at any other OCPP 1.6J / 2.0.1 central system.
 */
export { generateFleet, type GenerateFleetOptions, MAX_FLEET_SIZE } from './fleet/generate.js';
export { parseFleet, readFleetFile, fleetSchema, type Fleet, type ChargerSpec, type Station, type Operator, type ConnectorSpec } from './fleet/fleet.js';
export { loadPlanTargets, bundledPlanTargetsPath, type PlanTargets, type LoadedPlanTargets } from './fleet/plan-targets.js';
export { stationCategories, type StationCategory } from './fleet/station-categories.js';
export { SimulatorError, simulatorErrorCodes, type SimulatorErrorCode } from './errors.js';
export { runFleet, type RunFleetOptions, type SimulationHandle, type SimulationSummary } from './run/fleet-run.js';
export { VirtualCharger, type ChargerEvent, type ConnectorSnapshot, type PlugInOptions } from './charger/charger.js';
export type { LedgerEntry, LedgerMode, LedgerOutcome } from './charger/ledger.js';
export { faultKinds, faultCatalogue, type FaultKind } from './charger/faults.js';
export { chaosFrameKinds, type ChaosFrameKind } from './charger/chaos.js';
export { loadScenario, parseScenario, quietScenario, bundledScenarios, scenarioSchema, type Scenario, type ScenarioInput } from './scenario/scenario.js';
export type { StatsSnapshot, LatencySummary, ActionCounts } from './run/stats.js';
export { SimClock } from './clock.js';
export { simulateCommand, type SimulateIo } from './cli/command.js';
export { simulateHelp } from './cli/help.js';
