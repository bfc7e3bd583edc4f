import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { parseNatsUrl } from './bus-auth/nats-url';
import { busConnectionOptions, type BusLogin } from './bus-auth/service-login';

/** Options shared by every long-lived connection of an app (its own, its RPC server's and client's). */
export const RECONNECT_FOREVER = { maxReconnectAttempts: -1, reconnectTimeWait: 500 } as const;

/**
 * Connects to NATS and keeps reconnecting for as long as the process lives: a broker that goes
 * away and comes back must not take an app down with it. The first connection is awaited too, so
 * an app that starts before NATS simply waits for it. With `login`, it connects as that service
 * (its credentials, its reply prefix); without, with only what `url` carries.
 */
export async function connectNats(
  url: string,
  name: string,
  logger: Logger,
  login?: Omit<BusLogin, 'url'>,
): Promise<NatsConnection> {
  const { servers, user, pass } = parseNatsUrl(url);
  const nc = await connect({
    ...(login ? busConnectionOptions({ url, ...login }) : { servers, ...(user !== undefined && { user, pass }) }),
    name,
    ...RECONNECT_FOREVER,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
    // Otherwise every request, JetStream publish and stream lookup builds two errors with stack
    // traces in case it fails: 7% of the gateway's CPU under load. Failures still say what failed.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect') {
        logger.warn({ nats: status.type, server: status.server }, `NATS ${status.type}`);
      } else if (status.type === 'error') {
        // A permissions violation, a refused login: the server names the subject or the reason.
        logger.error({ nats: status.type, err: status.error }, `NATS error: ${status.error.message}`);
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
