import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SigningKeyEntity } from './signing-key.entity';

@Injectable()
export class SigningKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores a new pair, committed on its own: it must exist before the registry hears of it. */
  async insert(key: Omit<SigningKeyEntity, 'createdAt'>): Promise<void> {
    await this.dataSource.manager.insert(SigningKeyEntity, key);
  }

  find(keyId: string): Promise<SigningKeyEntity | null> {
    return this.dataSource.manager.findOneBy(SigningKeyEntity, { keyId });
  }
}
