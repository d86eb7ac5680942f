/**
 * Read settings. 1.6 GetConfiguration (no keys = all keys); 2.0.1 GetVariables, which needs at least
 * one `Component.Variable` key (a full inventory is GetBaseReport, answered asynchronously by
 * NotifyReport). Both results become `data: ConfigurationEntry[]`; unknown 1.6 keys get status
 * `UnknownVariable`, the 2.0.1 word. The command itself counts as accepted once the charger answered.
 */
import type { GetConfigurationRequest } from '../generated/ocpp16.js';
import type { GetVariableResultType, GetVariablesRequest } from '../generated/ocpp201.js';
import { formatVariableKey } from '../variable-keys.js';
import { invalidCommand, malformedResult, type Command, type CommandCodec, type ConfigurationEntry } from './command.js';
import { addressOf } from './variable-address.js';

type GetConfiguration = Extract<Command, { kind: 'getConfiguration' }>;

export const getConfiguration: CommandCodec<GetConfiguration> = {
  'ocpp1.6': {
    encode(c) {
      const params: GetConfigurationRequest = {};
      if (c.keys && c.keys.length > 0) params.key = c.keys;
      return { method: 'GetConfiguration', params };
    },
    decode(_c, result) {
      const known = arrayField(result, 'configurationKey', 'GetConfiguration') as Array<{ key: string; readonly: boolean; value?: string }>;
      const unknown = arrayField(result, 'unknownKey', 'GetConfiguration') as string[];
      const data: ConfigurationEntry[] = [
        ...known.map((k) => {
          const entry: ConfigurationEntry = { key: k.key, readonly: k.readonly, status: 'Accepted' };
          if (k.value !== undefined) entry.value = k.value;
          return entry;
        }),
        ...unknown.map((key) => ({ key, status: 'UnknownVariable' })),
      ];
      return { status: 'Accepted', accepted: true, data };
    },
  },
  'ocpp2.0.1': {
    encode(c) {
      const keys = c.keys ?? [];
      if (keys.length === 0) {
        throw invalidCommand('getConfiguration: OCPP 2.0.1 GetVariables needs at least one Component.Variable key; a full inventory is GetBaseReport');
      }
      const params: GetVariablesRequest = { getVariableData: keys.map((key) => addressOf(key, 'getConfiguration')) };
      return { method: 'GetVariables', params };
    },
    decode(_c, result) {
      const results = arrayField(result, 'getVariableResult', 'GetVariables') as GetVariableResultType[];
      const data = results.map((r) => {
        const entry: ConfigurationEntry = { key: formatVariableKey(r), status: r.attributeStatus };
        if (r.attributeValue !== undefined) entry.value = r.attributeValue;
        return entry;
      });
      return { status: 'Accepted', accepted: true, data };
    },
  },
};

function arrayField(result: Record<string, unknown>, field: string, method: string): unknown[] {
  const value = result[field];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw malformedResult(`${method} result field ${field} is not an array`, { result });
  return value;
}
