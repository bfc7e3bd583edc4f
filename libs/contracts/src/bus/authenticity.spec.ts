import { randomUUID } from 'node:crypto';
import type { DeliveryPayload, Envelope } from '../envelope';
import { ExchangeNames, HEADERS } from '../names';
import type { NodeKeysRecord, ServiceKeysRecord } from '../registry-records';
import { newSigningKeyPair, privateKeyOf, signEnvelope, signingKeyId, type SigningKey } from '../signatures';
import { authenticateDelivery, authenticatePublished, type ReceivedMessage, voucherOf } from './authenticity';
import type { ServiceName } from './identities';
import { SIGNATURE_HEADERS, vouch, vouchAll } from './message-signatures';

const names = new ExchangeNames('iren');
const SKEW_MS = 10 * 60 * 1000;

function keyOf(owner: string): SigningKey & { publicKey: string } {
  const { publicKeyPem, privateKeyPem } = newSigningKeyPair();
  return { keyId: signingKeyId(owner, publicKeyPem), privateKey: privateKeyOf(privateKeyPem), publicKey: publicKeyPem };
}

const aktau = keyOf('KZ-PCU-AKTAU');
const router = keyOf('router');
const gateway = keyOf('gateway');
const nodeKeys = (key: typeof aktau, retiredAt: string | null = null): NodeKeysRecord => ({
  nodeId: 'KZ-PCU-AKTAU',
  keys: [
    {
      keyId: key.keyId,
      algorithm: 'Ed25519',
      publicKey: key.publicKey,
      status: retiredAt ? 'RETIRED' : 'ACTIVE',
      holder: 'node',
      createdAt: '2026-01-01T00:00:00.000Z',
      retiredAt,
    },
  ],
});
const serviceKeys = (service: ServiceName, key: typeof router): ServiceKeysRecord => ({
  service,
  keys: [
    { keyId: key.keyId, algorithm: 'Ed25519', publicKey: key.publicKey, registeredAt: '2026-01-01T00:00:00.000Z' },
  ],
});
const directory = (nodes = [nodeKeys(aktau)]) => ({
  keysOf: (node: string) => nodes.find((n) => n.nodeId === node),
  serviceKeys: (service: ServiceName) =>
    [serviceKeys('router', router), serviceKeys('gateway', gateway)].find((s) => s.service === service),
});

function alert(createdAt = new Date().toISOString()): Envelope {
  return {
    id: randomUUID(),
    kind: 'ALERT',
    origin: 'KZ-PCU-AKTAU',
    createdAt,
    tlp: 'AMBER',
    to: { nodes: [], countries: [], groups: [] },
    body: {
      category: 'IPR',
      riskLevel: 'HIGH',
      mode: 'SEA',
      title: 'Counterfeit bearings',
      summary: 'Declared as spare parts',
      lang: 'en',
      transport: { containers: ['CSQU3054383'] },
      itinerary: [{ locode: 'KZAAU', role: 'DISCHARGE' }],
      goods: [{ hsCode: '848210', description: 'Ball bearings' }],
      indicators: [],
      requestedAction: 'EXAMINE',
    },
  };
}

/** A message as received, vouched for by `voucher` when given. */
function received(subject: string, payload: unknown, voucher?: SigningKey, msgId = randomUUID()): ReceivedMessage {
  const data = new TextEncoder().encode(JSON.stringify(payload));
  const headers = new Map<string, string>([[HEADERS.msgId, msgId]]);
  if (voucher) {
    const { keyId, signature } = vouch(voucher, subject, msgId, data);
    headers.set(SIGNATURE_HEADERS.signer, keyId).set(SIGNATURE_HEADERS.signature, signature);
  }
  return { subject, data, header: (name) => headers.get(name) };
}

describe(authenticatePublished.name, () => {
  const subject = names.publishSubject('KZ-PCU-AKTAU', 'ALERT');
  const check = (message: ReceivedMessage, receivedAt = new Date(), keys = directory()) =>
    authenticatePublished(message, receivedAt, names, keys, SKEW_MS);

  it('believes an envelope its origin signed, published under its own subject, just now', () => {
    const envelope = signEnvelope(alert(), aktau);
    expect(check(received(subject, envelope))).toMatchObject({ plain: { id: envelope.id } });
  });

  it.each([
    ['unsigned', () => received(subject, alert()), 'unsigned'],
    [
      'signed by a key not its origin’s',
      () => received(subject, signEnvelope(alert(), keyOf('KZ-PCU-AKTAU'))),
      'bad_signature',
    ],
    [
      'under another node’s subject',
      () => received(names.publishSubject('AZ-PCU-BAKU', 'ALERT'), signEnvelope(alert(), aktau)),
      'origin_mismatch',
    ],
    [
      'changed after signing',
      () => received(subject, { ...signEnvelope(alert(), aktau), tlp: 'CLEAR' }),
      'bad_signature',
    ],
    // JSON objects whose toString is no function: turning them into a string for the detail would throw.
    [
      'claiming an origin that is an object',
      () => received(subject, { ...signEnvelope(alert(), aktau), origin: { toString: 1 } }),
      'origin_mismatch',
    ],
    [
      'signed with a key id that is an object',
      () => received(subject, { ...alert(), signature: { keyId: { toString: 1 }, value: 'AAAA' } }),
      'bad_signature',
    ],
  ])('refuses an envelope %s', (_what, make, reason) => {
    expect(check(make())).toMatchObject({ reason, claimedOrigin: expect.any(String) });
  });

  it('refuses an envelope created further than the skew from when the exchange received it, either way', () => {
    const now = Date.now();
    const old = signEnvelope(alert(new Date(now - SKEW_MS - 1000).toISOString()), aktau);
    const future = signEnvelope(alert(new Date(now + SKEW_MS + 1000).toISOString()), aktau);
    expect(check(received(subject, old), new Date(now))).toMatchObject({ reason: 'stale' });
    expect(check(received(subject, future), new Date(now))).toMatchObject({ reason: 'stale' });
    // Received on time, read late (a backlog): fresh.
    expect(check(received(subject, old), new Date(now - SKEW_MS))).toHaveProperty('plain');
  });

  it('believes an old envelope the gateway vouches for: it waited in the gateway’s outbox', () => {
    const old = signEnvelope(alert(new Date(Date.now() - 3 * SKEW_MS).toISOString()), aktau);
    expect(check(received(subject, old, gateway))).toHaveProperty('plain');
    expect(check(received(subject, old, keyOf('gateway')))).toMatchObject({ reason: 'stale' });
  });

  it('lets a retired key vouch only for envelopes created before it was retired', () => {
    const retiredAt = new Date(Date.now() - 60_000).toISOString();
    const keys = directory([nodeKeys(aktau, retiredAt)]);
    const before = signEnvelope(alert(new Date(Date.now() - 120_000).toISOString()), aktau);
    const after = signEnvelope(alert(), aktau);
    expect(check(received(subject, before), new Date(), keys)).toHaveProperty('plain');
    expect(check(received(subject, after), new Date(), keys)).toMatchObject({ reason: 'bad_signature' });
  });
});

describe(authenticateDelivery.name, () => {
  const inbox = names.inboxSubject('AZ-PCU-BAKU');
  const delivery = (envelope: Envelope = signEnvelope(alert(), aktau)): DeliveryPayload => ({
    recipient: 'AZ-PCU-BAKU',
    envelope,
    reasons: ['filter:0'],
  });

  it('believes a delivery the router made for this inbox, of an envelope its origin signed', () => {
    expect(authenticateDelivery(received(inbox, delivery(), router), names, directory())).toMatchObject({
      recipient: 'AZ-PCU-BAKU',
    });
  });

  it('takes an envelope made here back unchanged without checking it again, and checks in full one that differs', () => {
    // Signed, but the signature spoilt: only the shortcut can believe it, as the envelope this app made.
    const signed = signEnvelope(alert(), aktau);
    const made = JSON.parse(JSON.stringify({ ...signed, signature: { ...signed.signature!, value: 'AAAA' } }));
    const madeHere = new Map<string, Envelope>([[made.id, made]]);
    const check = (envelope: Envelope, keys = directory()) =>
      authenticateDelivery(received(inbox, delivery(envelope), router), names, keys, undefined, madeHere);

    expect(check(JSON.parse(JSON.stringify(made)))).toMatchObject({ envelope: { id: made.id } });
    // One member changed, one added: the full check, which the spoilt signature fails.
    const changed = { ...made, body: { ...made.body, title: 'Genuine bearings' } };
    expect(check(changed)).toMatchObject({ reason: 'bad_signature' });
    expect(check({ ...made, extra: 1 } as Envelope)).toMatchObject({ reason: 'invalid_delivery' });
    // The key it was signed with is no key of its origin any more (removed from the registry).
    expect(check(JSON.parse(JSON.stringify(made)), directory([]))).toMatchObject({ reason: 'bad_signature' });
    // And the envelope the origin really signed still passes the full check.
    expect(check(signed)).toMatchObject({ envelope: { id: signed.id } });
  });

  it.each([
    ['that nobody vouches for', () => received(inbox, delivery()), 'unsigned'],
    ['vouched for by the gateway, not the router', () => received(inbox, delivery(), gateway), 'wrong_signer'],
    [
      'vouched for with a key the registry never published',
      () => received(inbox, delivery(), keyOf('router')),
      'unknown_signer',
    ],
    [
      'made for another inbox and replayed into this one',
      () => {
        const made = received(names.inboxSubject('GE-PCU-POTI'), delivery(), router);
        return { ...made, subject: inbox };
      },
      'bad_service_signature',
    ],
    [
      'addressed to another node than its inbox',
      () => received(inbox, { ...delivery(), recipient: 'GE-PCU-POTI' }, router),
      'invalid_delivery',
    ],
    ['that is JSON but no object (null)', () => received(inbox, null, router), 'invalid_delivery'],
    [
      'addressed to a recipient that is an object',
      () => received(inbox, { ...delivery(), recipient: { toString: 1 } }, router),
      'invalid_delivery',
    ],
    [
      'of an envelope its origin did not sign',
      () => received(inbox, delivery(signEnvelope(alert(), keyOf('KZ-PCU-AKTAU'))), router),
      'bad_signature',
    ],
  ])('refuses a delivery %s', (_what, make, reason) => {
    expect(authenticateDelivery(make(), names, directory())).toMatchObject({ reason });
  });

  it('checks an envelope delivered to several inboxes once a batch, and never lends that verdict to another envelope', () => {
    const checks = new Map();
    const envelope = signEnvelope(alert(), aktau);
    const poti = names.inboxSubject('GE-PCU-POTI');
    const first = authenticateDelivery(received(inbox, delivery(envelope), router), names, directory(), checks);
    const second = authenticateDelivery(
      received(poti, { ...delivery(envelope), recipient: 'GE-PCU-POTI' }, router),
      names,
      directory(),
      checks,
    );
    expect(checks.size).toBe(1);
    expect((second as DeliveryPayload).envelope).toBe((first as DeliveryPayload).envelope);
    // The same id and signature over a changed body is another envelope: checked, and refused.
    const changed = { ...envelope, body: { ...(envelope.body as object), title: 'changed' } } as Envelope;
    expect(authenticateDelivery(received(inbox, delivery(changed), router), names, directory(), checks)).toMatchObject({
      reason: 'bad_signature',
    });
    expect(checks.size).toBe(2);
  });

  it('takes a HIT on the router’s word alone: the network made it, no node signed it', () => {
    const now = new Date().toISOString();
    const hit = {
      ...alert(),
      kind: 'HIT' as const,
      origin: 'AZ-PCU-BAKU',
      body: {
        identifier: { type: 'CONTAINER', value: 'CSQU3054383' },
        alerts: [
          { visible: true, id: randomUUID(), origin: 'AZ-PCU-BAKU', createdAt: now, title: 'Ours' },
          { visible: false, origin: 'KZ', createdAt: now.slice(0, 10) },
        ],
        windowDays: 90,
      },
    };
    const verdict = (voucher?: SigningKey) =>
      authenticateDelivery(received(inbox, delivery(hit as unknown as Envelope), voucher), names, directory());
    expect(verdict(router)).toMatchObject({ envelope: { kind: 'HIT' } });
    expect(verdict()).toMatchObject({ reason: 'unsigned' });
  });
});

describe(voucherOf.name, () => {
  it('names the service whose published key signed the message', () => {
    const subject = names.eventSubject('message.routed');
    expect(voucherOf(received(subject, { id: 1 }, router), ['router'], directory())).toEqual({ service: 'router' });
  });

  it('believes each message of a batch the service vouched for at once, by its proof, and nothing without it', () => {
    const batch = ['KZ-PCU-AKTAU', 'UZ-PCU-TASHKENT', 'KG-ACCU-MANAS'].map((node) => ({
      subject: names.inboxSubject(node),
      msgId: randomUUID(),
      data: new TextEncoder().encode(JSON.stringify({ recipient: node })),
    }));
    const as = (i: number, headers: Record<string, string | undefined>): ReceivedMessage => ({
      ...batch[i],
      header: (name) => (name === HEADERS.msgId ? batch[i].msgId : headers[name]),
    });
    const vouchers = vouchAll(router, batch);
    vouchers.forEach(({ keyId, signature, batchProof }, i) => {
      const headers = {
        [SIGNATURE_HEADERS.signer]: keyId,
        [SIGNATURE_HEADERS.signature]: signature,
        [SIGNATURE_HEADERS.batchProof]: batchProof,
      };
      expect(voucherOf(as(i, headers), ['router'], directory())).toEqual({ service: 'router' });
      // Its proof under another message of the batch; the signature without its proof.
      expect(voucherOf(as((i + 1) % 3, headers), ['router'], directory())).toMatchObject({
        reason: 'bad_service_signature',
      });
      const unproven = { ...headers, [SIGNATURE_HEADERS.batchProof]: undefined };
      expect(voucherOf(as(i, unproven), ['router'], directory())).toMatchObject({ reason: 'bad_service_signature' });
    });
  });
});
