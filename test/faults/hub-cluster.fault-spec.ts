import type { JetStreamManager, StreamInfo } from '@nats-io/jetstream';
import { STREAMS } from '@iren/contracts';
import { pause } from './faults/pause';
import { type FaultNetwork, faultCounts, NOTHING_WRONG, runScenario, startFaultNetwork } from './fault-network';
import { NatsCluster } from './harness/nats-cluster';

/** The hub cluster of the network (the harness runs one when asked for `hubCluster`). */
function hubOf(network: FaultNetwork): NatsCluster {
  const { nats } = network.harness;
  if (!(nats instanceof NatsCluster)) throw new Error('the network was started without hubCluster');
  return nats;
}

/** Polls `look` every 100 ms until it answers something, or fails naming `what` after `timeoutMs`. */
async function until<T>(what: string, look: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await look().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await pause(100);
  }
}

/** Every server's copy of a stream: its leader and replicas, by name, with whether each replica is current. */
function copies(info: StreamInfo): { leader?: string; replicas: { name: string; current: boolean }[] } {
  return { leader: info.cluster?.leader, replicas: info.cluster?.replicas ?? [] };
}

describe('faults: the hub as a three-server JetStream cluster', () => {
  let network: FaultNetwork;
  let hub: NatsCluster;

  beforeAll(async () => {
    network = await startFaultNetwork({ harness: { hubCluster: true } });
    hub = hubOf(network);
  }, 180_000);

  afterAll(async () => {
    await network?.stop();
  }, 120_000);

  it('keeps three copies of every stream, bucket and durable consumer the apps made', async () => {
    const seen = await hub.withJsm(async (jsm: JetStreamManager) => {
      const streams = await jsm.streams.list().next();
      const consumers = await Promise.all(streams.map(async (stream) => jsm.consumers.list(stream.config.name).next()));
      // Ordered consumers (a live inbox's, a KV watch's) are ephemeral and in memory by design: one copy.
      return { streams, consumers: consumers.flat().filter((consumer) => consumer.config.durable_name) };
    });
    const names = network.harness.names;
    const streamNames = seen.streams.map((s) => s.config.name);
    console.log(
      `hub cluster: ${seen.streams.length} streams (${streamNames.join(', ')}), ${seen.consumers.length} durable consumers`,
    );
    expect(streamNames).toEqual(
      expect.arrayContaining([...STREAMS.map((s) => names.stream(s)), names.registryBucketStream]),
    );
    for (const stream of seen.streams) {
      expect({ stream: stream.config.name, replicas: stream.config.num_replicas }).toEqual({
        stream: stream.config.name,
        replicas: 3,
      });
      expect({ stream: stream.config.name, copies: copies(stream).replicas.length + 1 }).toEqual({
        stream: stream.config.name,
        copies: 3,
      });
    }
    expect(seen.consumers.length).toBeGreaterThan(0);
    for (const consumer of seen.consumers) {
      // A consumer asks for no replicas of its own (0): it takes its stream's.
      expect({ consumer: consumer.name, copies: (consumer.cluster?.replicas?.length ?? 0) + 1 }).toEqual({
        consumer: consumer.name,
        copies: 3,
      });
    }
  }, 60_000);

  it("loses nothing when the EXCHANGE stream's leader is killed -9 under load and comes back", async () => {
    const exchange = network.harness.names.stream('EXCHANGE');
    const info = () => hub.withJsm((jsm) => jsm.streams.info(exchange));
    const result = await runScenario(
      network,
      'hub cluster: EXCHANGE leader killed -9, back after 15 s',
      async () => {
        const leader = (await until('EXCHANGE has a leader', async () => copies(await info()).leader))!;
        const killed = hub.indexOf(leader);
        await hub.killServer(killed);
        const killedAt = Date.now();
        const successor = await until('a new EXCHANGE leader', async () => {
          const now = copies(await info()).leader;
          return now && now !== leader ? now : undefined;
        });
        const electedMs = Date.now() - killedAt;
        await pause(15_000);
        await hub.startServer(killed);
        const restartedAt = Date.now();
        await until(`${leader} current again`, async () => {
          const { replicas } = copies(await info());
          return replicas.some((r) => r.name === leader && r.current) ? true : undefined;
        });
        return [
          `EXCHANGE leader ${leader} (server ${killed + 1} of ${hub.size}) killed -9; ${successor} led it ${electedMs} ms later`,
          `${leader} started again after 15 s, its copy current ${Date.now() - restartedAt} ms after its start`,
        ];
      },
      { warmMs: 5_000, afterMs: 8_000 },
    );
    expect(result.report.verdict.accepted).toBeGreaterThan(0);
    // The officers never notice: the gateway answers from its database and outbox, whichever server leads.
    expect(Object.keys(result.answers)).toEqual(['publish 202']);
    expect(faultCounts(result)).toEqual(NOTHING_WRONG);
  }, 300_000);
});
