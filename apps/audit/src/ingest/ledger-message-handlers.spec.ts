import type { JsMsg } from '@nats-io/jetstream';
import { headers, type MsgHdrs } from '@nats-io/transport-node';
import pino from 'pino';
import { type Envelope, type ExchangeEvent, ExchangeNames, HEADERS } from '@iren/contracts';
import { BusSigner, PermanentError, type RegistryDirectory } from '@iren/messaging';
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

function handlersRecording(execute?: (command: LedgerEntryDraft) => Promise<null>) {
  const commands: LedgerEntryDraft[] = [];
  const appendEntry = {
    execute: execute ?? (async (c: LedgerEntryDraft) => (commands.push(c), null)),
  } as unknown as AppendLedgerEntry;
  const registry = { registry: directory } as unknown as RegistryDirectory;
  return {
    handlers: new LedgerMessageHandlers(appendEntry, names, registry, SKEW_MS, pino({ level: 'silent' })),
    commands,
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
