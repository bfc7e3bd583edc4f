import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import { StorageType } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import { Gauge, Registry } from 'prom-client';
import type { ExchangeNames, ServiceName } from '@iren/contracts';
import type { HealthDetail } from '@iren/platform';
import { Lease, type LeaseListener } from './lease';
import type { NatsClients } from './nats-clients';

/**
 * How long a holder's renewal stands, unless the app sets its own (the audit's ledger writer:
 * `IREN_LEDGER_LEASE_SECONDS`). A standby takes over a killed holder's lease 5 to 6.25 s after
 * its last renewal (a TTL, plus up to a look's interval); a holder stops acting 4 s after the last
 * renewal the server took. Short enough that work waits seconds, long enough that a GC pause or a
 * slow NATS round trip does not hand the lease around.
 */
export const LEASE_TTL_MS = 5_000;

/** The lease bucket's options, the same in every app (creating it is idempotent on equal options). */
function bucketOptions(replicas: number) {
  // allow_direct off: values are read with STREAM.MSG.GET, the one read right a service has on it.
  return { history: 1, storage: StorageType.File, replicas, allow_direct: false };
}

/** Opens the lease bucket, making it when this app is the first to need it. */
export async function openLeaseBucket(nats: NatsClients, names: ExchangeNames): Promise<KV> {
  const kvm = new Kvm(nats.nc);
  try {
    return await kvm.create(names.leaseBucket, bucketOptions(nats.replicas));
  } catch (error) {
    // Made by another instance between the look-up and the create.
    if (!String(error).includes('already in use')) throw error;
    return kvm.open(names.leaseBucket);
  }
}

/**
 * The app's leases (`Lease`), each under the app's own prefix of the lease bucket (`<service>.<name>`):
 * shown in `/health` (`details.leases`: who holds each, as this instance last saw it) and as the
 * gauge `iren_lease_held{lease}` (1 on the instance holding it), released when the app shuts down.
 * Provided by `NatsModule`.
 */
export class Leases implements BeforeApplicationShutdown {
  /** This process, as a lease holder. */
  readonly holder: string;
  private readonly leases: Lease[] = [];
  private bucket?: Promise<KV>;
  private readonly logger: Logger;

  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly service: ServiceName,
    private readonly health: HealthDetail[],
    registry: Registry | undefined,
    root: Logger,
  ) {
    this.holder = `${service}@${hostname()}:${process.pid}/${randomBytes(3).toString('hex')}`;
    this.logger = root.child({ context: Leases.name });
    const leases = this.leases;
    if (!registry) return;
    new Gauge({
      name: 'iren_lease_held',
      help: 'Whether this instance holds the lease (1) or stands by (0): one instance of the app holds each',
      labelNames: ['lease'],
      registers: [registry],
      collect() {
        this.reset();
        for (const lease of leases) this.set({ lease: lease.key }, lease.held ? 1 : 0);
      },
    });
  }

  /**
   * Starts competing for the lease `name` of this app; `listener` is told when this instance takes
   * it and when it stops holding it. The bucket is opened (or made) on first use.
   */
  async acquire(name: string, listener: LeaseListener = {}, ttlMs = LEASE_TTL_MS): Promise<Lease> {
    this.bucket ??= openLeaseBucket(this.nats, this.names);
    const bucket = await this.bucket.catch((error: unknown) => {
      this.bucket = undefined;
      throw error;
    });
    const lease = new Lease(
      bucket,
      { key: `${this.service}.${name}`, holder: this.holder, ttlMs },
      listener,
      this.logger,
    );
    // Shown once the app has a lease: an app without any says nothing of them.
    if (this.leases.length === 0) this.health.push({ name: 'leases', detail: () => this.leases.map((l) => l.state()) });
    this.leases.push(lease);
    await lease.start();
    return lease;
  }

  // Before NATS drains: a release is a write.
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.leases.map((lease) => lease.stop()));
  }
}
