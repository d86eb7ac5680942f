/**
 * Restart a charger. 1.6 Soft/Hard say how (gracefully or by power-cycling); 2.0.1 Immediate/OnIdle say
 * when. We map by what an operator means: `hard` = restart now whatever is charging (Immediate);
 * `soft` = restart without cutting anyone's session abruptly (OnIdle: after the transactions end).
 * 2.0.1 `Scheduled` (will reset when idle) counts as accepted.
 */
import type { ResetRequest as Reset16 } from '../generated/ocpp16.js';
import type { ResetRequest as Reset201 } from '../generated/ocpp201.js';
import { statusResult, type Command, type CommandCodec } from './command.js';

type ResetCommand = Extract<Command, { kind: 'reset' }>;

export const reset: CommandCodec<ResetCommand> = {
  'ocpp1.6': {
    encode(c) {
      const params: Reset16 = { type: c.type === 'hard' ? 'Hard' : 'Soft' };
      return { method: 'Reset', params };
    },
    decode: (_c, result) => statusResult(result, 'Reset', ['Accepted']),
  },
  'ocpp2.0.1': {
    encode(c) {
      const params: Reset201 = { type: c.type === 'hard' ? 'Immediate' : 'OnIdle' };
      return { method: 'Reset', params };
    },
    decode: (_c, result) => statusResult(result, 'Reset', ['Accepted', 'Scheduled']),
  },
};
