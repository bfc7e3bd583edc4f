import { AckPolicy } from '@nats-io/jetstream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExchangeNames, STREAMS } from '@iren/contracts';
import { createRegistryBucket, ensureStreams, type NatsClients, openLeaseBucket } from '@iren/messaging';
import { withNatsServer } from '@iren/messaging/testing';
import { NatsCluster } from './faults/harness/nats-cluster';

const NAMESPACE = 'trepl';

withNatsServer(describe, 'the hub replicas test')('replicas on the hub cluster (IREN_STREAM_REPLICAS)', () => {
  let dir: string;
  let hub: NatsCluster;
  const names = new ExchangeNames(NAMESPACE);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iren-hub-replicas-'));
    hub = await NatsCluster.create(dir, NAMESPACE);
    await hub.start();
  }, 60_000);

  afterAll(async () => {
    await hub?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('brings the streams, the registry bucket and the lease bucket made with one replica to three when the setting is raised', async () => {
    const replicas = async () =>
      hub.withJsm(async (jsm) =>
        Promise.all(
          [...STREAMS.map((s) => names.stream(s)), names.registryBucketStream, names.leaseBucketStream].map(
            async (stream) => (await jsm.streams.info(stream)).config.num_replicas,
          ),
        ),
      );
    const nc = await hub.connect();
    try {
      const settings = { replicas: 1, maxBytes: 16 * 1024 ** 2 };
      await hub.withJsm((jsm) => ensureStreams(jsm, names, settings));
      await createRegistryBucket(nc, names, 1);
      await openLeaseBucket({ nc, replicas: 1 } as unknown as NatsClients, names);
      const exchange = names.stream('EXCHANGE');
      await hub.withJsm((jsm) =>
        jsm.consumers.add(exchange, { durable_name: 'tdurable', ack_policy: AckPolicy.Explicit }),
      );
      expect(await replicas()).toEqual([1, 1, 1, 1, 1, 1]);

      await hub.withJsm((jsm) => ensureStreams(jsm, names, { ...settings, replicas: 3 }));
      await createRegistryBucket(nc, names, 3);
      expect(await replicas()).toEqual([3, 3, 3, 3, 3, 3]);
      // The durable consumer, which asked for no replicas, follows its stream (its peers move a moment after).
      const servers = async () => {
        const { cluster } = await hub.withJsm((jsm) => jsm.consumers.info(exchange, 'tdurable'));
        return [cluster?.leader, ...(cluster?.replicas ?? []).map((r) => r.name)].sort();
      };
      const deadline = Date.now() + 20_000;
      let seen = await servers();
      while (seen.join() !== hub.names.join() && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        seen = await servers();
      }
      expect(seen).toEqual(hub.names);
    } finally {
      await nc.close();
    }
  }, 60_000);
});
