/** The command a caller may send, checked against `@pilewatch/ocpp`'s `Command` type at compile time. */
import { z } from 'zod';
import type { Command } from '@pilewatch/ocpp';

const evse = z.number().int().min(0).max(1000);
const positive = z.number().int().min(1).max(1000);

export const commandSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('remoteStart'),
    idTag: z.string().min(1).max(36).describe('the id token to start for'),
    evseId: positive.optional(),
    connectorId: positive.optional(),
    remoteStartId: z.number().int().min(0).optional().describe('2.0.1 remoteStartId; generated when omitted'),
  }),
  z.strictObject({ kind: z.literal('remoteStop'), transactionId: z.string().min(1).max(36) }),
  z.strictObject({ kind: z.literal('reset'), type: z.enum(['soft', 'hard']) }),
  z.strictObject({
    kind: z.literal('changeAvailability'),
    evseId: evse.describe('0 = the whole charger'),
    connectorId: positive.optional(),
    available: z.boolean(),
  }),
  z.strictObject({
    kind: z.literal('getConfiguration'),
    keys: z.array(z.string().min(1).max(200)).max(100).optional().describe('1.6 keys or 2.0.1 Component.Variable keys; all when omitted'),
  }),
  z.strictObject({ kind: z.literal('changeConfiguration'), key: z.string().min(1).max(200), value: z.string().max(1000) }),
  z.strictObject({
    kind: z.literal('triggerMessage'),
    message: z.enum([
      'BootNotification',
      'Heartbeat',
      'StatusNotification',
      'MeterValues',
      'FirmwareStatusNotification',
      'DiagnosticsStatusNotification',
      'LogStatusNotification',
    ]),
    evseId: evse.optional(),
    connectorId: positive.optional(),
  }),
  z.strictObject({ kind: z.literal('unlockConnector'), evseId: positive, connectorId: positive.optional() }),
]);

// Both directions: every schema-valid body is a Command, and every Command kind has a schema.
type Parsed = z.output<typeof commandSchema>;
const _isCommand = (c: Parsed): Command => c;
const _coversCommand = (c: Command): Parsed['kind'] => c.kind;
void _isCommand;
void _coversCommand;
