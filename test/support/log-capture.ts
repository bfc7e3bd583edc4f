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
 * destination, so every line of the app is kept (and nothing else: the process's stdout is not touched).
 */
export function capturedLogger(app: string, level = 'info'): CapturedLogger {
  const text: string[] = [];
  const logger = createRootLogger(app, level, {
    write: (line: string) => {
      text.push(line);
    },
  });
  return { logger, text, lines: () => text.map((line) => JSON.parse(line) as LogLine) };
}
