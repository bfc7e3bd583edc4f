import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { connectPlumbing } from '../../../test/support/test-bus';
import { Lease, LeaseLostError } from './lease';
import { openLeaseBucket } from './leases';
import { NatsClients } from './nats-clients';

const TTL = 1000;

describe(Lease.name, () => {
  const names = new ExchangeNames(`t${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`);
  const logger = pino({ level: 'silent' });
  let nc: NatsConnection;
  let kv: KV;
  let key = 0;
  /** The leases' monotonic clock, moved by the tests: lapse is about time passing, not about waiting. */
  let now = 0;
  const clock = () => now;

  beforeAll(async () => {
    nc = await connectPlumbing();
    kv = await openLeaseBucket(new NatsClients(nc, jetstream(nc), await jetstreamManager(nc)), names);
  });

  afterAll(async () => {
    await (await jetstreamManager(nc)).streams.delete(names.leaseBucketStream);
    await nc.close();
  });

  /** Instances competing for one fresh key; each records what its listener was told. */
  function contenders(count: number) {
    key += 1;
    return Array.from({ length: count }, (_, i) => {
      const told: string[] = [];
      const lease = new Lease(
        kv,
        { key: `audit.lease-${key}`, holder: `instance-${i}`, ttlMs: TTL, clock },
        { acquired: () => void told.push('acquired'), lost: () => void told.push('lost') },
        logger,
      );
      return { lease, told };
    });
  }
  const holders = (all: { lease: Lease }[]) => all.filter((c) => c.lease.held).map((c) => c.lease.state().holder);

  it('lets one of several instances racing for a free lease take it, and keeps it there while it renews', async () => {
    const all = contenders(6);
    await Promise.all(all.map((c) => c.lease.tick()));
    expect(holders(all)).toHaveLength(1);
    const [winner] = holders(all);
    for (let round = 0; round < 8; round += 1) {
      // Each round a quarter of the TTL: the standbys see the revision move and never take it.
      now += TTL / 4;
      await Promise.all(all.map((c) => c.lease.tick()));
      expect(holders(all)).toEqual([winner]);
    }
    expect(all.map((c) => c.lease.state().holder)).toEqual(all.map(() => winner));
    expect(all.filter((c) => c.told.length > 0).map((c) => c.told)).toEqual([['acquired']]);
  });

  it('hands a lapsed lease to one standby once its revision stood still a whole TTL, and the holder learns it lost it', async () => {
    const [holder, ...standbys] = contenders(3);
    await holder.lease.tick();
    await Promise.all(standbys.map((s) => s.lease.tick())); // they see the holder's revision
    now += TTL - 1;
    await Promise.all(standbys.map((s) => s.lease.tick()));
    expect(holders(standbys)).toEqual([]);
    now += 1;
    await Promise.all(standbys.map((s) => s.lease.tick()));
    expect(holders(standbys)).toHaveLength(1);
    // The holder stopped trusting its lease before the takeover, whatever it is told.
    expect(holder.lease.held).toBe(false);
    await holder.lease.tick();
    expect(holder.told).toEqual(['acquired', 'lost']);
    expect(holder.lease.state().held).toBe(false);
    expect(holders([holder, ...standbys])).toHaveLength(1);
  });

  it('makes a holder paused past its TTL stop acting at once, and lose the lease at its next renewal when taken', async () => {
    const [paused, standby] = contenders(2);
    await paused.lease.tick();
    await standby.lease.tick();
    expect(() => paused.lease.assertHeld()).not.toThrow();
    now += TTL; // the holder is paused: it renews nothing meanwhile
    await standby.lease.tick();
    expect(standby.lease.held).toBe(true);
    // Resumed: before any renewal, the lease is known lapsed.
    expect(paused.lease.held).toBe(false);
    expect(() => paused.lease.assertHeld()).toThrow(LeaseLostError);
    await paused.lease.tick();
    expect(paused.lease.held).toBe(false);
    expect(paused.told).toEqual(['acquired', 'lost']);
    expect(paused.lease.state().holder).toBe(standby.lease.state().holder);
  });

  it('lets a holder paused past its TTL keep the lease when no standby took it meanwhile', async () => {
    const [paused] = contenders(1);
    await paused.lease.tick();
    now += TTL * 3;
    expect(paused.lease.held).toBe(false);
    await paused.lease.tick();
    expect(paused.lease.held).toBe(true);
    // A lapse that ended without a takeover is no loss: the holder's work was only held meanwhile.
    expect(paused.told).toEqual(['acquired']);
  });

  it('hands a released lease to a standby at its next look, without waiting a TTL', async () => {
    const [leaving, standby] = contenders(2);
    await leaving.lease.tick();
    await standby.lease.tick();
    await leaving.lease.stop();
    expect(leaving.told).toEqual(['acquired', 'lost']);
    await standby.lease.tick();
    expect(standby.lease.held).toBe(true);
  });

  it('refuses a TTL too short to renew in, naming the lease', () => {
    expect(() => new Lease(kv, { key: 'audit.x', holder: 'h', ttlMs: 10 }, {}, logger)).toThrow(
      'lease audit.x: ttlMs must be at least 100, got 10',
    );
  });
});
