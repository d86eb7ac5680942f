/**
 * Change one setting. 1.6 ChangeConfiguration; 2.0.1 SetVariables with one `Component.Variable` key
 * (attribute Actual). RebootRequired counts as accepted: the value is stored, it applies after a reset.
 */
import type { ChangeConfigurationRequest } from '../generated/ocpp16.js';
import type { SetVariableResultType, SetVariablesRequest } from '../generated/ocpp201.js';
import { formatVariableKey } from '../variable-keys.js';
import { malformedResult, statusResult, type Command, type CommandCodec, type ConfigurationEntry } from './command.js';
import { addressOf } from './variable-address.js';

type ChangeConfiguration = Extract<Command, { kind: 'changeConfiguration' }>;

const applied = ['Accepted', 'RebootRequired'] as const;

export const changeConfiguration: CommandCodec<ChangeConfiguration> = {
  'ocpp1.6': {
    encode(c) {
      const params: ChangeConfigurationRequest = { key: c.key, value: c.value };
      return { method: 'ChangeConfiguration', params };
    },
    decode(c, result) {
      const decoded = statusResult(result, 'ChangeConfiguration', applied);
      const entry: ConfigurationEntry = { key: c.key, value: c.value, status: decoded.status };
      return { ...decoded, data: [entry] };
    },
  },
  'ocpp2.0.1': {
    encode(c) {
      const params: SetVariablesRequest = { setVariableData: [{ ...addressOf(c.key, 'changeConfiguration'), attributeValue: c.value }] };
      return { method: 'SetVariables', params };
    },
    decode(c, result) {
      const results = result.setVariableResult as SetVariableResultType[] | undefined;
      const first = Array.isArray(results) ? results[0] : undefined;
      if (!first || typeof first.attributeStatus !== 'string') {
        throw malformedResult('SetVariables result has no setVariableResult', { result });
      }
      const status = first.attributeStatus;
      const entry: ConfigurationEntry = { key: formatVariableKey(first), value: c.value, status };
      return { status, accepted: (applied as readonly string[]).includes(status), data: [entry] };
    },
  },
};
