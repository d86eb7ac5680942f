/**
 * Commands to chargers across nodes: the csms node holding a charger serves them, the API (on any node)
 * sends them. Both halves live here so the request shape is defined once.
 */
import type { Bus, Unsubscribe } from './bus.js';

interface CommandRequest {
  kind: 'charger.command';
  command: unknown;
}

/** Serves commands for the chargers `nodeId` claims, by handing them to the local central system. */
export function serveChargerCommands(
  bus: Bus,
  nodeId: string,
  send: (chargerId: string, command: unknown) => Promise<unknown>,
): Promise<Unsubscribe> {
  return bus.serve(nodeId, async (request, { chargerId }) => {
    const r = request as Partial<CommandRequest>;
    if (r?.kind !== 'charger.command') throw Object.assign(new Error('not a charger command'), { code: 'PW_BUS_UNKNOWN_REQUEST' });
    return send(chargerId, r.command);
  });
}

/** Sends a command to whichever node holds the charger and returns that node's answer (or its coded error). */
export function sendChargerCommand(bus: Bus, chargerId: string, command: unknown, timeoutMs: number): Promise<unknown> {
  const request: CommandRequest = { kind: 'charger.command', command };
  return bus.request(chargerId, request, timeoutMs);
}
