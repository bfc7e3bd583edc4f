import pino, { type Logger } from 'pino';

/** Paths never written to a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'token',
  '*.token',
  'adminToken',
];

/** The root JSON logger of an app; classes take `logger.child({ context: Class.name })`. */
export function createRootLogger(app: string, level: string): Logger {
  return pino({
    level,
    base: { app },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type { Logger };
