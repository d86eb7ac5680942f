/** Every error the simulator raises on purpose, with a stable code a script or test can match on. */

export const simulatorErrorCodes = {
  PW_SIM_BAD_ARGUMENT: 'a command-line argument is missing or has a bad value',
  PW_SIM_SCENARIO_NOT_FOUND: 'the scenario is neither a bundled name nor a readable file',
  PW_SIM_SCENARIO_INVALID: 'the scenario file is not valid JSON or does not match the scenario format',
  PW_SIM_FLEET_UNREADABLE: 'the fleet file cannot be read',
  PW_SIM_FLEET_INVALID: 'the fleet file is not valid JSON or does not match the fleet format',
  PW_SIM_PLAN_TARGETS: 'the Xinzhou plan targets file cannot be found, read or understood',
  PW_SIM_UNKNOWN_CHARGER: 'no charger with that identity in this simulation',
  PW_SIM_INVALID_STATE: 'the charger cannot do that in its current state',
} as const;

export type SimulatorErrorCode = keyof typeof simulatorErrorCodes;

export class SimulatorError extends Error {
  constructor(
    readonly code: SimulatorErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SimulatorError';
  }
}
