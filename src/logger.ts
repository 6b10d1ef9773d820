// Structured logs. Secrets never reach here: the redact list covers the fields that could carry them.
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    redact: { paths: ['*.secret', '*.appSecret', '*.token', '*.encryptKey', '*.aesKey', 'headers.authorization'], censor: '[redacted]' },
  });
}
