import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { TokenEntity } from './token.entity';

@Injectable()
export class TokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, token: Pick<TokenEntity, 'id' | 'nodeId' | 'hash'>): Promise<TokenEntity> {
    await manager.insert(TokenEntity, token);
    return (await manager.findOneBy(TokenEntity, { id: token.id }))!;
  }

  findByNode(manager: EntityManager, nodeId: string, id: string): Promise<TokenEntity | null> {
    return manager.findOneBy(TokenEntity, { id, nodeId });
  }

  async revoke(manager: EntityManager, id: string): Promise<void> {
    await manager.update(TokenEntity, { id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }

  findByHash(hash: string): Promise<TokenEntity | null> {
    return this.dataSource.manager.findOneBy(TokenEntity, { hash });
  }

  /** Tokens that still grant access; the KV mirror holds exactly these. */
  listActive(): Promise<TokenEntity[]> {
    return this.dataSource.manager.findBy(TokenEntity, { revokedAt: IsNull() });
  }
}
