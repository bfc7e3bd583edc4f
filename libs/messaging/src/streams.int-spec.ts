import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ExchangeNames } from '@iren/contracts';
import { connectPlumbing } from '../../../test/support/test-bus';
import { openLeaseBucket } from './leases';
import { NatsClients } from './nats-clients';
import { createRegistryBucket } from './registry-bucket';
import { deleteStreams, ensureStreams } from './streams';

describe(deleteStreams.name, () => {
  const names = new ExchangeNames(`t${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`);
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    nc = await connectPlumbing();
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await deleteStreams(jsm, names);
    await nc.close();
  });

  /** The namespace's streams on the server, buckets' included. */
  async function streamsOfNamespace(): Promise<string[]> {
    const found: string[] = [];
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(`${names.namespace}_`) || name.startsWith(`KV_${names.namespace}_`)) found.push(name);
    }
    return found.sort();
  }

  it('leaves nothing of a namespace behind: its streams, the registry bucket and the lease bucket', async () => {
    await ensureStreams(jsm, names, { replicas: 1, maxBytes: 16 * 1024 ** 2 });
    await createRegistryBucket(nc, names);
    await openLeaseBucket(new NatsClients(nc, jetstream(nc), jsm), names);
    expect(await streamsOfNamespace()).toContain(names.leaseBucketStream);
    await deleteStreams(jsm, names);
    expect(await streamsOfNamespace()).toEqual([]);
  });
});
