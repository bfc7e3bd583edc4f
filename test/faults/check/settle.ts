import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Client } from 'pg';
import type { ConsumableStream, ExchangeNames } from '@iren/contracts';

/**
 * One place work waits in: a NATS server with its streams, and the database of the apps on it.
 * The hub has the gateway's and the registry's outboxes; a national site only its gateway's, and
 * its `FROM_HUB` stream besides the network's.
 */
export interface SettlePart {
  /** For the reports: `hub`, `site KZ`. */
  name: string;
  nats: () => Promise<NatsConnection>;
  db: () => Promise<Client>;
  /** The schemas whose outbox relays publish to NATS. */
  outboxes: readonly string[];
  /** The streams whose durable consumers must have nothing pending, and whose sources no lag. */
  streams: readonly ConsumableStream[];
}

/** The hub's part, as every single-site harness has it. */
export const HUB_OUTBOXES = ['gateway', 'registry'] as const;
export const HUB_STREAMS: readonly ConsumableStream[] = ['EXCHANGE', 'INBOX', 'EVENTS'];

/** Work not yet done, where it waits: `iren_router: 3 pending, 1 unacked`, `gateway outbox: 12 unsent`. */
export type Backlog = string[];

/**
 * Everything that still waits between the stages: unsent outbox rows, what durable consumers have
 * not acked, and what a stream has not yet sourced from across a leaf link.
 */
export async function backlog(
  nc: NatsConnection,
  db: Client,
  names: ExchangeNames,
  part: SettlePart,
): Promise<Backlog> {
  const waiting: Backlog = [];
  const where = (line: string) => waiting.push(part.name === 'hub' ? line : `${part.name}: ${line}`);
  for (const schema of part.outboxes) {
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "${schema}"."outbox" WHERE sent_at IS NULL`,
    );
    if (rows[0].n > 0) where(`${schema} outbox: ${rows[0].n} unsent`);
  }
  const jsm: JetStreamManager = await jetstreamManager(nc);
  for (const stream of part.streams) {
    const info = await jsm.streams.info(names.stream(stream));
    for (const source of info.sources ?? []) {
      if (source.lag > 0) where(`${info.config.name} from ${source.name}: ${source.lag} to source`);
    }
    for await (const consumer of jsm.consumers.list(names.stream(stream))) {
      if (consumer.num_pending + consumer.num_ack_pending === 0) continue;
      where(`${consumer.name}: ${consumer.num_pending} pending, ${consumer.num_ack_pending} unacked`);
    }
  }
  return waiting;
}

/**
 * Waits until the network has nothing left to do in any of its parts: every outbox sent, every
 * durable consumer with nothing pending or unacked and every source caught up, `quietLooks` times in
 * a row a second apart (two by default: a delivery's ledger event follows it through the gateway's
 * outbox). Fails after `timeoutMs` naming what still waits. A server that does not answer yet
 * counts as not settled.
 */
export async function settle(
  parts: readonly SettlePart[],
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
    last = (await Promise.all(parts.map((part) => look(part, names)))).flat();
    calm = last.length === 0 ? calm + 1 : 0;
  }
}

async function look(part: SettlePart, names: ExchangeNames): Promise<Backlog> {
  let nc: NatsConnection | undefined;
  let db: Client | undefined;
  try {
    nc = await part.nats();
    db = await part.db();
    return await backlog(nc, db, names, part);
  } catch (error) {
    return [`${part.name}: cannot look: ${(error as Error).message}`];
  } finally {
    await nc?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
  }
}
