import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Client } from 'pg';
import type { ExchangeNames } from '@iren/contracts';

/** The schemas whose outbox relays publish to NATS. */
const OUTBOXES = ['gateway', 'registry'] as const;
const STREAMS = ['EXCHANGE', 'INBOX', 'EVENTS'] as const;

/** Work not yet done, where it waits: `iren_router: 3 pending, 1 unacked`, `gateway outbox: 12 unsent`. */
export type Backlog = string[];

/** Everything that still waits between the stages: unsent outbox rows and what durable consumers have not acked. */
export async function backlog(nc: NatsConnection, db: Client, names: ExchangeNames): Promise<Backlog> {
  const waiting: Backlog = [];
  for (const schema of OUTBOXES) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${schema}"."outbox" WHERE sent_at IS NULL`,
    );
    if (rows[0].n > 0) waiting.push(`${schema} outbox: ${rows[0].n} unsent`);
  }
  const jsm: JetStreamManager = await jetstreamManager(nc);
  for (const stream of STREAMS) {
    for await (const info of jsm.consumers.list(names.stream(stream))) {
      if (info.num_pending + info.num_ack_pending === 0) continue;
      waiting.push(`${info.name}: ${info.num_pending} pending, ${info.num_ack_pending} unacked`);
    }
  }
  return waiting;
}

/**
 * Waits until the network has nothing left to do: every outbox sent and every durable consumer of
 * EXCHANGE, INBOX and EVENTS with nothing pending or unacked, `quietLooks` times in a row a second
 * apart (two by default: a delivery's ledger event follows it through the gateway's outbox). Fails
 * after `timeoutMs` naming what still waits. A server that does not answer yet counts as not settled.
 */
export async function settle(
  connect: { nats: () => Promise<NatsConnection>; db: () => Promise<Client> },
  names: ExchangeNames,
  timeoutMs: number,
  quietLooks = 2,
): Promise<void> {
  const started = Date.now();
  let calm = 0;
  let last: Backlog = ['not looked yet'];
  while (calm < quietLooks) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `the network did not settle within ${Math.round(timeoutMs / 1000)} s; still waiting: ${last.join('; ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
    last = await look(connect, names);
    calm = last.length === 0 ? calm + 1 : 0;
  }
}

async function look(
  connect: { nats: () => Promise<NatsConnection>; db: () => Promise<Client> },
  names: ExchangeNames,
): Promise<Backlog> {
  let nc: NatsConnection | undefined;
  let db: Client | undefined;
  try {
    nc = await connect.nats();
    db = await connect.db();
    return await backlog(nc, db, names);
  } catch (error) {
    return [`cannot look: ${(error as Error).message}`];
  } finally {
    await nc?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
  }
}
