import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NatsCredentialEntity } from './nats-credential.entity';

@Injectable()
export class NatsCredentialsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, credential: Omit<NatsCredentialEntity, 'revokedAt' | 'toRecord'>) {
    await manager.insert(NatsCredentialEntity, { ...credential, revokedAt: null });
  }

  listOf(nodeId: string): Promise<NatsCredentialEntity[]> {
    return this.dataSource.manager.find(NatsCredentialEntity, { where: { nodeId }, order: { issuedAt: 'ASC' } });
  }

  find(manager: EntityManager, nodeId: string, id: string): Promise<NatsCredentialEntity | null> {
    return manager.findOneBy(NatsCredentialEntity, { nodeId, id });
  }

  async revoke(manager: EntityManager, id: string): Promise<void> {
    await manager.update(NatsCredentialEntity, { id }, { revokedAt: () => 'now()' });
  }

  /**
   * Every user the account must refuse: revoked credentials, and all credentials of a suspended
   * node (they work again if it is reinstated). Each with the time from which its JWTs are refused,
   * never before the JWT was issued, in Unix seconds.
   */
  async revocations(): Promise<Record<string, number>> {
    const rows: { user: string; at: string }[] = await this.dataSource.query(
      `SELECT c.user_public_key AS "user",
              extract(epoch FROM greatest(c.issued_at, coalesce(c.revoked_at, n.updated_at)))::bigint AS "at"
         FROM "registry"."nats_credentials" c JOIN "registry"."nodes" n ON n.id = c.node_id
        WHERE c.revoked_at IS NOT NULL OR n.status = 'SUSPENDED'`,
    );
    return Object.fromEntries(rows.map((r) => [r.user, Number(r.at)]));
  }
}
