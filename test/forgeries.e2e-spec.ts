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
  signEnvelope,
  signingKeyId,
  signRegistryEntry,
} from '@iren/contracts';
import { keyIdOf, signCheckpoint } from '@iren/ledger';
import { designAlert } from './support/fixtures';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { startTestNetwork, type TestNetwork } from './support/test-network';

// What anyone who reaches the bus could send if NATS enforced nothing (as on a developer's machine,
// or through a stolen all-powerful user): every consumer that acts on it checks who vouches for it,
// refuses it, records why, and changes no inbox, report or health.
jest.setTimeout(90_000);

const AKTAU = 'KZ-PCU-AKTAU';
const BAKU = 'AZ-PCU-BAKU';
const POTI = 'GE-PCU-POTI';
const ROCA = 'UZ-COORD-ROCA';

describe('forgeries on an open bus', () => {
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

  beforeAll(async () => {
    net = await startTestNetwork();
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

  it('ignores junk and foreign checkpoints: no alarm, the gateway stays healthy', async () => {
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
    // The gateway refused all four writes, and says so.
    const refused = await eventually(async () => {
      const health = (await (await fetch(`${net.baseUrl}/health`)).json()) as {
        details: { registryBucket: { count: number; last: { problem: string } } };
      };
      return health.details.registryBucket.count >= 4 ? health.details.registryBucket : undefined;
    });
    expect(refused.last.problem).toMatch(/signed by .*not by the registry's key/);
    for (const token of tokensTried) {
      expect((await api('GET', '/reports/exchange', token)).status).toBe(401);
    }
    expect((await api('GET', '/reports/exchange', tokens[ROCA])).status).toBe(200);
  });
});
