/** @pilewatch/supervision: pure supervision rules — alerts, uptime maths, plan progress. No I/O, no clock. */
export { SupervisionError, errorCatalogue, type SupervisionErrorCode } from './errors.js';
export { alertRules, alertCodes, isAlertCode, alertRulesTable, type AlertCode, type AlertRule, type AlertScope, type AlarmType, type Severity } from './alert-rules.js';
export {
  classifyFault,
  statusReportsFault,
  normaliseFaultText,
  ocpp16ErrorCodes,
  ocpp201ProblemComponents,
  vendorFaultKeywords,
  type FaultReport,
  type VendorFaultCode,
} from './fault-codes.js';
export {
  rulesConfigSchema,
  parseRulesConfig,
  defaultRulesConfig,
  defaultSecurityEventRules,
  securityEventRule,
  type RulesConfig,
  type RulesConfigInput,
} from './rules-config.js';
export {
  emptyAlertState,
  listAlerts,
  parseAlertId,
  wholeCharger,
  type AlertState,
  type AlertRecord,
  type AlertStatus,
  type AlertTransition,
  type TransitionType,
  type AlertDetail,
  type AlertSource,
  type Acknowledgement,
  type ResolveReason,
  type ConnectorRef,
  type ChargerAlertState,
  type ChargerMemory,
} from './alert-state.js';
export {
  evaluate,
  evaluateCharger,
  acknowledge,
  type AlertInput,
  type ClockTick,
  type AlertAcknowledgement,
  type ConnectivityChanged,
  type Evaluation,
  type ChargerEvaluation,
} from './alert-engine.js';
export {
  connectorTimeline,
  stateOfStatus,
  outageStates,
  connectivityEventOnline,
  historyStart,
  type ConnectorState,
  type StatusRecord,
  type ConnectivityRecord,
  type ConnectorHistory,
  type TimelineInterval,
  type TimeWindow,
} from './timeline.js';
export {
  exclusionReasons,
  exclusionApplies,
  outsideOpeningHours,
  mergeRanges,
  type Exclusion,
  type ExclusionReason,
  type ExclusionScope,
  type ConnectorIdentity,
  type Range,
} from './exclusions.js';
export {
  connectorUptime,
  withRates,
  accumulate,
  sumMinutes,
  zeroMinutes,
  type UptimeMinutes,
  type UptimeFigures,
} from './uptime.js';
export { rollup, connectorKey, type RollupLevel, type DailyConnectorMinutes, type Rollup } from './rollups.js';
export {
  shanghaiOffsetMinutes,
  shanghaiDay,
  startOfDay,
  addDays,
  dayWindow,
  monthWindow,
  yearWindow,
  rolling12Months,
  daysOf,
} from './calendar.js';
export {
  xinzhouPlan,
  parsePlanTargets,
  planTargetsSchema,
  targetsFor,
  planYears,
  evsPerPile,
  type PlanTargets,
  type PlanYear,
  type YearTargets,
  type AnnexArea,
} from './plan-targets.js';
export {
  planProgress,
  measure,
  coverageCategories,
  type PlanInputs,
  type PlanStation,
  type PlanPile,
  type PlanPlace,
  type PlanProgress,
  type Measure,
  type AreaProgress,
  type RatioFigure,
  type CentralStationsFigure,
  type PlaceDistance,
  type CoverageCategory,
} from './plan-progress.js';
export { haversineKm, NearestSite, earthRadiusKm, type Point } from './charging-distance.js';
