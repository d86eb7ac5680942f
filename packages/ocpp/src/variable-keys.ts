/**
 * 2.0.1 addresses a setting by component and variable (each with an optional instance) and an optional
 * EVSE/connector; 1.6 by a flat key. Version-neutral commands use one text key for both:
 *
 *   Component[:instance][[evseId[:connectorId]]].Variable[:instance]
 *
 * e.g. `OCPPCommCtrlr.HeartbeatInterval`, `EVSE[1].AvailabilityState`, `Connector[1:2].AvailabilityState`,
 * `TempSensor:Inlet.Temperature`. Names and component instances cannot contain `.`, `:`, `[` or `]`.
 * Events carry the same `Name[:instance]` text in their `component` and `variable` fields.
 */
import type { ComponentType, VariableType } from './generated/ocpp201.js';

export interface VariableAddress {
  component: ComponentType;
  variable: VariableType;
}

const keyPattern = /^([^.:[\]]+)(?::([^.[\]]+))?(?:\[(\d+)(?::(\d+))?\])?\.([^.:[\]]+)(?::(.+))?$/;

/** undefined when the text is not such a key (a 1.6-style flat key, say). */
export function parseVariableKey(key: string): VariableAddress | undefined {
  const m = keyPattern.exec(key);
  if (!m) return undefined;
  const [, componentName, componentInstance, evseId, connectorId, variableName, variableInstance] = m;
  const component: ComponentType = { name: componentName! };
  if (componentInstance !== undefined) component.instance = componentInstance;
  if (evseId !== undefined) {
    component.evse = { id: Number(evseId) };
    if (connectorId !== undefined) component.evse.connectorId = Number(connectorId);
  }
  const variable: VariableType = { name: variableName! };
  if (variableInstance !== undefined) variable.instance = variableInstance;
  return { component, variable };
}

export function formatVariableKey({ component, variable }: VariableAddress): string {
  const evse = component.evse
    ? `[${component.evse.id}${component.evse.connectorId !== undefined ? `:${component.evse.connectorId}` : ''}]`
    : '';
  return `${named(component)}${evse}.${named(variable)}`;
}

/** `Name` or `Name:instance`. */
export function named(item: { name: string; instance?: string }): string {
  return item.instance !== undefined ? `${item.name}:${item.instance}` : item.name;
}
