import type { JsMsg } from '@nats-io/jetstream';
import { headers, type MsgHdrs } from '@nats-io/transport-node';
import pino from 'pino';
import { type Envelope, type ExchangeEvent, ExchangeNames, HEADERS } from '@iren/contracts';
import { BusSigner, PermanentError, type RegistryDirectory } from '@iren/messaging';
import { UnavailableError } from '@iren/platform';
import { jsMsgOf, testKeyDirectory, testNodeKey, testServiceKey, testSigner } from '@iren/messaging/testing';
import type { AppendLedgerEntry } from '../ledger/append-ledger-entry.usecase';
import type { LedgerEntryDraft } from '../ledger/ledger-entry';
import { alertEnvelope, exchangeEvent } from '../testing/fixtures';
import { LedgerMessageHandlers } from './ledger-message-handlers';

const names = new ExchangeNames('t_handlers');
const SKEW_MS = 10 * 60 * 1000;
const aktau = testNodeKey('KZ-PCU-AKTAU');
const router = testServiceKey('router');
const directory = testKeyDirectory([aktau.record], [router.record]);

let seq = 0;
function message(subject: string, payload: unknown, h: MsgHdrs = headers(), time = new Date()): JsMsg {
  const data = new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return { subject, data, headers: h, time, seq: ++seq } as unknown as JsMsg;
}

/** An alert as its origin published it: signed with its key, created a moment ago. */
function published(
  envelope: Envelope = alertEnvelope({ createdAt: new Date().toISOString() }),
  correlationId?: string,
) {
  const h = headers();
  if (correlationId) h.set(HEADERS.correlationId, correlationId);
  return message(names.publishSubject(envelope.origin, envelope.kind), aktau.sign(envelope), h);
}

/** An event signed by `signer` (the router, whose key the registry published, unless said otherwise). */
function announced(event: ExchangeEvent, subject = names.eventSubject(event.type), signer = new BusSigner(router.key)) {
  const data = new TextEncoder().encode(JSON.stringify(event));
  return message(subject, JSON.stringify(event), signer.headers(subject, data, event.id));
}

function handlersRecording(
  executeBatch?: (commands: LedgerEntryDraft[]) => Promise<null[]>,
  registry: RegistryDirectory['registry'] = directory as unknown as RegistryDirectory['registry'],
) {
  const commands: LedgerEntryDraft[] = [];
  const batches: LedgerEntryDraft[][] = [];
  const appendEntry = {
    executeBatch:
      executeBatch ?? (async (cs: LedgerEntryDraft[]) => (batches.push(cs), commands.push(...cs), cs.map(() => null))),
  } as unknown as AppendLedgerEntry;
  const mirror = { registry } as unknown as RegistryDirectory;
  return {
    handlers: new LedgerMessageHandlers(appendEntry, names, mirror, SKEW_MS, pino({ level: 'silent' })),
    commands,
    batches,
  };
}

describe(LedgerMessageHandlers.name, () => {
  it('appends a published message with the header correlation id', async () => {
    const { handlers, commands } = handlersRecording();
    const envelope = alertEnvelope({ createdAt: new Date().toISOString() });
    await handlers.onPublished(published(envelope, 'corr-9'));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({
      sourceId: `exchange:${envelope.id}`,
      type: 'message.published',
      node: 'KZ-PCU-AKTAU',
      correlationId: 'corr-9',
    });
  });

  it.each([
    [
      'unsigned',
      () => {
        const { signature: _none, ...unsigned } = alertEnvelope({ createdAt: new Date().toISOString() });
        return message(names.publishSubject('KZ-PCU-AKTAU', 'ALERT'), unsigned);
      },
      'unsigned',
    ],
    [
      'signed by another node',
      () => {
        const envelope = testNodeKey('KZ-PCU-AKTAU').sign(alertEnvelope({ createdAt: new Date().toISOString() }));
        return message(names.publishSubject('KZ-PCU-AKTAU', 'ALERT'), envelope);
      },
      'bad_signature',
    ],
    [
      'under another node’s subject',
      () => {
        const envelope = aktau.sign(alertEnvelope({ createdAt: new Date().toISOString() }));
        return message(names.publishSubject('AZ-PCU-BAKU', 'ALERT'), envelope);
      },
      'origin_mismatch',
    ],
    [
      'created long before it was sent',
      () => published(alertEnvelope({ createdAt: '2022-06-14T00:00:00.000Z' })),
      'stale',
    ],
    ['not JSON', () => message(names.publishSubject('KZ-PCU-AKTAU', 'ALERT'), '{oops'), 'invalid_json'],
  ])('records a published message %s as refused, naming no node', async (_what, make, reason) => {
    const { handlers, commands } = handlersRecording();
    const msg = make();
    await handlers.onPublished(msg);
    expect(commands).toEqual([
      expect.objectContaining({
        sourceId: `exchange-refused:${msg.seq}`,
        type: 'message.refused',
        node: null,
        nodes: [],
        country: null,
        data: expect.objectContaining({ reason }),
      }),
    ]);
  });

  it('appends an event its producer signed for its own subject', async () => {
    const { handlers, commands } = handlersRecording();
    const event = exchangeEvent();
    await handlers.onEvent(announced(event));
    expect(commands[0].sourceId).toBe(`event:${event.id}`);
  });

  it.each([
    ['unsigned', () => message(names.eventSubject('message.routed'), exchangeEvent()), 'unsigned'],
    [
      'signed by a key the registry never published',
      () => {
        const event = exchangeEvent();
        return announced(event, names.eventSubject(event.type), testSigner('router'));
      },
      'unknown_signer',
    ],
    [
      'signed by a service that may not announce it',
      () => {
        const event = exchangeEvent({ type: 'registry.node.suspended' });
        return announced(event);
      },
      'wrong_signer',
    ],
  ])('refuses for good an event %s, appending nothing', async (_what, make, reason) => {
    const { handlers, commands } = handlersRecording();
    await expect(handlers.onEvent(make())).rejects.toMatchObject({ reason });
    expect(commands).toEqual([]);
  });

  it.each([
    ['a type other than its subject names', names.eventSubject('message.delivered'), exchangeEvent()],
    [
      'the type reserved for published messages',
      names.eventSubject('message.published'),
      exchangeEvent({ type: 'message.published' as never }),
    ],
  ])('refuses for good an event carrying %s, appending nothing', async (_what, subject, event) => {
    const { handlers, commands } = handlersRecording();
    await expect(handlers.onEvent(announced(event, subject))).rejects.toBeInstanceOf(PermanentError);
    expect(commands).toEqual([]);
  });
});

describe(`${LedgerMessageHandlers.name} with headers nats.js cannot decode`, () => {
  it('records a published message whose header block has a malformed line, as if it had no headers', async () => {
    const { handlers, commands } = handlersRecording();
    const envelope = alertEnvelope({ createdAt: new Date().toISOString() });
    // The server relays the block as published; nats.js throws on its first read of `headers`.
    const msg = jsMsgOf({
      subject: names.publishSubject('KZ-PCU-AKTAU', 'ALERT'),
      data: new TextEncoder().encode(JSON.stringify(aktau.sign(envelope))),
      headers: { status: 'NATS/1.0', lines: ['Bad Key: x', `${HEADERS.correlationId}: corr-9`] },
    });
    await handlers.onPublished(msg);
    expect(commands).toEqual([expect.objectContaining({ type: 'message.published', correlationId: null })]);
  });
});

describe(`${LedgerMessageHandlers.name} with content it cannot hash`, () => {
  it('records an envelope whose body holds a lone surrogate as refused: it cannot have been signed', async () => {
    const { handlers, commands } = handlersRecording();
    const envelope = alertEnvelope({ createdAt: new Date().toISOString() });
    const text = JSON.stringify(aktau.sign(envelope)).replace(envelope.body.title, '\\ud800');
    await handlers.onPublished(message(names.publishSubject('KZ-PCU-AKTAU', 'ALERT'), text));
    expect(commands).toEqual([expect.objectContaining({ type: 'message.refused' })]);
  });

  it('lets a database failure through as retryable', async () => {
    const { handlers } = handlersRecording(async () => Promise.reject(new Error('connection refused')));
    const failure = await handlers.onEvent(announced(exchangeEvent())).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PermanentError);
  });
});

describe(`${LedgerMessageHandlers.name} in batches`, () => {
  const unreadable = () => message(names.eventSubject('message.routed'), '{oops');

  it('appends the batch in one call, in the order of its messages', async () => {
    const { handlers, batches } = handlersRecording();
    const events = Array.from({ length: 5 }, () => exchangeEvent());
    expect(await handlers.eventBatch(events.map((e) => announced(e)))).toEqual(Array(5).fill(undefined));
    expect(batches.map((b) => b.map((c) => c.sourceId))).toEqual([events.map((e) => `event:${e.id}`)]);
  });

  it('answers each bad message its own error and appends the others', async () => {
    const { handlers, batches } = handlersRecording();
    const [first, last] = [exchangeEvent(), exchangeEvent()];
    const outcome = await handlers.eventBatch([
      announced(first),
      unreadable(),
      message(names.eventSubject('message.routed'), exchangeEvent()),
      announced(last),
    ]);
    expect(outcome[0]).toBeUndefined();
    expect(outcome[1]).toMatchObject({ reason: 'invalid_audit_input' });
    expect(outcome[2]).toMatchObject({ reason: 'unsigned' });
    expect(outcome[3]).toBeUndefined();
    expect(batches).toEqual([[expect.objectContaining({ sourceId: `event:${first.id}` }), expect.anything()]]);
    expect(batches[0][1].sourceId).toBe(`event:${last.id}`);
  });

  it('appends nothing, and does not call the ledger, when no message of the batch can be read', async () => {
    const { handlers, commands } = handlersRecording();
    const outcome = await handlers.eventBatch([unreadable(), unreadable()]);
    expect(outcome.every((e) => e instanceof PermanentError)).toBe(true);
    expect(commands).toEqual([]);
  });

  it('hands a source repeated in the batch to the ledger, which records it once, and answers both handled', async () => {
    const { handlers, batches } = handlersRecording();
    const envelope = alertEnvelope({ createdAt: new Date().toISOString() });
    // The same envelope published twice under two msg ids, as a relay that lost its dedupe window does.
    expect(await handlers.publishedBatch([published(envelope), published(envelope)])).toEqual([undefined, undefined]);
    expect(batches[0].map((c) => c.sourceId)).toEqual([`exchange:${envelope.id}`, `exchange:${envelope.id}`]);
  });

  it('catches the registry mirror up once for the whole batch, and judges its refused messages again', async () => {
    // A router key registered a moment ago: the mirror learns it on its catch-up.
    const late = testServiceKey('router');
    const before = testKeyDirectory([aktau.record], [router.record]);
    const after = testKeyDirectory(
      [aktau.record],
      [{ service: 'router', keys: [...router.record.keys, ...late.record.keys] }],
    );
    let caughtUp = false;
    let catchUps = 0;
    const registry = {
      keysOf: (node: string) => (caughtUp ? after : before).keysOf(node),
      serviceKeys: (service: 'router') => (caughtUp ? after : before).serviceKeys(service),
      catchUp: async () => ((catchUps += 1), (caughtUp = true)),
    };
    const { handlers, commands } = handlersRecording(undefined, registry as never);
    const events = Array.from({ length: 3 }, () => exchangeEvent());
    const msgs = [
      announced(events[0]),
      ...events.slice(1).map((e) => announced(e, undefined, new BusSigner(late.key))),
    ];
    expect(await handlers.eventBatch(msgs)).toEqual([undefined, undefined, undefined]);
    expect(catchUps).toBe(1);
    expect(commands.map((c) => c.sourceId)).toEqual(events.map((e) => `event:${e.id}`));
  });

  it('answers the messages it could not judge as unavailable when the mirror cannot catch up, and appends the others', async () => {
    const registry = { ...directory, catchUp: async () => false };
    const { handlers, commands } = handlersRecording(undefined, registry as never);
    const good = exchangeEvent();
    const outcome = await handlers.eventBatch([
      announced(exchangeEvent(), undefined, testSigner('router')),
      announced(good),
    ]);
    expect(outcome[0]).toBeInstanceOf(UnavailableError);
    expect(outcome[1]).toBeUndefined();
    expect(commands.map((c) => c.sourceId)).toEqual([`event:${good.id}`]);
  });

  it('throws a database failure for the whole batch, not as any message’s own', async () => {
    const { handlers } = handlersRecording(async () => Promise.reject(new Error('connection refused')));
    const failure = await handlers.eventBatch([announced(exchangeEvent()), unreadable()]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(PermanentError);
  });
});
