import type { JsMsg } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import pino from 'pino';
import { ExchangeNames, HEADERS } from '@iren/contracts';
import { PermanentError } from '@iren/messaging';
import type { AppendLedgerEntry } from '../ledger/append-ledger-entry.usecase';
import type { LedgerEntryDraft } from '../ledger/ledger-entry';
import { alertEnvelope, exchangeEvent } from '../testing/fixtures';
import { LedgerMessageHandlers } from './ledger-message-handlers';

const names = new ExchangeNames('t_handlers');

function message(subject: string, payload: unknown, correlationId?: string): JsMsg {
  const h = headers();
  if (correlationId) h.set(HEADERS.correlationId, correlationId);
  const data = new TextEncoder().encode(typeof payload === 'string' ? payload : JSON.stringify(payload));
  return { subject, data, headers: h } as unknown as JsMsg;
}

function handlersRecording() {
  const commands: LedgerEntryDraft[] = [];
  const appendEntry = {
    execute: async (c: LedgerEntryDraft) => (commands.push(c), null),
  } as unknown as AppendLedgerEntry;
  return { handlers: new LedgerMessageHandlers(appendEntry, names, pino({ level: 'silent' })), commands };
}

describe(LedgerMessageHandlers.name, () => {
  it('appends a published message with the header correlation id', async () => {
    const { handlers, commands } = handlersRecording();
    const envelope = alertEnvelope();
    await handlers.onPublished(message(names.publishSubject(envelope.origin, envelope.kind), envelope, 'corr-9'));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({ sourceId: `exchange:${envelope.id}`, correlationId: 'corr-9' });
  });

  it('appends an event read from its own subject', async () => {
    const { handlers, commands } = handlersRecording();
    const event = exchangeEvent();
    await handlers.onEvent(message(names.eventSubject(event.type), event));
    expect(commands[0].sourceId).toBe(`event:${event.id}`);
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
    await expect(handlers.onEvent(message(subject, event))).rejects.toBeInstanceOf(PermanentError);
    expect(commands).toEqual([]);
  });

  it('refuses for good a published message that is not JSON, appending nothing', async () => {
    const { handlers, commands } = handlersRecording();
    await expect(
      handlers.onPublished(message(names.publishSubject('KZ-PCU-AKTAU', 'ALERT'), '{oops')),
    ).rejects.toMatchObject({
      reason: 'invalid_audit_input',
    });
    expect(commands).toEqual([]);
  });
});

describe(`${LedgerMessageHandlers.name} with content it cannot hash`, () => {
  it('refuses for good an envelope whose body holds a lone surrogate, appending nothing', async () => {
    const { handlers, commands } = handlersRecording();
    const envelope = alertEnvelope();
    const text = JSON.stringify(envelope).replace(envelope.body.title, '\\ud800');
    await expect(
      handlers.onPublished(message(names.publishSubject('KZ-PCU-AKTAU', 'ALERT'), text)),
    ).rejects.toMatchObject({
      reason: 'invalid_audit_input',
    });
    expect(commands).toEqual([]);
  });

  it('lets a database failure through as retryable', async () => {
    const appendEntry = {
      execute: async () => Promise.reject(new Error('connection refused')),
    } as unknown as AppendLedgerEntry;
    const handlers = new LedgerMessageHandlers(appendEntry, names, pino({ level: 'silent' }));
    const event = exchangeEvent();
    const failure = await handlers.onEvent(message(names.eventSubject(event.type), event)).catch((e: unknown) => e);
    expect(failure).not.toBeInstanceOf(PermanentError);
  });
});
