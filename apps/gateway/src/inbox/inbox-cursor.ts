import type { EntityManager } from 'typeorm';

/** Key space of the per-node inbox locks (the first key of the two-key advisory lock). */
const INBOX_LOCK_SPACE = 0x1b0c;

/**
 * The next cursor of a node's inbox, for a delivery stored or changed in the caller's transaction.
 * Sequence values are handed out in call order but become visible in commit order; a reader could
 * skip a row whose smaller value commits after it read a larger one. The transaction-scoped lock
 * per node makes the writers of one inbox take their values one after another's commit, so within
 * an inbox, cursor order is commit order. Callers holding row locks take this lock last.
 */
export async function nextInboxCursor(manager: EntityManager, node: string): Promise<string> {
  // One round trip: the lock is taken in the subquery (OFFSET 0 keeps it from being merged into the
  // outer select list), before the sequence is advanced.
  const [row] = await manager.query(
    `SELECT nextval('"gateway"."deliveries_cursor_seq"')::text AS cursor
       FROM (SELECT pg_advisory_xact_lock($1, hashtext($2)) OFFSET 0) AS inbox_lock`,
    [INBOX_LOCK_SPACE, node],
  );
  return row.cursor;
}

/** The SQL that takes an inbox's next cursor, for rows inserted while their inboxes are locked (`lockInboxes`). */
export const NEXT_INBOX_CURSOR = `nextval('"gateway"."deliveries_cursor_seq"')`;

/**
 * Takes the inbox locks of `nodes` for the caller's transaction, in sorted order (so two writers of
 * overlapping inboxes cannot each wait for the other), in one round trip: while they are held, the
 * transaction may take cursors of those inboxes with `NEXT_INBOX_CURSOR`.
 */
export async function lockInboxes(manager: EntityManager, nodes: string[]): Promise<void> {
  const sorted = [...new Set(nodes)].sort();
  // unnest hands out its elements in array order, and each row's lock is taken as the row is produced.
  await manager.query(`SELECT pg_advisory_xact_lock($1, hashtext(node)) FROM unnest($2::text[]) AS node`, [
    INBOX_LOCK_SPACE,
    sorted,
  ]);
}
