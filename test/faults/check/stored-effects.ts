import type { Client } from 'pg';
import type { StoredEffects } from './delivery-verdict';

/**
 * Reads, straight from the apps' databases, the deliveries and ledger entries of the given
 * messages: the ledger from the hub's, the deliveries from the hub's and every national site's
 * gateway (`siteDbs`), where each site's nodes have theirs.
 */
export async function readStoredEffects(
  db: Client,
  messageIds: readonly string[],
  siteDbs: readonly Client[] = [],
): Promise<StoredEffects> {
  const ids = [...messageIds];
  const deliveries = [];
  for (const gateway of [db, ...siteDbs]) {
    const { rows } = await gateway.query<{ messageId: string; node: string; rows: number }>(
      `SELECT message_id::text AS "messageId", node, count(*)::int AS rows
         FROM gateway.deliveries WHERE message_id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [ids],
    );
    deliveries.push(...rows);
  }
  const ledger = await db.query<StoredEffects['ledger'][number]>(
    `SELECT type, message_id::text AS "messageId", node, count(*)::int AS entries
       FROM audit.ledger
      WHERE type IN ('message.published', 'message.delivered') AND message_id = ANY($1::uuid[])
      GROUP BY 1, 2, 3`,
    [ids],
  );
  return { deliveries, ledger: ledger.rows };
}

/**
 * Alerts the gateways stored whose 202 never reached an officer (the answer was cut off, or timed
 * out): not promised, so not judged, but worth reporting.
 */
export async function storedWithoutAnswer(dbs: readonly Client[], answered: ReadonlySet<string>): Promise<number> {
  let count = 0;
  for (const db of dbs) {
    const { rows } = await db.query<{ id: string }>(`SELECT id::text AS id FROM gateway.messages WHERE kind = 'ALERT'`);
    count += rows.filter((r) => !answered.has(r.id)).length;
  }
  return count;
}
