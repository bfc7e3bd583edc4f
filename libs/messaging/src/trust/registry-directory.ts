import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit, Optional } from '@nestjs/common';
import type { Logger } from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { HEALTH_DETAILS, type HealthDetail, ROOT_LOGGER } from '@iren/platform';
import { NatsClients } from '../nats.module';
import type { RegistryMirror } from '../registry-mirror';
import { BusKeysRepository } from './bus-keys.repository';
import { trustedRegistryMirror } from './registry-anchor';

/**
 * How long an app's copy may go without catching up with the registry before it is taken for
 * frozen (`IREN_REGISTRY_FOLLOW_SECONDS` for the gateway): the gateway then refuses tokens rather
 * than admit one revoked since. While NATS is up the copy catches up every second, so a revocation
 * still reaches open streams within seconds; the bound is how long NATS may be away before the
 * gateway stops serving officers.
 */
export const REGISTRY_FOLLOW_BOUND_MS = Symbol('REGISTRY_FOLLOW_BOUND_MS');
export const DEFAULT_REGISTRY_FOLLOW_BOUND_MS = 5_000;
/** How often the copy catches up by itself, besides the consumers' own catch-ups. */
const FOLLOW_PROBE_MS = 1_000;

/**
 * An app's copy of the registry (members, credential hashes, nodes' and services' keys) from the
 * KV bucket, taking only what the registry signed: the gateway authenticates requests and checks
 * addressing and deliveries with it, the router routes with it, the audit checks who signed what
 * it records.
 */
@Injectable()
export class RegistryDirectory implements OnModuleInit, OnApplicationShutdown {
  private mirror?: RegistryMirror;
  private loading?: Promise<RegistryMirror>;
  private probe?: NodeJS.Timeout;
  private readonly logger: Logger;

  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly trust: BusKeysRepository,
    @Inject(HEALTH_DETAILS) private readonly health: HealthDetail[],
    @Inject(ROOT_LOGGER) logger: Logger,
    @Optional() @Inject(REGISTRY_FOLLOW_BOUND_MS) private readonly boundMs: number = DEFAULT_REGISTRY_FOLLOW_BOUND_MS,
  ) {
    this.logger = logger.child({ context: RegistryDirectory.name });
  }

  get registry(): RegistryMirror {
    if (!this.mirror) throw new Error('registry mirror not loaded yet');
    return this.mirror;
  }

  /** The mirror once loaded (providers that build on it at start await this: start hooks run together). */
  ready(): Promise<RegistryMirror> {
    this.loading ??= this.load();
    return this.loading;
  }

  async onModuleInit(): Promise<void> {
    await this.ready();
  }

  /**
   * True while this copy follows the registry: it caught up with the bucket within the bound
   * (`REGISTRY_FOLLOW_BOUND_MS`). When false, what it says may be stale by any amount.
   */
  following(): boolean {
    return this.mirror?.following(this.boundMs) ?? false;
  }

  private async load(): Promise<RegistryMirror> {
    const mirror = await trustedRegistryMirror(this.nats, this.names, this.trust, this.logger);
    await mirror.start();
    this.mirror = mirror;
    // What was written into the registry bucket without the registry's signature, and refused.
    this.health.push({ name: 'registryBucket', detail: () => mirror.refused });
    this.probeFollowing(mirror);
    return mirror;
  }

  /**
   * Catches up every second, and at once when NATS is back after a disconnection, so a copy that
   * stopped following is noticed even while nothing asks it, and one that follows again is too.
   */
  private probeFollowing(mirror: RegistryMirror): void {
    let probing = false;
    let reported = true;
    const probe = (): void => {
      const following = this.following();
      if (following !== reported) {
        reported = following;
        if (following) this.logger.info('the registry copy follows the registry again');
        else this.logger.error({ boundMs: this.boundMs }, 'the registry copy no longer follows the registry');
      }
      if (probing) return;
      probing = true;
      // A request asked while NATS is away waits for its own timeout; the next probe need not.
      const gaveUp = new Promise((resolve) => setTimeout(resolve, FOLLOW_PROBE_MS).unref());
      void Promise.race([mirror.catchUp(FOLLOW_PROBE_MS).catch(() => false), gaveUp]).finally(() => (probing = false));
    };
    this.probe = setInterval(probe, FOLLOW_PROBE_MS);
    this.probe.unref();
    void (async () => {
      for await (const status of this.nats.nc.status()) if (status.type === 'reconnect') probe();
    })();
  }

  onApplicationShutdown(): void {
    clearInterval(this.probe);
    this.mirror?.stop();
  }
}
