/** A command's text key → the 2.0.1 component/variable it names, or a clear refusal. */
import { parseVariableKey, type VariableAddress } from '../variable-keys.js';
import { invalidCommand } from './command.js';

export function addressOf(key: string, kind: string): VariableAddress {
  const address = parseVariableKey(key);
  if (!address) {
    throw invalidCommand(
      `${kind}: OCPP 2.0.1 needs keys like "Component.Variable" or "Component[evse].Variable", got "${key}"`,
      { key },
    );
  }
  return address;
}
