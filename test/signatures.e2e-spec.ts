import { headers as natsHeaders } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import {
  type Envelope,
  newSigningKeyPair,
  privateKeyOf,
  signatureVerifies,
  signEnvelope,
  type NodeKeyRecord,
} from '@iren/contracts';
import { apiClient, eventually } from './support/http';
import { designAlert } from './support/fixtures';
import { signAsOrigin } from './support/signing';
import { startTestNetwork, type TestNetwork } from './support/test-network';

jest.setTimeout(120_000);

const AKTAU = 'KZ-PCU-AKTAU';
const POTI = 'GE-PCU-POTI';

const BODY = designAlert().body;

describe('message signatures', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  const tokens: Record<string, string> = {};

  const nodeKeys = async (node: string): Promise<NodeKeyRecord[]> =>
    (await api('GET', `/nodes/${node}`, tokens[POTI])).body.keys as NodeKeyRecord[];
  const inboxItem = (node: string, id: string) =>
    eventually(
      async () =>
        ((await api('GET', '/inbox?limit=200', tokens[node])).body.items as any[]).find((i) => i.message.id === id),
      30_000,
      `${id} in the inbox of ${node}`,
    );
  const publish = async (): Promise<string> => {
    const answer = await api('POST', '/messages', tokens[AKTAU], { kind: 'ALERT', tlp: 'GREEN', body: BODY });
    expect(answer.status).toBe(202);
    return answer.body.id as string;
  };
  /** The ledger's record of a message refused as not authentic: in nobody's name, with the reason. */
  const refusal = (id: string) =>
    eventually(
      async () =>
        (await api('GET', `/audit/events?kind=message.refused&messageId=${id}`, net.adminToken)).body.items[0],
      30_000,
      `refusal of ${id}`,
    );
  const rejections = async (id: string) =>
    (await api('GET', `/audit/events?kind=message.rejected&messageId=${id}`, net.adminToken)).body.items;
  const envelope = (createdAt = new Date().toISOString()): Envelope<unknown> => ({
    id: randomUUID(),
    kind: 'ALERT',
    origin: AKTAU,
    createdAt,
    tlp: 'GREEN',
    to: { nodes: [], countries: [], groups: [] },
    body: structuredClone(BODY),
  });
  const publishRaw = async (forged: object): Promise<void> => {
    const nc = await net.connectNats();
    try {
      nc.publish(net.names.publishSubject(AKTAU, 'ALERT'), JSON.stringify(forged), { headers: natsHeaders() });
      await nc.flush();
    } finally {
      await nc.close();
    }
  };

  beforeAll(async () => {
    net = await startTestNetwork();
    api = apiClient(net.baseUrl);
    for (const [id, country, locode] of [
      [AKTAU, 'KZ', 'KZAAU'],
      [POTI, 'GE', 'GEPTI'],
    ]) {
      const node = { id, type: 'PCU', country, name: id, locodes: [locode], contact: { email: 'unit@example.org' } };
      const created = await api('POST', '/nodes', net.adminToken, node);
      expect(created.status).toBe(201);
      tokens[id] = created.body.token;
    }
    const put = await api('PUT', `/nodes/${POTI}/subscription`, tokens[POTI], { filters: [{ locodes: ['KZAAU'] }] });
    expect(put.status).toBe(200);
  });

  afterAll(async () => {
    await net?.stop();
  });

  it('gives every node a key at registration, shows its public part, and signs what the node publishes', async () => {
    const keys = await nodeKeys(AKTAU);
    expect(keys).toEqual([
      {
        keyId: expect.stringMatching(/^KZ-PCU-AKTAU#[0-9a-f]{16}$/),
        algorithm: 'Ed25519',
        holder: 'gateway',
        publicKey: expect.stringContaining('BEGIN PUBLIC KEY'),
        status: 'ACTIVE',
        createdAt: expect.any(String),
        retiredAt: null,
      },
    ]);
    expect(JSON.stringify(keys)).not.toContain('PRIVATE');
    const listed = (await api('GET', '/nodes', tokens[POTI])).body as { id: string; keys: NodeKeyRecord[] }[];
    expect(listed.find((n) => n.id === AKTAU)?.keys).toEqual(keys);
    const id = await publish();
    const { message } = await inboxItem(POTI, id);
    expect(message.signature.keyId).toBe(keys[0].keyId);
    expect(signatureVerifies(message, message.signature, keys[0].publicKey)).toBe(true);
    expect(signatureVerifies({ ...message, tlp: 'AMBER' }, message.signature, keys[0].publicKey)).toBe(false);
  });

  it('rotates a key: new messages carry the new key, earlier ones still verify with the retired one', async () => {
    const before = await publish();
    const old = (await inboxItem(POTI, before)).message;
    expect((await api('POST', `/nodes/${AKTAU}/keys`, tokens[POTI])).status).toBe(404);
    const rotated = await api('POST', `/nodes/${AKTAU}/keys`, tokens[AKTAU]);
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ status: 'ACTIVE', retiredAt: null, algorithm: 'Ed25519' });
    expect(rotated.body.keyId).not.toBe(old.signature.keyId);

    const keys = await nodeKeys(AKTAU);
    const retired = keys.find((k) => k.keyId === old.signature.keyId)!;
    expect(retired).toMatchObject({ status: 'RETIRED', retiredAt: expect.any(String) });
    expect(keys.find((k) => k.status === 'ACTIVE')?.keyId).toBe(rotated.body.keyId);
    expect(signatureVerifies(old, old.signature, retired.publicKey)).toBe(true);

    const after = (await inboxItem(POTI, await publish())).message;
    expect(after.signature.keyId).toBe(rotated.body.keyId);
    expect(signatureVerifies(after, after.signature, rotated.body.publicKey)).toBe(true);

    const ledger = await eventually(
      async () => (await api('GET', `/audit/events?kind=registry.key.rotated`, net.adminToken)).body.items[0],
      30_000,
      'registry.key.rotated',
    );
    expect(ledger).toMatchObject({ node: AKTAU, data: { keyId: rotated.body.keyId, retiredKeyId: retired.keyId } });

    // The retired key still signs for a message created before the rotation, and for nothing after.
    const early = await signAsOrigin(net, api, envelope(old.createdAt), retired.keyId);
    const late = await signAsOrigin(net, api, envelope(), retired.keyId);
    await publishRaw(early);
    await publishRaw(late);
    expect((await inboxItem(POTI, early.id)).message.signature.keyId).toBe(retired.keyId);
    expect((await refusal(late.id)).data.reason).toBe('bad_signature');
  });

  it('refuses a forged, altered, unsigned or stale envelope published straight to NATS, and delivers none', async () => {
    const active = (await nodeKeys(AKTAU)).find((k) => k.status === 'ACTIVE')!;
    const stranger = privateKeyOf(newSigningKeyPair().privateKeyPem);
    const forged = signEnvelope(envelope(), { keyId: active.keyId, privateKey: stranger });
    const genuine = await signAsOrigin(net, api, envelope());
    const signedThenAltered = await signAsOrigin(net, api, envelope());
    const altered = { ...signedThenAltered, body: { ...structuredClone(BODY), riskLevel: 'LOW' } };
    const unsigned = envelope();
    // Signed by its origin, but dated a day back: a replay, or a key holder's backdating.
    const stale = await signAsOrigin(net, api, envelope(new Date(Date.now() - 24 * 3600 * 1000).toISOString()));
    for (const message of [forged, altered, unsigned, stale]) await publishRaw(message);
    expect((await refusal(forged.id)).data.reason).toBe('bad_signature');
    expect((await refusal(altered.id)).data.reason).toBe('bad_signature');
    expect((await refusal(unsigned.id)).data.reason).toBe('unsigned');
    expect((await refusal(stale.id)).data.reason).toBe('stale');
    expect(await refusal(forged.id)).toMatchObject({ node: null, data: { claimedOrigin: AKTAU } });
    // Nothing is recorded in the claimed origin's name: it did not send them.
    for (const id of [forged.id, altered.id, unsigned.id, stale.id]) expect(await rejections(id)).toEqual([]);
    // A genuine one published after them arrives: the forgeries had their turn and went nowhere.
    await publishRaw(genuine);
    await inboxItem(POTI, genuine.id);
    const items = (await api('GET', '/inbox?limit=200', tokens[POTI])).body.items as any[];
    const ids = new Set(items.map((i) => i.message.id));
    expect([forged.id, altered.id, unsigned.id, stale.id].filter((id) => ids.has(id))).toEqual([]);
  });
});
