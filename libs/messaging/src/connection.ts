import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

/**
 * Connects to NATS and keeps reconnecting for as long as the process lives: a broker that goes
 * away and comes back must not take an app down with it. The first connection is awaited too, so
 * an app that starts before NATS simply waits for it.
 */
export async function connectNats(url: string, name: string, logger: Logger): Promise<NatsConnection> {
  const servers = url.replace(/^nats:\/\//, '');
  const nc = await connect({
    servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') {
        logger.warn({ nats: status.type, server: status.server }, `NATS ${status.type}`);
      }
    }
  })();
  return nc;
}

/** Drains subscriptions and pending publishes, then closes; a closed connection is left alone. */
export async function drainNats(nc: NatsConnection | undefined): Promise<void> {
  if (!nc || nc.isClosed()) return;
  await nc.drain().catch(() => nc.close());
}

/** True when the connection is open and not in a reconnect cycle. */
export function natsReady(nc: NatsConnection | undefined): boolean {
  return !!nc && !nc.isClosed() && !nc.isDraining() && nc.info !== undefined && !isReconnecting(nc);
}

function isReconnecting(nc: NatsConnection): boolean {
  // The protocol handler flips `connected` off while a reconnect is in progress.
  const protocol = (nc as unknown as { protocol?: { connected?: boolean } }).protocol;
  return protocol?.connected === false;
}
