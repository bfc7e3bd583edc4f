import type { JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { isNotFound } from './streams';

/**
 * Retries `lookup` until what it looks up exists. Only the registry lays out JetStream (streams,
 * the registry bucket); a service started before it, or while it restarts, waits here, saying so
 * once — and again every minute — instead of failing or creating it with the wrong settings.
 */
export async function waitUntilFound<T>(
  lookup: () => Promise<T>,
  what: string,
  logger: Logger,
  retryMs = 1000,
): Promise<T> {
  let lastLogged = 0;
  for (;;) {
    try {
      return await lookup();
    } catch (error) {
      if (!isNotFound(error)) throw error;
      if (Date.now() - lastLogged >= 60_000) {
        logger.warn({ waitingFor: what }, `${what} does not exist yet: waiting for the registry to create it`);
        lastLogged = Date.now();
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  }
}

/**
 * Waits until every one of `streams` exists, looking each up (`STREAM.INFO`: the one JetStream
 * right a service has on a stream it does not own).
 */
export async function waitForStreams(
  jsm: JetStreamManager,
  streams: readonly string[],
  logger: Logger,
  retryMs = 1000,
): Promise<void> {
  for (const stream of streams) {
    await waitUntilFound(() => jsm.streams.info(stream), `stream ${stream}`, logger, retryMs);
  }
}
