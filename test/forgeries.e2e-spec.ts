import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import {
  type DeliveryPayload,
  type Envelope,
  HEADERS,
  newSigningKeyPair,
  privateKeyOf,
  REGISTRY_KEYS,
  RPC,
  type ServiceKeysRecord,
  serviceKeyPattern,
  signEnvelope,
  signingKeyId,
  signRegistryEntry,
  SIGNATURE_HEADERS,
  vouch,
} from '@iren/contracts';
import { keyIdOf, signCheckpoint } from '@iren/ledger';
import { withNatsServer, startOpenNats } from '@iren/messaging/testing';
import { designAlert } from './support/fixtures';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { signAsOrigin } from './support/signing';
import { startTestNetwork, type TestNetwork } from './support/test-network';

// What anyone who reaches a NATS that checks nobody (as on a developer's machine) could send: every
// consumer that acts on it checks who vouches for it, refuses it, records why, and changes no inbox,
// report or health. On a nats-server of the suite's own, whatever bus the other suites share, so
// that the open bus's own rule is tried too: the registry takes only a service's first key.
const describeWithServer = withNatsServer(describe, 'forgeries e2e');
jest.setTimeout(90_000);

const AKTAU = 'KZ-PCU-AKTAU';
const BAKU = 'AZ-PCU-BAKU';
const POTI = 'GE-PCU-POTI';
const ROCA = 'UZ-COORD-ROCA';

describeWithServer('forgeries on an open bus', () => {
  let bus: Awaited<ReturnType<typeof startOpenNats>>;
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  let tokens: Record<string, string>;
  let nc: NatsConnection;

  const inbox = async (node: string): Promise<string[]> =>
    ((await api('GET', '/inbox?limit=200', tokens[node])).body.items as { message: { id: string } }[]).map(
      (i) => i.message.id,
    );
  const deadLetters = async (reason: string, subject: string): Promise<number> => {
    const jsm = await jetstreamManager(nc);
    const dlq = net.names.stream('DLQ');
    const { last_seq: last } = (await jsm.streams.info(dlq)).state;
    let count = 0;
    for (let seq = 1; seq <= last; seq += 1) {
      const letter = await jsm.streams.getMessage(dlq, { seq }).catch(() => null);
      if (letter?.subject === net.names.dlqSubject(reason) && letter.header.get('Iren-Dlq-Subject') === subject)
        count++;
    }
    return count;
  };
  const ledgerOf = async (messageId: string) =>
    (await api('GET', `/audit/events?messageId=${messageId}`, net.adminToken)).body.items as {
      type: string;
      node: string | null;
      data: Record<string, unknown>;
    }[];
  /** A stranger's key presented under the origin's real key id: a forged signature. */
  const forgedBy = async <E extends Envelope<unknown>>(envelope: E): Promise<E> => {
    const node = await api('GET', `/nodes/${envelope.origin}`, net.adminToken);
    const keyId = (node.body.keys as { keyId: string }[])[0].keyId;
    return signEnvelope(envelope, { keyId, privateKey: privateKeyOf(newSigningKeyPair().privateKeyPem) });
  };
  const alertFrom = (origin: string, createdAt = new Date().toISOString()): Envelope => ({
    id: randomUUID(),
    kind: 'ALERT',
    origin,
    createdAt,
    tlp: 'AMBER',
    to: { nodes: [AKTAU], countries: [], groups: [] },
    body: designAlert().body as unknown as Envelope['body'],
  });
  const publishRaw = async (subject: string, payload: unknown, msgId = randomUUID()) => {
    const h = natsHeaders();
    h.set(HEADERS.msgId, msgId);
    await jetstream(nc).publish(subject, JSON.stringify(payload), { msgID: msgId, headers: h });
  };
  const healthOf = async (app: keyof TestNetwork['appUrls']) => {
    const answer = await fetch(`${net.appUrls[app]}/health`);
    return { status: answer.status, report: (await answer.json()) as { checks: Record<string, string>; details: any } };
  };

  beforeAll(async () => {
    bus = await startOpenNats();
    net = await startTestNetwork({ url: bus.url });
    api = apiClient(net.baseUrl);
    tokens = await registerNodes(api, net.adminToken, [
      { id: AKTAU, type: 'PCU', country: 'KZ', locodes: ['KZAAU'], filters: [{ locodes: ['KZAAU'] }] },
      { id: BAKU, type: 'PCU', country: 'AZ', locodes: ['AZBAK'] },
      { id: POTI, type: 'PCU', country: 'GE', locodes: ['GEPTI'], filters: [{ locodes: ['KZAAU'] }] },
      { id: ROCA, type: 'COORD', country: 'UZ' },
    ]);
    // Each unit's first key is made when it is registered; Baku publishes once so the network is warm.
    const genuine = await api('POST', '/messages', tokens[BAKU], designAlert());
    expect(genuine.status).toBe(202);
    await eventually(async () => ((await inbox(AKTAU)).includes(genuine.body.id) ? true : undefined));
    nc = await net.connectNats();
  });

  afterAll(async () => {
    await nc?.close();
    await net?.stop();
    await bus?.stop();
  });

  it('runs on a bus that checks nobody, as every app reports', async () => {
    for (const app of ['registry', 'audit', 'router', 'gateway'] as const) {
      expect((await healthOf(app)).report.details.bus).toMatchObject({ authentication: 'none' });
    }
  });

  it('refuses a delivery the router did not make, or made for another inbox, and shows neither', async () => {
    const made: DeliveryPayload = { recipient: AKTAU, envelope: await forgedBy(alertFrom(BAKU)), reasons: ['to:node'] };
    await publishRaw(net.names.inboxSubject(AKTAU), made);

    // A delivery the router really made for Poti, replayed into Aktau's inbox.
    const sent = await api('POST', '/messages', tokens[BAKU], designAlert());
    await eventually(async () => ((await inbox(POTI)).includes(sent.body.id) ? true : undefined));
    const jsm = await jetstreamManager(nc);
    const original = await jsm.streams.getMessage(net.names.stream('INBOX'), {
      last_by_subj: net.names.inboxSubject(POTI),
    });
    const replayed = natsHeaders();
    for (const [name, values] of original!.header) for (const value of values) replayed.append(name, value);
    replayed.set(HEADERS.msgId, `${randomUUID()}`);
    await jetstream(nc).publish(net.names.inboxSubject(AKTAU), original!.data, { headers: replayed });

    const subject = net.names.inboxSubject(AKTAU);
    await eventually(
      async () => ((await deadLetters('unsigned', subject)) === 1 ? true : undefined),
      20_000,
      'unsigned',
    );
    await eventually(
      async () => ((await deadLetters('bad_service_signature', subject)) === 1 ? true : undefined),
      20_000,
      'the replay refused',
    );
    expect(await inbox(AKTAU)).not.toContain(made.envelope.id);
    expect((await api('GET', `/messages/${made.envelope.id}`, tokens[AKTAU])).status).toBe(404);
    const health = await fetch(`${net.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      details: { deliveries: { count: 2, last: { reason: 'bad_service_signature' } } },
    });
  });

  // Anyone can ask on a service's own key subject here: the registry takes only each service's first
  // key (on the secured bus it believes the subject, which permissions guard).
  it('refuses a second router key on a bus that checks nobody, and deliveries vouched for by it', async () => {
    const registered = async (): Promise<string[]> => {
      const entry = await (await new Kvm(nc).open(net.names.registryBucket)).get(REGISTRY_KEYS.services('router'));
      return (JSON.parse(entry!.string()) as { record: ServiceKeysRecord }).record.keys.map((k) => k.keyId);
    };
    const before = await registered();
    expect(before).toHaveLength(1);
    const { publicKeyPem, privateKeyPem } = newSigningKeyPair();
    const impostor = { keyId: signingKeyId('router', publicKeyPem), privateKey: privateKeyOf(privateKeyPem) };
    const subject = net.names.rpc(serviceKeyPattern('router'));
    // With the proof the registry asks for: the impostor's key really is the impostor's.
    const proof = vouch(impostor, subject, impostor.keyId, new TextEncoder().encode(publicKeyPem)).signature;
    const ask = JSON.stringify({
      pattern: RPC.registerServiceKey,
      data: { publicKey: publicKeyPem, proof },
      id: randomUUID(),
    });
    const reply = await nc.request(subject, ask, { timeout: 5000 });
    expect(reply.json()).toMatchObject({
      err: { status: 403, message: expect.stringMatching(/^router has a key already/) },
    });
    expect(await registered()).toEqual(before);

    // A delivery as the router would make it, with a genuine envelope, vouched for by the impostor's key.
    const envelope = await signAsOrigin(net, api, alertFrom(BAKU));
    const inboxSubject = net.names.inboxSubject(AKTAU);
    const data = new TextEncoder().encode(JSON.stringify({ recipient: AKTAU, envelope, reasons: ['to:node'] }));
    const msgId = randomUUID();
    const h = natsHeaders();
    h.set(HEADERS.msgId, msgId);
    const voucher = vouch(impostor, inboxSubject, msgId, data);
    h.set(SIGNATURE_HEADERS.signer, voucher.keyId);
    h.set(SIGNATURE_HEADERS.signature, voucher.signature);
    await jetstream(nc).publish(inboxSubject, data, { msgID: msgId, headers: h });

    await eventually(
      async () => ((await deadLetters('unknown_signer', inboxSubject)) === 1 ? true : undefined),
      20_000,
      'the impostor’s delivery refused',
    );
    expect(await inbox(AKTAU)).not.toContain(envelope.id);
    const { status, report } = await healthOf('gateway');
    expect(status).toBe(200);
    expect(report.details.deliveries).toMatchObject({ last: { reason: 'unknown_signer' } });
  });

  it('refuses an envelope published under another node’s name at any date, and counts it in no report', async () => {
    const before = (await api('GET', '/reports/exchange', tokens[ROCA])).body;
    const backdated = await forgedBy(alertFrom(BAKU, '2022-06-14T09:00:00.000Z'));
    const unsigned = alertFrom(BAKU);
    await publishRaw(net.names.publishSubject(BAKU, 'ALERT'), backdated);
    await publishRaw(net.names.publishSubject(BAKU, 'ALERT'), unsigned);

    for (const [forgery, reason] of [
      [backdated, 'bad_signature'],
      [unsigned, 'unsigned'],
    ] as const) {
      const entries = await eventually(
        async () => ((await ledgerOf(forgery.id)).length > 0 ? await ledgerOf(forgery.id) : undefined),
        20_000,
        `the refusal of ${forgery.id}`,
      );
      // Recorded as refused, in nobody's name: neither published by Baku nor rejected from it.
      expect(entries).toEqual([
        expect.objectContaining({ type: 'message.refused', node: null, data: expect.objectContaining({ reason }) }),
      ]);
      expect(await deadLetters(reason, net.names.publishSubject(BAKU, 'ALERT'))).toBeGreaterThanOrEqual(1);
    }
    expect(await inbox(AKTAU)).not.toEqual(expect.arrayContaining([backdated.id]));
    expect(await inbox(AKTAU)).not.toEqual(expect.arrayContaining([unsigned.id]));
    expect((await api('GET', '/reports/exchange', tokens[ROCA])).body).toEqual(before);
    expect(
      (await api('GET', '/reports/exchange?from=2022-01-01T00:00:00Z&to=2023-01-01T00:00:00Z', tokens[ROCA])).body
        .network.sent.total,
    ).toBe(0);
  });

  it('refuses an envelope its origin signed but another node published, and neither routes nor counts it', async () => {
    const before = (await api('GET', '/reports/exchange', tokens[ROCA])).body;
    // Signed with Baku's registered key, published under Aktau's subject: as whoever holds Aktau's
    // credentials could replay an envelope Baku sent.
    const claimed = await signAsOrigin(net, api, {
      ...alertFrom(BAKU),
      to: { nodes: [POTI], countries: [], groups: [] },
    });
    const subject = net.names.publishSubject(AKTAU, 'ALERT');
    await publishRaw(subject, claimed);

    const entries = await eventually(
      async () => ((await ledgerOf(claimed.id)).length > 0 ? await ledgerOf(claimed.id) : undefined),
      20_000,
      `the refusal of ${claimed.id}`,
    );
    expect(entries).toEqual([
      expect.objectContaining({
        type: 'message.refused',
        node: null,
        data: expect.objectContaining({ reason: 'origin_mismatch', claimedOrigin: AKTAU, subject }),
      }),
    ]);
    // The router refused it too: dead-lettered with the reason, delivered to nobody.
    await eventually(
      async () => ((await deadLetters('origin_mismatch', subject)) === 1 ? true : undefined),
      20_000,
      'the router’s refusal',
    );
    expect(await inbox(POTI)).not.toContain(claimed.id);
    expect((await api('GET', `/messages/${claimed.id}`, tokens[POTI])).status).toBe(404);
    expect((await api('GET', '/reports/exchange', tokens[ROCA])).body).toEqual(before);
  });

  it('ignores junk and foreign checkpoints: no alarm, the gateway and the registry stay healthy', async () => {
    const subject = net.names.checkpointSubject;
    const intruder = generateKeyPairSync('ed25519');
    const foreign = signCheckpoint(
      intruder.privateKey,
      keyIdOf(intruder.publicKey),
      1_000_000,
      'ab'.repeat(32),
      new Date().toISOString(),
    );
    for (const junk of ['not json', JSON.stringify({ size: 'huge' }), JSON.stringify(null), JSON.stringify(foreign)]) {
      nc.publish(subject, junk);
    }
    await nc.flush();
    const watch = await eventually(async () => {
      const state = (await api('GET', '/audit/watch', net.adminToken)).body;
      return state.ignored.count >= 4 ? state : undefined;
    });
    expect(watch.alert).toBeNull();
    const health = await fetch(`${net.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ checks: { ledger: 'up' }, details: { checkpoints: { count: 4 } } });
    // The registry watches the same subject with a watcher of its own.
    const registry = await eventually(async () => {
      const health = await healthOf('registry');
      return health.report.details.checkpoints.count >= 4 ? health : undefined;
    });
    expect(registry.status).toBe(200);
    expect(registry.report).toMatchObject({
      checks: { ledger: 'up' },
      details: { checkpoints: { count: 4, last: { reason: expect.any(String) } } },
    });
  });

  it('asks the registry for a coordinator’s token in the gateway’s name, and is refused', async () => {
    const issued = async () =>
      ((await api('GET', `/audit/events?kind=registry.token.issued&node=${ROCA}`, net.adminToken)).body.items as [])
        .length;
    const before = await issued();
    const ask = JSON.stringify({ pattern: RPC.issueToken, data: { nodeId: ROCA }, id: randomUUID() });
    const reply = await nc.request(net.names.rpc(RPC.issueToken), ask, { timeout: 5000 });
    expect(reply.json()).toMatchObject({ err: { status: 403, message: expect.stringMatching(/^unsigned/) } });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await issued()).toBe(before);
  });

  it('never honours a token written into the registry bucket by anyone but the registry', async () => {
    const kv = await new Kvm(nc).open(net.names.registryBucket);
    const tokensTried: string[] = [];
    const mint = async (value: (key: string) => unknown) => {
      const token = randomBytes(24).toString('base64url');
      const key = REGISTRY_KEYS.token(createHash('sha256').update(token).digest('hex'));
      await kv.put(key, JSON.stringify(value(key)));
      tokensTried.push(token);
    };
    const record = { id: randomUUID(), nodeId: ROCA, createdAt: new Date().toISOString(), revokedAt: null };
    // As the bucket held it before values were signed; and signed by a key of the attacker's own.
    await mint(() => record);
    const { publicKeyPem, privateKeyPem } = newSigningKeyPair();
    const impostor = { keyId: signingKeyId('registry', publicKeyPem), privateKey: privateKeyOf(privateKeyPem) };
    await mint((key) => signRegistryEntry(impostor, key, record));
    // The registry's own key entry, replaced with the impostor's: the gateway pinned the real one.
    await kv.put(
      REGISTRY_KEYS.services('registry'),
      JSON.stringify(
        signRegistryEntry(impostor, REGISTRY_KEYS.services('registry'), {
          service: 'registry',
          keys: [
            { keyId: impostor.keyId, algorithm: 'Ed25519', publicKey: publicKeyPem, registeredAt: record.createdAt },
          ],
        }),
      ),
    );
    await mint((key) => signRegistryEntry(impostor, key, record));
    // Every copy of the registry (the gateway's, the router's, the audit's) refused all four writes, and says so.
    for (const app of ['gateway', 'router', 'audit'] as const) {
      const refused = await eventually(
        async () => {
          const { registryBucket } = (await healthOf(app)).report.details as {
            registryBucket: { count: number; last: { key: string; problem: string } };
          };
          return registryBucket.count >= 4 ? registryBucket : undefined;
        },
        20_000,
        `the ${app}'s refusals`,
      );
      expect(refused.last).toMatchObject({ key: expect.stringMatching(/^tokens\./) });
      expect(refused.last.problem).toMatch(/signed by .*not by the registry's key/);
    }
    for (const token of tokensTried) {
      expect((await api('GET', '/reports/exchange', token)).status).toBe(401);
    }
    expect((await api('GET', '/reports/exchange', tokens[ROCA])).status).toBe(200);
  });
});
