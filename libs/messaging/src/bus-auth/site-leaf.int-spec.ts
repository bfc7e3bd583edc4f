import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager, type StoredMsg } from '@nats-io/jetstream';
import { type KV, Kvm } from '@nats-io/kv';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  busPermissions,
  ExchangeNames,
  FROM_HUB_STREAM,
  HEADERS,
  nodeIdentity,
  RPC,
  type ServiceName,
  serviceIdentity,
} from '@iren/contracts';
import { withNatsServer } from '@iren/messaging/testing';
import { main as siteStreams } from '../../../../scripts/site-streams';
import { NatsBroker } from '../../../../test/faults/harness/nats-broker';
import { NatsSite } from '../../../../test/faults/harness/nats-site';
import { sparePort } from '../../../../test/faults/harness/spare-port';
import { ensureConsumer } from '../consumer-definition';
import { createRegistryBucket } from '../registry-bucket';
import { ensureStreams, HUB_JETSTREAM_API, siteStreamConfig } from '../streams';
import { NatsAccountAuthority } from './account-authority';
import { CREDS_FILES } from './material-layout';

const names = new ExchangeNames('iren');
const AKTAU = 'KZ-PCU-AKTAU';
const SETTINGS = { replicas: 1, maxBytes: 16 * 1024 ** 2 };
const describeWithServer = withNatsServer(describe, "a national site's own JetStream");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `done` until it holds; returns how long that took. */
async function until(what: string, done: () => Promise<boolean>, timeoutMs = 15_000): Promise<number> {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
  return Date.now() - started;
}

/** Every message a stream holds, in order. */
async function storedIn(jsm: JetStreamManager, stream: string): Promise<StoredMsg[]> {
  const { state } = await jsm.streams.info(stream);
  const stored: StoredMsg[] = [];
  for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
    const msg = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (msg) stored.push(msg);
  }
  return stored;
}

const idOf = (msg: StoredMsg | null) => msg?.header?.get(HEADERS.msgId) ?? '';

/** The messages of `stream` whose `Nats-Msg-Id` starts with `prefix`, in stream order. */
async function withIds(jsm: JetStreamManager, stream: string, prefix: string): Promise<StoredMsg[]> {
  return (await storedIn(jsm, stream)).filter((msg) => idOf(msg).startsWith(prefix));
}

describeWithServer("a national site's own JetStream, joined to the hub by a leaf link that can be cut", () => {
  let dir: string;
  let hub: NatsBroker;
  let site: NatsSite;
  let hubNc: NatsConnection;
  let siteNc: NatsConnection;
  let hubJsm: JetStreamManager;
  let siteJsm: JetStreamManager;
  let hubKv: KV;
  let siteKv: KV;
  const siteStreamsEnv = () => ({
    NATS_URL: site.url,
    NATS_CREDS_DIR: hub.credsDir,
    IREN_NAMESPACE: names.namespace,
    IREN_STREAM_REPLICAS: String(SETTINGS.replicas),
    IREN_STREAM_MAX_BYTES: String(SETTINGS.maxBytes),
  });
  /** A service's own user (the hub's creds), on the hub's server or the site's. */
  const asService = (url: string, service: ServiceName) =>
    connect({
      servers: url.replace('nats://', ''),
      authenticator: credsAuthenticator(readFileSync(join(hub.credsDir, CREDS_FILES.service(service)))),
      inboxPrefix: names.replyPrefix(serviceIdentity(service)),
      reconnect: false,
    });
  const printed: string[] = [];
  const io = { out: (line: string) => printed.push(line), err: (line: string) => printed.push(line) };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iren-site-'));
    hub = await NatsBroker.create(join(dir, 'hub'), await sparePort(), names.namespace, {
      leafnodes: true,
      sites: ['KZ'],
    });
    site = await NatsSite.create({ hub, dir: join(dir, 'site-kz'), country: 'KZ', namespace: names.namespace });
    await hub.start();
    await site.start();
    hubNc = await hub.connect();
    siteNc = await site.connect();
    hubJsm = await jetstreamManager(hubNc);
    siteJsm = await jetstreamManager(siteNc);
    // The hub's streams as its registry lays them out, with its own user's rights.
    const registry = await asService(hub.material.url, 'registry');
    await ensureStreams(await jetstreamManager(registry), names, { ...SETTINGS, sites: ['KZ'] });
    await createRegistryBucket(registry, names);
    await registry.close();
    hubKv = await new Kvm(hubNc).open(names.registryBucket);
    await hubKv.put('nodes.KZ-PCU-AKTAU', 'registered before the site started');
    // The site's streams, by the set-up step a site runs.
    const code = await siteStreams(['--site', 'KZ'], siteStreamsEnv(), io);
    if (code !== 0) throw new Error(`site:streams exited ${code}:\n${printed.join('\n')}`);
    siteKv = await new Kvm(siteNc).open(names.registryBucket);
    await until('the registry mirror at the site', async () => (await siteKv.get('nodes.KZ-PCU-AKTAU')) !== null);
  }, 60_000);

  afterAll(async () => {
    await siteNc?.close();
    await hubNc?.close();
    await site?.stop();
    await hub?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('site:streams lays out the site, in its own domain, and again without change', async () => {
    expect(printed[0]).toMatch(/^site KZ \(JetStream domain kz, nats:\/\/127\.0\.0\.1:\d+\)/);
    const made = ['iren_EXCHANGE', 'iren_INBOX', 'iren_EVENTS', 'iren_DLQ', 'iren_FROM_HUB', 'KV_iren_registry'];
    expect(printed.slice(1).map((line) => line.trim())).toEqual(made);
    printed.length = 0;
    expect(await siteStreams(['--site', 'KZ'], siteStreamsEnv(), io)).toBe(0);
    expect(printed.slice(1).map((line) => line.trim())).toEqual(made);

    const fromHub = (await siteJsm.streams.info(names.fromHubStream)).config;
    expect(fromHub.subjects ?? []).toEqual([]);
    expect(fromHub.sources).toEqual([
      expect.objectContaining({
        name: 'iren_SITE_KZ',
        external: expect.objectContaining({ api: HUB_JETSTREAM_API, deliver: 'iren.link.KZ' }),
      }),
    ]);
    const mirror = (await siteJsm.streams.info(names.registryBucketStream)).config;
    expect(mirror.mirror).toEqual(expect.objectContaining({ name: 'KV_iren_registry' }));
    expect(mirror).toEqual(expect.objectContaining({ max_msgs_per_subject: 1, allow_direct: true, deny_delete: true }));
    const hubExchange = (await hubJsm.streams.info(names.stream('EXCHANGE'))).config;
    expect(hubExchange.subjects).toEqual(['iren.pub.>']);
    expect(hubExchange.sources?.map((s) => [s.name, s.external?.api])).toEqual([['iren_EXCHANGE', '$JS.kz.API']]);

    printed.length = 0;
    expect(await siteStreams(['--site', 'KZ'], { ...siteStreamsEnv(), NATS_URL: hub.material.url }, io)).toBe(1);
    expect(printed.join('\n')).toMatch(/JetStream domain "hub", not the site's "kz": is NATS_URL the site's server\?/);
  });

  it("keeps the site's publishes while the link is cut, and the hub then holds each once, in order, with its id", async () => {
    await site.cutLink();
    const js = jetstream(siteNc);
    for (let i = 0; i < 30; i++) {
      const ack = await js.publish(names.publishSubject(AKTAU, 'ALERT'), `alert ${i}`, { msgID: `kz-cut-${i}` });
      expect([ack.stream, ack.domain]).toEqual(['iren_EXCHANGE', 'kz']);
    }
    for (let i = 0; i < 10; i++) {
      await js.publish(names.eventSubject('message.routed'), `event ${i}`, { msgID: `kz-event-${i}` });
    }
    await sleep(1000);
    expect(await withIds(hubJsm, names.stream('EXCHANGE'), 'kz-cut-')).toHaveLength(0);

    await site.restoreLink();
    const catchUp = await until('the site messages at the hub', async () => {
      const alerts = await withIds(hubJsm, names.stream('EXCHANGE'), 'kz-cut-');
      const events = await withIds(hubJsm, names.stream('EVENTS'), 'kz-event-');
      return alerts.length >= 30 && events.length >= 10;
    });
    console.log(`30 alerts and 10 events published at the site during a cut reached the hub ${catchUp} ms after it`);
    await sleep(1500); // anything sent twice would have arrived by now
    const alerts = await withIds(hubJsm, names.stream('EXCHANGE'), 'kz-cut-');
    expect(alerts.map(idOf)).toEqual(Array.from({ length: 30 }, (_, i) => `kz-cut-${i}`));
    expect(alerts.map((m) => m.string())).toEqual(Array.from({ length: 30 }, (_, i) => `alert ${i}`));
    expect(new Set(alerts.map((m) => m.subject))).toEqual(new Set([names.publishSubject(AKTAU, 'ALERT')]));
    const events = await withIds(hubJsm, names.stream('EVENTS'), 'kz-event-');
    expect(events.map(idOf)).toEqual(Array.from({ length: 10 }, (_, i) => `kz-event-${i}`));

    const again = await jetstream(hubNc).publish(names.publishSubject(AKTAU, 'ALERT'), 'again', { msgID: 'kz-cut-3' });
    expect(again.duplicate).toBe(true);
  }, 40_000);

  it("brings what the hub's router put for a site's node during the cut to the site's router after it", async () => {
    const hubRouter = await asService(hub.material.url, 'router');
    const siteRouter = await asService(site.url, 'router');
    await site.cutLink();
    const subject = names.siteInboxSubject('KZ', AKTAU);
    const ack = await jetstream(hubRouter).publish(subject, 'delivery for Aktau', { msgID: 'hub-delivery-1' });
    expect(ack.stream).toBe(names.siteStream('KZ'));
    await sleep(500);
    expect(await withIds(siteJsm, names.fromHubStream, 'hub-delivery-')).toHaveLength(0);

    await site.restoreLink();
    const catchUp = await until('the delivery at the site', async () => {
      return (await withIds(siteJsm, names.fromHubStream, 'hub-delivery-')).length > 0;
    });
    console.log(`a delivery the hub stored for the site during a cut reached the site ${catchUp} ms after it`);
    const [delivery] = await withIds(siteJsm, names.fromHubStream, 'hub-delivery-');
    expect([delivery.subject, delivery.string()]).toEqual([subject, 'delivery for Aktau']);

    // The site's router makes its relay's consumer itself, with its own user, and reads it there.
    const durable = await ensureConsumer(await jetstreamManager(siteRouter), names, {
      stream: FROM_HUB_STREAM,
      purpose: 'from_hub',
    });
    const relayed = await (
      await jetstream(siteRouter).consumers.get(names.fromHubStream, durable)
    ).next({
      expires: 2000,
    });
    expect([relayed?.subject, relayed?.headers?.get(HEADERS.msgId)]).toEqual([subject, 'hub-delivery-1']);
    expect(await relayed?.ackAck()).toBe(true);
    await Promise.all([hubRouter.close(), siteRouter.close()]);
  }, 30_000);

  it('catches up a backlog beyond the flow-control window both ways (the leaf user carries `$JS.FC`)', async () => {
    // 4 MiB each way; without flow control's answers across the link, sourcing stalls after about 2 MiB.
    const count = 4000;
    const payload = 'x'.repeat(1024);
    const before = {
      hub: (await hubJsm.streams.info(names.stream('EXCHANGE'))).state.messages,
      site: (await siteJsm.streams.info(names.fromHubStream)).state.messages,
    };
    await site.cutLink();
    for (let i = 0; i < count; i += 500) {
      const batch = Array.from({ length: 500 }, (_, j) => i + j);
      await Promise.all(
        batch.map((n) =>
          jetstream(siteNc).publish(names.publishSubject(AKTAU, 'ALERT'), payload, { msgID: `kz-backlog-${n}` }),
        ),
      );
      await Promise.all(
        batch.map((n) =>
          jetstream(hubNc).publish(names.siteInboxSubject('KZ', AKTAU), payload, { msgID: `hub-backlog-${n}` }),
        ),
      );
    }
    await site.restoreLink();
    const catchUp = await until(
      'both backlogs',
      async () =>
        (await hubJsm.streams.info(names.stream('EXCHANGE'))).state.messages === before.hub + count &&
        (await siteJsm.streams.info(names.fromHubStream)).state.messages === before.site + count,
      30_000,
    );
    console.log(`${count} messages of 1 KiB each way, held during a cut, caught up ${catchUp} ms after it`);
    const last = async (jsm: JetStreamManager, stream: string) =>
      idOf(await jsm.streams.getMessage(stream, { seq: (await jsm.streams.info(stream)).state.last_seq }));
    expect(await last(hubJsm, names.stream('EXCHANGE'))).toBe(`kz-backlog-${count - 1}`);
    expect(await last(siteJsm, names.fromHubStream)).toBe(`hub-backlog-${count - 1}`);
  }, 60_000);

  it('mirrors the registry bucket read-only: a write at the hub during the cut arrives after it; a put at the site is refused', async () => {
    const watched: string[] = [];
    const watch = await siteKv.watch({ key: 'nodes.>' });
    void (async () => {
      for await (const entry of watch) watched.push(`${entry.key}=${entry.string()}`);
    })();
    await site.cutLink();
    await hubKv.put('nodes.KZ-HQ-ASTANA', 'registered during the cut');
    // Reads go on at the site while the link is down.
    expect((await siteKv.get('nodes.KZ-PCU-AKTAU'))?.string()).toBe('registered before the site started');
    expect(await siteKv.get('nodes.KZ-HQ-ASTANA')).toBeNull();

    await site.restoreLink();
    const catchUp = await until('the key at the site', async () => (await siteKv.get('nodes.KZ-HQ-ASTANA')) !== null);
    console.log(`a registry write made at the hub during a cut reached the site's mirror ${catchUp} ms after it`);
    await until('the watch at the site', async () => watched.includes('nodes.KZ-HQ-ASTANA=registered during the cut'));
    watch.stop();

    await expect(siteKv.put('nodes.KZ-FORGED', 'written at the site', { timeout: 1000 })).rejects.toThrow();
    await sleep(500);
    expect(await hubKv.get('nodes.KZ-FORGED')).toBeNull();
    expect(await siteKv.get('nodes.KZ-FORGED')).toBeNull();
  }, 30_000);

  it("carries no publish of the site into the hub but by sourcing, and no other site's stream", async () => {
    const direct: string[] = [];
    const core = hubNc.subscribe(`${names.namespace}.pub.>`, { callback: (_, msg) => void direct.push(msg.subject) });
    const coreEvents = hubNc.subscribe(names.eventWildcard, { callback: (_, msg) => void direct.push(msg.subject) });
    await hubNc.flush();
    // Without a message id: a copy that also crossed the link directly would not be deduplicated.
    await jetstream(siteNc).publish(names.publishSubject(AKTAU, 'ALERT'), 'no id, link up');
    await until('the sourced copy at the hub', async () => {
      return (await storedIn(hubJsm, names.stream('EXCHANGE'))).some((m) => m.string() === 'no id, link up');
    });
    await sleep(1000);
    const copies = (await storedIn(hubJsm, names.stream('EXCHANGE'))).filter((m) => m.string() === 'no id, link up');
    expect(copies).toHaveLength(1);
    expect(direct).toEqual([]);
    core.unsubscribe();
    coreEvents.unsubscribe();

    // Another site's stream at the hub: the site cannot source it, nor receive its subjects.
    await hubJsm.streams.add(siteStreamConfig(names, 'UZ', SETTINGS));
    await jetstream(hubNc).publish(names.siteInboxSubject('UZ', 'UZ-PCU-TASHKENT'), 'for Uzbekistan');
    const overheard: string[] = [];
    const listen = siteNc.subscribe(`${names.namespace}.site.>`, {
      callback: (_, msg) => void overheard.push(msg.subject),
    });
    await siteNc.flush();
    await siteJsm.streams.add({
      name: 'probe_UZ',
      sources: [
        { name: names.siteStream('UZ'), external: { api: HUB_JETSTREAM_API, deliver: names.linkPrefix('KZ') } },
      ],
    });
    hubNc.publish(names.siteInboxSubject('UZ', 'UZ-PCU-TASHKENT'), 'core, for Uzbekistan');
    hubNc.publish(names.siteInboxSubject('KZ', AKTAU), 'core, for Aktau');
    await sleep(3000);
    expect((await siteJsm.streams.info('probe_UZ')).state.messages).toBe(0);
    expect(overheard).toEqual([]);
    listen.unsubscribe();
    await siteJsm.streams.delete('probe_UZ');
  }, 30_000);

  it("carries the site gateway's requests to the hub's registry and their replies, and the audit's checkpoints", async () => {
    const registry = await asService(hub.material.url, 'registry');
    const audit = await asService(hub.material.url, 'audit');
    const router = await asService(hub.material.url, 'router');
    const gateway = await asService(site.url, 'gateway');
    registry.subscribe(names.rpc(RPC.getNode), { callback: (_, msg) => void msg.respond('Aktau, from the hub') });
    router.subscribe(names.rpc(RPC.replayRouterDeadLetter), {
      callback: (_, msg) => void msg.respond('the hub router'),
    });
    const checkpoints: string[] = [];
    gateway.subscribe(names.checkpointSubject, { callback: (_, msg) => void checkpoints.push(msg.string()) });
    await Promise.all([registry.flush(), router.flush(), gateway.flush()]);

    const reply = await until('a reply across the link', async () => {
      const answer = await gateway.request(names.rpc(RPC.getNode), 'KZ-PCU-AKTAU', { timeout: 500 }).catch(() => null);
      return answer?.string() === 'Aktau, from the hub';
    });
    console.log(`the site gateway's first request answered by the hub's registry after ${reply} ms`);
    // The router's requests are its site's router's to answer: they do not cross.
    await expect(gateway.request(names.rpc(RPC.replayRouterDeadLetter), '1', { timeout: 1000 })).rejects.toThrow();
    await until('a checkpoint at the site', async () => {
      audit.publish(names.checkpointSubject, 'checkpoint 1');
      await audit.flush();
      await sleep(100);
      return checkpoints.includes('checkpoint 1');
    });
    await Promise.all([registry, audit, router, gateway].map((nc) => nc.close()));
  });

  it("lets a node's own system publish and read its inbox on the site's JetStream, as itself only", async () => {
    const authority = NatsAccountAuthority.load(hub.credsDir, hub.material.url);
    const user = await authority.issueUser(AKTAU, busPermissions(names, nodeIdentity(AKTAU)));
    const nc = await connect({
      servers: site.url.replace('nats://', ''),
      authenticator: credsAuthenticator(new TextEncoder().encode(user.creds)),
      inboxPrefix: names.replyPrefix(nodeIdentity(AKTAU)),
      reconnect: false,
    });
    const js = jetstream(nc);
    const ack = await js.publish(names.publishSubject(AKTAU, 'ALERT'), 'from the node itself');
    expect([ack.stream, ack.domain]).toEqual(['iren_EXCHANGE', 'kz']);

    await siteJsm.consumers.add(names.stream('INBOX'), {
      durable_name: names.nodeInboxConsumer(AKTAU),
      filter_subject: names.inboxSubject(AKTAU),
      ack_policy: AckPolicy.Explicit,
    });
    await jetstream(siteNc).publish(names.inboxSubject(AKTAU), 'delivery at the site');
    const consumer = await js.consumers.get(names.stream('INBOX'), names.nodeInboxConsumer(AKTAU));
    const delivery = await consumer.next({ expires: 2000 });
    expect(delivery?.string()).toBe('delivery at the site');
    expect(await delivery?.ackAck()).toBe(true);

    await expect(
      js.publish(names.publishSubject('KZ-HQ-ASTANA', 'ALERT'), 'forged', { timeout: 1000 }),
    ).rejects.toThrow(/Permissions Violation/);
    await expect(js.consumers.get(names.stream('INBOX'), names.consumer('gateway_inbox'))).rejects.toThrow(
      /Permissions Violation/,
    );
    await nc.close();
  });

  it("closes a revoked node's connection at its site within seconds, and refuses it there", async () => {
    const authority = NatsAccountAuthority.load(hub.credsDir, hub.material.url);
    const user = await authority.issueUser(AKTAU, busPermissions(names, nodeIdentity(AKTAU)));
    const connectNode = () =>
      connect({
        servers: site.url.replace('nats://', ''),
        authenticator: credsAuthenticator(new TextEncoder().encode(user.creds)),
        reconnect: false,
      });
    const nc = await connectNode();
    const closed = nc.closed();
    const started = Date.now();
    await authority.pushAccountJwt(await authority.accountJwt({ [user.publicKey]: user.issuedAt }));
    await closed;
    const latencyMs = Date.now() - started;
    console.log(`revoked node's connection at the site closed ${latencyMs} ms after the push to the hub`);
    expect(latencyMs).toBeLessThan(5000);
    await expect(connectNode()).rejects.toThrow(/Authorization Violation/);
  });
});
