/** Stop a transaction. 1.6 RemoteStopTransaction takes our integer id; 2.0.1 RequestStopTransaction the station's string. */
import type { RemoteStopTransactionRequest } from '../generated/ocpp16.js';
import type { RequestStopTransactionRequest } from '../generated/ocpp201.js';
import { invalidCommand, statusResult, type Command, type CommandCodec } from './command.js';

type RemoteStop = Extract<Command, { kind: 'remoteStop' }>;

export const remoteStop: CommandCodec<RemoteStop> = {
  'ocpp1.6': {
    encode(c) {
      if (!/^-?\d+$/.test(c.transactionId)) {
        throw invalidCommand(`remoteStop: a 1.6 transactionId is an integer, got "${c.transactionId}"`, { transactionId: c.transactionId });
      }
      const params: RemoteStopTransactionRequest = { transactionId: Number(c.transactionId) };
      return { method: 'RemoteStopTransaction', params };
    },
    decode: (_c, result) => statusResult(result, 'RemoteStopTransaction', ['Accepted']),
  },
  'ocpp2.0.1': {
    encode(c) {
      const params: RequestStopTransactionRequest = { transactionId: c.transactionId };
      return { method: 'RequestStopTransaction', params };
    },
    decode: (_c, result) => statusResult(result, 'RequestStopTransaction', ['Accepted']),
  },
};
