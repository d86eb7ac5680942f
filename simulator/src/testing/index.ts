/** Test support for the simulator and for end-to-end tests that drive it. */
export {
  startRecordingCentralSystem,
  type RecordingCentralSystem,
  type RecordingCentralSystemOptions,
  type ReceivedCall,
  type BootDecision,
} from './recording-central-system.js';
export { until } from './until.js';
export { testFleet, type TestPile } from './fleets.js';
export { startHarness, type Harness } from './harness.js';
