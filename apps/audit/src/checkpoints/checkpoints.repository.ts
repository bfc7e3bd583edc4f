import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Checkpoint } from '@iren/ledger';

interface CheckpointRow {
  size: string;
  root_hash: string;
  timestamp: string;
  key_id: string;
  signature: string;
}

/** The signed checkpoints (`audit.checkpoints`) and the stored signing key (`audit.signing_keys`). */
@Injectable()
export class CheckpointsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a checkpoint; another instance may have signed the same size first, which is kept. */
  async add(checkpoint: Checkpoint): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "audit"."checkpoints" ("size", "root_hash", "timestamp", "key_id", "signature")
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("size") DO NOTHING`,
      [checkpoint.size, checkpoint.rootHash, checkpoint.timestamp, checkpoint.keyId, checkpoint.signature],
    );
  }

  /** The checkpoint of the largest size, or null before the first one. */
  async latest(): Promise<Checkpoint | null> {
    const rows: CheckpointRow[] = await this.dataSource.query(
      `SELECT "size", "root_hash", "timestamp", "key_id", "signature" FROM "audit"."checkpoints"
       ORDER BY "size" DESC LIMIT 1`,
    );
    if (rows.length === 0) return null;
    const [r] = rows;
    return {
      size: Number(r.size),
      rootHash: r.root_hash,
      timestamp: r.timestamp,
      keyId: r.key_id,
      signature: r.signature,
    };
  }

  /** The PEM of the stored signing key, the first one stored when instances raced to create it. */
  async storedKeyPem(): Promise<string | null> {
    const rows: { private_key_pem: string }[] = await this.dataSource.query(
      `SELECT "private_key_pem" FROM "audit"."signing_keys" ORDER BY "created_at", "key_id" LIMIT 1`,
    );
    return rows[0]?.private_key_pem ?? null;
  }

  async storeKey(keyId: string, privateKeyPem: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "audit"."signing_keys" ("key_id", "private_key_pem") VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [keyId, privateKeyPem],
    );
  }
}
