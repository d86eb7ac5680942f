/** Structured JSON logs. Secrets are redacted by path wherever they could appear. */
import { pino, type Logger } from 'pino';
import type { Config } from '@pilewatch/config';

export const redactPaths = [
  'password',
  '*.password',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'headers.authorization',
  'databaseUrl',
];

export function createLogger(config: Config, destination?: NodeJS.WritableStream): Logger {
  return pino({ level: config.log.level, redact: { paths: redactPaths, censor: '[redacted]' } }, destination ?? process.stdout);
}
