import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ServiceKeysRecord, ServiceName } from '@iren/contracts';
import { ServiceKeyEntity } from './service-key.entity';

@Injectable()
export class ServiceKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(keyId: string, manager: EntityManager = this.dataSource.manager): Promise<ServiceKeyEntity | null> {
    return manager.findOneBy(ServiceKeyEntity, { keyId });
  }

  /** Whether the service has any key yet. */
  async any(service: ServiceName, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return (await manager.countBy(ServiceKeyEntity, { service })) > 0;
  }

  async insert(manager: EntityManager, key: { keyId: string; service: ServiceName; publicKey: string }) {
    await manager.insert(ServiceKeyEntity, key);
  }

  /** A service's keys, oldest first, as the bucket shows them under `services.<service>`. */
  async recordOf(service: ServiceName, manager: EntityManager = this.dataSource.manager): Promise<ServiceKeysRecord> {
    const keys = await manager.find(ServiceKeyEntity, {
      where: { service },
      order: { registeredAt: 'ASC', keyId: 'ASC' },
    });
    return { service, keys: keys.map((k) => k.toRecord()) };
  }

  /** Every service that registered a key (for the bucket's resync). */
  async listServices(): Promise<ServiceName[]> {
    const rows: { service: ServiceName }[] = await this.dataSource.query(
      `SELECT DISTINCT service FROM "registry"."service_keys" ORDER BY service`,
    );
    return rows.map((r) => r.service);
  }

  /** Serialises registrations of one service (two first keys must not both win). */
  async lockService(manager: EntityManager, service: ServiceName): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('registry.service_keys:' || $1))`, [service]);
  }
}
