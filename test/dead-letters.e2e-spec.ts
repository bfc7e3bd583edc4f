import { jetstream } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { type Envelope, HEADERS, newSigningKeyPair, privateKeyOf, signEnvelope } from '@iren/contracts';
import { designAlert } from './support/fixtures';
import { apiClient, eventually } from './support/http';
import { registerNodes } from './support/members';
import { signAsOrigin } from './support/signing';
import { startTestNetwork, type TestNetwork } from './support/test-network';

// The admin reads what the consumers could not process (metadata, never content) and puts a letter
// back once its cause is fixed: the router's, the audit's and the gateway's own consumers.
jest.setTimeout(120_000);

const AKTAU = 'KZ-PCU-AKTAU';
const BAKU = 'AZ-PCU-BAKU';
const POTI = 'GE-PCU-POTI';
const ROCA = 'UZ-COORD-ROCA';

/** Every field a listed dead letter may have: none of them is the message's content. */
const METADATA = [
  'id',
  'kind',
  'reason',
  'error',
  'subject',
  'stream',
  'seq',
  'consumer',
  'storedAt',
  'deadLetteredAt',
  'correlationId',
  'deliveries',
  'replays',
];

interface Letter {
  id: string;
  kind: string;
  reason: string;
  subject?: string;
  consumer: string | null;
  correlationId?: string;
  replays: { at: string; outcome: string; detail?: string }[];
}

describe('dead letters: GET /dlq and POST /dlq/{id}/replay', () => {
  let net: TestNetwork;
  let api: ReturnType<typeof apiClient>;
  let tokens: Record<string, string>;
  let nc: NatsConnection;

  /** Every letter, read page by page as a client would. */
  const allLetters = async (): Promise<Letter[]> => {
    const letters: Letter[] = [];
    let after = '';
    for (;;) {
      const page = await api('GET', `/dlq?limit=2${after && `&after=${after}`}`, net.adminToken);
      expect(page.status).toBe(200);
      letters.push(...page.body.items);
      if (page.body.items.length === 0) return letters;
      after = page.body.next;
    }
  };
  const letterOn = (subject: string, reason: string): Promise<Letter> =>
    eventually(
      async () => (await allLetters()).find((l) => l.subject === subject && l.reason === reason),
      20_000,
      `a dead letter ${reason} of ${subject}`,
    );
  const replay = (id: string, token = net.adminToken) => api('POST', `/dlq/${id}/replay`, token);
  const inboxCount = async (node: string, id: string): Promise<number> =>
    ((await api('GET', '/inbox?limit=200', tokens[node])).body.items as { message: { id: string } }[]).filter(
      (i) => i.message.id === id,
    ).length;
  const alertFrom = (origin: string): Envelope => ({
    ...(designAlert() as unknown as Envelope),
    id: randomUUID(),
    origin,
    createdAt: new Date().toISOString(),
    tlp: 'AMBER',
    to: { nodes: [], countries: [], groups: [] },
  });
  const publishRaw = async (subject: string, payload: unknown, msgId: string, correlationId?: string) => {
    const h = natsHeaders();
    h.set(HEADERS.msgId, msgId);
    if (correlationId) h.set(HEADERS.correlationId, correlationId);
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
    const warm = await api('POST', '/messages', tokens[BAKU], designAlert());
    await eventually(async () => ((await inboxCount(AKTAU, warm.body.id)) === 1 ? true : undefined));
    nc = await net.connectNats();
  });

  afterAll(async () => {
    await nc?.close();
    await net?.stop();
  });

  it('lists a forged message with its reason and consumer, and no content; replaying it is still refused, and recorded', async () => {
    const node = await api('GET', `/nodes/${BAKU}`, net.adminToken);
    const keyId = (node.body.keys as { keyId: string }[])[0].keyId;
    const forged = signEnvelope(alertFrom(BAKU), {
      keyId,
      privateKey: privateKeyOf(newSigningKeyPair().privateKeyPem),
    });
    const subject = net.names.publishSubject(BAKU, 'ALERT');
    await publishRaw(subject, forged, forged.id);

    const letter = await letterOn(subject, 'bad_signature');
    expect(letter).toMatchObject({
      kind: 'dead_letter',
      consumer: net.names.consumer('router'),
      stream: net.names.stream('EXCHANGE'),
      seq: expect.any(Number),
      storedAt: expect.any(String),
      deadLetteredAt: expect.any(String),
      replays: [],
    });
    for (const field of Object.keys(letter)) expect(METADATA).toContain(field);
    const listed = JSON.stringify(await allLetters());
    for (const content of [forged.id, forged.body.title, forged.signature!.value])
      expect(listed).not.toContain(content);

    const answer = await replay(letter.id);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: 'STILL_REFUSED',
      message: expect.stringMatching(/^still refused: bad_signature: /),
    });
    const after = (await allLetters()).find((l) => l.id === letter.id)!;
    expect(after.replays).toEqual([{ at: expect.any(String), outcome: 'still_refused', detail: answer.body.message }]);
    expect(await inboxCount(AKTAU, forged.id)).toBe(0);
  });

  it('puts back through the audit and through the gateway’s own consumer, each still refusing a forgery', async () => {
    const event = { id: randomUUID(), type: 'message.delivered', at: new Date().toISOString(), node: AKTAU, data: {} };
    const eventSubject = net.names.eventSubject('message.delivered');
    await publishRaw(eventSubject, event, event.id);
    const delivery = { recipient: AKTAU, envelope: alertFrom(BAKU), reasons: ['to:node'] };
    const inboxSubject = net.names.inboxSubject(AKTAU);
    await publishRaw(inboxSubject, delivery, `${delivery.envelope.id}:${AKTAU}`);

    const audited = await letterOn(eventSubject, 'unsigned');
    expect(audited.consumer).toBe(net.names.consumer('audit_events'));
    const stored = await letterOn(inboxSubject, 'unsigned');
    expect(stored.consumer).toBe(net.names.consumer('gateway_inbox'));
    for (const letter of [audited, stored]) {
      const answer = await replay(letter.id);
      expect(answer.status).toBe(409);
      expect(answer.body.message).toMatch(/^still refused: unsigned: /);
    }
    expect((await replay('999999')).status).toBe(404);
    expect((await replay('not-a-letter')).status).toBe(404);
  });

  it('puts back an alert refused while its origin was suspended, once reinstated: delivered once, announced in the ledger', async () => {
    expect((await api('PATCH', `/nodes/${BAKU}`, net.adminToken, { status: 'SUSPENDED' })).status).toBe(200);
    const alert = await signAsOrigin(net, api, alertFrom(BAKU));
    const subject = net.names.publishSubject(BAKU, 'ALERT');
    const correlationId = `dlq-e2e-${randomUUID()}`;
    await publishRaw(subject, alert, alert.id, correlationId);

    const letter = await letterOn(subject, 'origin_not_active');
    expect(letter).toMatchObject({ consumer: net.names.consumer('router'), correlationId });
    const early = await replay(letter.id);
    expect(early.status).toBe(409);
    expect(early.body.message).toBe(`still refused: origin_not_active: origin ${BAKU} is SUSPENDED`);
    expect(await inboxCount(AKTAU, alert.id)).toBe(0);

    expect((await api('PATCH', `/nodes/${BAKU}`, net.adminToken, { status: 'ACTIVE' })).status).toBe(200);
    const processed = await replay(letter.id);
    expect(processed.status).toBe(200);
    expect(processed.body).toEqual({ id: letter.id, consumer: net.names.consumer('router'), outcome: 'processed' });
    for (const recipient of [AKTAU, POTI]) {
      await eventually(
        async () => ((await inboxCount(recipient, alert.id)) === 1 ? true : undefined),
        20_000,
        recipient,
      );
    }

    const again = await replay(letter.id);
    expect(again.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect([await inboxCount(AKTAU, alert.id), await inboxCount(POTI, alert.id)]).toEqual([1, 1]);

    const announced = async () => {
      const page = await api('GET', '/audit/events?kind=dead_letter.replayed&limit=200', net.adminToken);
      return (page.body.items as { data: { dlqId: string } }[]).filter((e) => e.data.dlqId === letter.id);
    };
    await eventually(async () => ((await announced()).length > 0 ? true : undefined), 20_000, 'the ledger entry');
    // The second replay went through too, but announced nothing more.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await announced()).toEqual([
      expect.objectContaining({
        type: 'dead_letter.replayed',
        correlationId: processed.headers.get('x-correlation-id'),
        data: {
          dlqId: letter.id,
          consumer: net.names.consumer('router'),
          stream: net.names.stream('EXCHANGE'),
          seq: expect.any(Number),
          reason: 'origin_not_active',
        },
      }),
    ]);
    const listed = (await allLetters()).find((l) => l.id === letter.id)!;
    expect(listed.replays.map((r) => r.outcome)).toEqual(['still_refused', 'processed', 'processed']);
  });

  it('refuses an officer and a coordinator both routes, and records nothing for them', async () => {
    const letter = (await allLetters())[0];
    const before = letter.replays.length;
    for (const node of [AKTAU, ROCA]) {
      expect((await api('GET', '/dlq', tokens[node])).status).toBe(403);
      expect((await replay(letter.id, tokens[node])).status).toBe(403);
    }
    expect((await api('GET', '/dlq')).status).toBe(401);
    expect((await allLetters())[0].replays).toHaveLength(before);
  });
});
