import type { DataSource } from 'typeorm';

/** The migration statements of an app's `bus_keys` table, for its `up` and `down`. */
export function busKeysTableSql(schema: string): { up: string[]; down: string[] } {
  return {
    up: [
      `CREATE TABLE "${schema}"."bus_keys" (
        "name" text PRIMARY KEY,
        "key_id" text NOT NULL,
        "public_key" text NOT NULL,
        "private_key" text,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`,
    ],
    down: [`DROP TABLE "${schema}"."bus_keys"`],
  };
}

/** A key an app keeps: its own signing key (with the private part), or a key it pinned (public part only). */
export interface StoredBusKey {
  keyId: string;
  publicKey: string;
  privateKey: string | null;
  /** When it was stored (set by the database). */
  createdAt?: Date;
}

/** Rows: `self` (the app's own signing key), `registry` (the registry's key, pinned on first use). */
export type BusKeyName = 'self' | 'registry';

/**
 * An app's keys for the bus (`<schema>.bus_keys`). Each row is written once: two instances that
 * start together keep whichever was stored first, and a pinned key is never replaced by the app.
 * An operator re-pins the registry's key with `DELETE FROM <schema>.bus_keys WHERE name = 'registry'`.
 */
export class BusKeysRepository {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    schema: string,
  ) {
    this.table = `"${schema}"."bus_keys"`;
  }

  async find(name: BusKeyName): Promise<StoredBusKey | null> {
    const [row]: { key_id: string; public_key: string; private_key: string | null; created_at: Date }[] =
      await this.dataSource.query(
        `SELECT key_id, public_key, private_key, created_at FROM ${this.table} WHERE name = $1`,
        [name],
      );
    if (!row) return null;
    return { keyId: row.key_id, publicKey: row.public_key, privateKey: row.private_key, createdAt: row.created_at };
  }

  /** Stores the key under `name` unless one is there already; answers the one stored. */
  async storeOnce(name: BusKeyName, key: StoredBusKey): Promise<StoredBusKey> {
    await this.dataSource.query(
      `INSERT INTO ${this.table} (name, key_id, public_key, private_key) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO NOTHING`,
      [name, key.keyId, key.publicKey, key.privateKey],
    );
    return (await this.find(name))!;
  }
}
