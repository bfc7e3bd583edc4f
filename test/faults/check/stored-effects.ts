import type { Client } from 'pg';
import type { StoredEffects } from './delivery-verdict';

/** Reads, straight from the apps' database, the deliveries and ledger entries of the given messages. */
export async function readStoredEffects(db: Client, messageIds: readonly string[]): Promise<StoredEffects> {
  const ids = [...messageIds];
  const deliveries = await db.query<{ messageId: string; node: string; rows: number }>(
    `SELECT message_id::text AS "messageId", node, count(*)::int AS rows
       FROM gateway.deliveries WHERE message_id = ANY($1::uuid[]) GROUP BY 1, 2`,
    [ids],
  );
  const ledger = await db.query<StoredEffects['ledger'][number]>(
    `SELECT type, message_id::text AS "messageId", node, count(*)::int AS entries
       FROM audit.ledger
      WHERE type IN ('message.published', 'message.delivered') AND message_id = ANY($1::uuid[])
      GROUP BY 1, 2, 3`,
    [ids],
  );
  return { deliveries: deliveries.rows, ledger: ledger.rows };
}

/**
 * Alerts the gateway stored whose 202 never reached an officer (the answer was cut off, or timed
 * out): not promised, so not judged, but worth reporting.
 */
export async function storedWithoutAnswer(db: Client, answered: ReadonlySet<string>): Promise<number> {
  const { rows } = await db.query<{ id: string }>(`SELECT id::text AS id FROM gateway.messages WHERE kind = 'ALERT'`);
  return rows.filter((r) => !answered.has(r.id)).length;
}
