import type { DataSource } from 'typeorm';
import type { Checkpoint } from '@iren/ledger';

/** What a watcher keeps: the pinned audit key, the last checkpoint it accepted, an open alert. */
export interface CheckpointWatchState {
  keyId: string | null;
  publicKey: string | null;
  checkpoint: Checkpoint | null;
  alert: { reason: string; offered: Checkpoint; at: string } | null;
}

/** The migration statements of an app's `checkpoint_watch` table (one row), for its `up` and `down`. */
export function checkpointWatchTableSql(schema: string): { up: string[]; down: string[] } {
  return {
    up: [
      `CREATE TABLE "${schema}"."checkpoint_watch" (
        "id" smallint PRIMARY KEY DEFAULT 1 CHECK ("id" = 1),
        "key_id" text,
        "public_key" text,
        "checkpoint" jsonb,
        "alert_reason" text,
        "alert_checkpoint" jsonb,
        "alert_at" timestamptz,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`,
      `INSERT INTO "${schema}"."checkpoint_watch" ("id") VALUES (1)`,
    ],
    down: [`DROP TABLE "${schema}"."checkpoint_watch"`],
  };
}

interface WatchRow {
  key_id: string | null;
  public_key: string | null;
  checkpoint: Checkpoint | null;
  alert_reason: string | null;
  alert_checkpoint: Checkpoint | null;
  alert_at: Date | null;
}

/**
 * An app's one-row record of the audit ledger as it last saw it (`<schema>.checkpoint_watch`).
 * An operator acknowledges an alert with {@link acknowledge}, or in SQL:
 * `UPDATE <schema>.checkpoint_watch SET alert_reason = NULL, alert_checkpoint = NULL, alert_at = NULL,
 * checkpoint = NULL, key_id = NULL, public_key = NULL`.
 */
export class CheckpointWatchRepository {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.table = `"${schema}"."checkpoint_watch"`;
  }

  async load(): Promise<CheckpointWatchState> {
    const [row]: WatchRow[] = await this.dataSource.query(`SELECT * FROM ${this.table} WHERE "id" = 1`);
    return {
      keyId: row?.key_id ?? null,
      publicKey: row?.public_key ?? null,
      checkpoint: row?.checkpoint ?? null,
      alert:
        row?.alert_reason && row.alert_checkpoint && row.alert_at
          ? { reason: row.alert_reason, offered: row.alert_checkpoint, at: row.alert_at.toISOString() }
          : null,
    };
  }

  async pinKey(keyId: string, publicKey: string): Promise<void> {
    await this.update(`"key_id" = $1, "public_key" = $2`, [keyId, publicKey]);
  }

  async accept(checkpoint: Checkpoint): Promise<void> {
    await this.update(`"checkpoint" = $1`, [JSON.stringify(checkpoint)]);
  }

  /** Records an alert; answers false when one was already open (it is raised once, not on every poll). */
  async raiseAlert(reason: string, offered: Checkpoint): Promise<boolean> {
    // TypeORM answers an UPDATE on PostgreSQL as [rows, affected count].
    const [, affected]: [unknown[], number] = await this.dataSource.query(
      `UPDATE ${this.table} SET "alert_reason" = $1, "alert_checkpoint" = $2, "alert_at" = now(), "updated_at" = now()
       WHERE "id" = 1 AND "alert_at" IS NULL RETURNING "id"`,
      [reason, JSON.stringify(offered)],
    );
    return affected > 0;
  }

  /** True while an alert waits for an operator. */
  async alertOpen(): Promise<boolean> {
    const [row]: { open: boolean }[] = await this.dataSource.query(
      `SELECT "alert_at" IS NOT NULL AS "open" FROM ${this.table} WHERE "id" = 1`,
    );
    return row?.open ?? false;
  }

  /**
   * The operator has looked into the alert and trusts the ledger as it is now: the alert closes
   * and the watcher forgets the checkpoint and key it held, so the next checkpoint starts anew.
   */
  async acknowledge(): Promise<void> {
    await this.update(
      `"alert_reason" = NULL, "alert_checkpoint" = NULL, "alert_at" = NULL, "checkpoint" = NULL, "key_id" = NULL, "public_key" = NULL`,
      [],
    );
  }

  private async update(assignments: string, params: unknown[]): Promise<void> {
    await this.dataSource.query(`UPDATE ${this.table} SET ${assignments}, "updated_at" = now() WHERE "id" = 1`, params);
  }
}
