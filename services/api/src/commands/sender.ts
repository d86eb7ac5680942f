/**
 * How a command reaches a charger: directly through the central system in the same process, or over the
 * bus to whichever csms node holds the charger. The API sees one `send` either way, and one set of errors.
 */
import { sendChargerCommand, type Bus } from '@pilewatch/bus';
import type { Command, CommandResult } from '@pilewatch/ocpp';

export interface CommandSender {
  /** Resolves with the charger's answer; rejects with a coded error (offline, timeout, rejected, invalid). */
  send(chargerId: string, command: Command): Promise<CommandResult>;
}

/**
 * Sends over the bus. The wait outlasts the csms's own call timeout, so a charger that does not answer
 * surfaces as the csms's timeout error rather than the bus's.
 */
export function busCommandSender(bus: Bus, callTimeoutS: number): CommandSender {
  return {
    send: async (chargerId, command) =>
      (await sendChargerCommand(bus, chargerId, command, callTimeoutS * 1000 + 5000)) as CommandResult,
  };
}
