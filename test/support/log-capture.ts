import pino from 'pino';
import { createRootLogger, type Logger } from '@iren/platform';

/** One log line as pino wrote it, parsed. */
export type LogLine = Record<string, unknown> & { msg?: string };

/** An app's logger whose lines are kept rather than written out. */
export interface CapturedLogger {
  logger: Logger;
  /** Every line as written, redaction done: the text a log collector would receive. */
  readonly text: string[];
  /** The same lines, parsed. */
  lines(): LogLine[];
}

/**
 * The root logger `createRootLogger` makes for `app` (its level, base fields and redaction), its
 * lines kept in memory instead of written to stdout. Child loggers write through the same
 * destination, so every line of the app is kept.
 */
export function capturedLogger(app: string, level = 'info'): CapturedLogger {
  const logger = createRootLogger(app, level);
  const text: string[] = [];
  const destination = (logger as unknown as Record<symbol, { write(line: string): boolean }>)[pino.symbols.streamSym];
  destination.write = (line: string) => {
    text.push(line);
    return true;
  };
  return { logger, text, lines: () => text.map((line) => JSON.parse(line) as LogLine) };
}
