import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { NatsAccountAuthority } from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';
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
 */
@Injectable()
export class BusAccountSync implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private retry?: NodeJS.Timeout;
  private repush?: NodeJS.Timeout;
  private queue: Promise<boolean> = Promise.resolve(true);

  constructor(
    @Inject(NATS_ACCOUNT_AUTHORITY) private readonly authority: NatsAccountAuthority | null,
    private readonly credentials: NatsCredentialsRepository,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: BusAccountSync.name });
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
    if (!this.authority) return true;
    clearTimeout(this.retry);
    try {
      const revocations = await this.credentials.revocations();
      await this.authority.pushAccountJwt(await this.authority.accountJwt(revocations));
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
