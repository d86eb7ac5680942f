/** OCPP 1.6J, as a virtual pile speaks it. */
import type { Dialect } from '../charger/dialect.js';
import { installOcpp16Commands } from './commands.js';
import { ocpp16Messages } from './messages.js';

export const ocpp16: Dialect = {
  protocol: 'ocpp1.6',
  ...ocpp16Messages,
  installCommands: installOcpp16Commands,
};
