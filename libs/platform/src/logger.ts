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

/**
 * The root JSON logger of an app; classes take `logger.child({ context: Class.name })`. It writes
 * to standard output unless given another `destination` (a test keeping the lines).
 */
export function createRootLogger(app: string, level: string, destination?: pino.DestinationStream): Logger {
  const options = {
    level,
    base: { app },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
