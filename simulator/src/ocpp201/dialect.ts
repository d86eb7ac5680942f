/** OCPP 2.0.1, as a virtual charging station speaks it. */
import type { Dialect } from '../charger/dialect.js';
import { installOcpp201Commands } from './commands.js';
import { ocpp201Messages } from './messages.js';

export const ocpp201: Dialect = {
  protocol: 'ocpp2.0.1',
  ...ocpp201Messages,
  installCommands: installOcpp201Commands,
};
