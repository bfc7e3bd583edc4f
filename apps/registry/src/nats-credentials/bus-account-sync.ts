import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { NatsAccountAuthority } from '@iren/messaging';
import { JobLock, ROOT_LOGGER } from '@iren/platform';
import { DataSource } from 'typeorm';
import { NatsCredentialsRepository } from './nats-credentials.repository';

/** The registry's authority over the bus's account, or null on a bus without authentication. */
export const NATS_ACCOUNT_AUTHORITY = Symbol('NATS_ACCOUNT_AUTHORITY');

const RETRY_MS = 2000;
/** Pushed again this often: a server (a national site's) that started from an older account catches up. */
const REPUSH_EVERY_MS = 60_000;

/**
 * Keeps the account the servers enforce in step with the registry: its revocations are every
 * revoked credential and every credential of a suspended node, re-signed and pushed to the
 * servers after each change, at start, every minute, and again until a push succeeds. A server
 * that receives it closes the revoked users' connections at once and refuses their new ones.
 * Several registries push in turn (`JobLock`), each reading the revocations once it holds the lock.
 */
@Injectable()
export class BusAccountSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private retry?: NodeJS.Timeout;
  private repush?: NodeJS.Timeout;
  private queue: Promise<boolean> = Promise.resolve(true);
  private readonly pushes: JobLock;

  constructor(
    @Inject(NATS_ACCOUNT_AUTHORITY) private readonly authority: NatsAccountAuthority | null,
    private readonly credentials: NatsCredentialsRepository,
    dataSource: DataSource,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: BusAccountSync.name });
    this.pushes = new JobLock(dataSource, 'registry.bus-account');
  }

  onApplicationBootstrap(): void {
    if (!this.authority) return;
    void this.sync();
    this.repush = setInterval(() => void this.sync(), REPUSH_EVERY_MS);
    this.repush.unref();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
    clearInterval(this.repush);
  }

  /** Pushes the account with the revocations now in force; answers whether the servers took it. */
  sync(): Promise<boolean> {
    const run = this.queue.then(() => this.push());
    this.queue = run;
    return run;
  }

  private async push(): Promise<boolean> {
    const authority = this.authority;
    if (!authority) return true;
    clearTimeout(this.retry);
    try {
      // In turn with the other registries: the last push is of the revocations last committed,
      // never of an older read that one of them pushed late.
      const revocations = await this.pushes.run(async () => {
        const current = await this.credentials.revocations();
        await authority.pushAccountJwt(await authority.accountJwt(current));
        return current;
      });
      this.logger.info({ revoked: Object.keys(revocations).length }, 'bus account pushed with its revocations');
      return true;
    } catch (error) {
      this.logger.warn({ err: error }, 'bus account not pushed; retrying');
      this.retry = setTimeout(() => void this.sync(), RETRY_MS);
      this.retry.unref();
      return false;
    }
  }
}
