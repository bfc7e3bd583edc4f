import { contentHash, type Envelope } from '@iren/contracts';
import { SECRET_TITLE, alertEnvelope, exchangeEvent } from '../testing/fixtures';
import { ExchangeEventInput, PublishedEnvelopeInput } from './audit-inputs';
import { correlationIdFrom, exchangeEventCommand, publishedMessageCommand, unstorableReason } from './ledger-commands';
import { validatedInput } from './parse-input';

function commandFor(envelope: Envelope, header?: string) {
  const raw = JSON.parse(JSON.stringify(envelope)) as Record<string, unknown>;
  return publishedMessageCommand(validatedInput(PublishedEnvelopeInput, raw), raw, header);
}

describe(publishedMessageCommand.name, () => {
  const envelope = alertEnvelope();

  it('records the publication with the origin acting and the addressees concerned', () => {
    expect(commandFor(envelope, 'corr-7')).toMatchObject({
      sourceId: `exchange:${envelope.id}`,
      type: 'message.published',
      at: '2026-03-01T10:00:00.000Z',
      node: 'KZ-PCU-AKTAU',
      nodes: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'],
      country: 'KZ',
      messageId: envelope.id,
      kind: 'ALERT',
      correlationId: 'corr-7',
    });
  });

  it('keeps metadata and a content hash, never the body', () => {
    const command = commandFor(envelope);
    expect(command.data).toEqual({
      kind: 'ALERT',
      tlp: 'AMBER',
      handling: 'H2',
      origin: 'KZ-PCU-AKTAU',
      addressed: { nodes: 1, countries: 1, groups: 0 },
      contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      category: 'FALSIFIED_MEDICAL',
      riskLevel: 'HIGH',
    });
    const stored = JSON.stringify(command);
    for (const secret of [SECRET_TITLE, 'CSQU3054383', 'MEDUAK123456', '300420', 'c2lnbmF0dXJl']) {
      expect(stored).not.toContain(secret);
    }
  });

  it('hashes the envelope without its signature, so a re-signed copy hashes the same', () => {
    const { signature: _s, ...unsigned } = envelope;
    expect(commandFor(envelope).data.contentHash).toBe(contentHash(unsigned));
    expect(commandFor({ ...envelope, signature: { keyId: 'k2', value: 'other' } }).data.contentHash).toBe(
      contentHash(unsigned),
    );
    expect(commandFor({ ...envelope, tlp: 'RED' }).data.contentHash).not.toBe(contentHash(unsigned));
  });

  it('lists a node once when the origin also addresses itself, and copes without addressing', () => {
    expect(commandFor({ ...envelope, to: { nodes: ['KZ-PCU-AKTAU'], countries: [], groups: [] } }).nodes).toEqual([
      'KZ-PCU-AKTAU',
    ]);
    const { to: _to, handling: _h, ...bare } = envelope;
    expect(commandFor(bare as Envelope)).toMatchObject({
      nodes: ['KZ-PCU-AKTAU'],
      data: { handling: null, addressed: { nodes: 0 } },
    });
  });
});

describe(exchangeEventCommand.name, () => {
  const command = (event: object, header?: string) =>
    exchangeEventCommand(validatedInput(ExchangeEventInput, JSON.parse(JSON.stringify(event))), header);

  it('records an event under its own id, kind taken from its data', () => {
    const event = exchangeEvent({ at: '2026-03-01T10:00:01Z' });
    expect(command(event)).toMatchObject({
      sourceId: `event:${event.id}`,
      type: 'message.routed',
      at: '2026-03-01T10:00:01.000Z',
      node: 'KZ-PCU-AKTAU',
      country: 'KZ',
      messageId: event.messageId,
      kind: 'ALERT',
      data: event.data,
    });
  });

  it('counts the acting node among those concerned', () => {
    expect(command(exchangeEvent({ node: 'AZ-PCU-BAKU', nodes: ['UZ-HQ-TASHKENT'] })).nodes).toEqual([
      'AZ-PCU-BAKU',
      'UZ-HQ-TASHKENT',
    ]);
    expect(command(exchangeEvent({ node: undefined, nodes: undefined }))).toMatchObject({
      node: null,
      nodes: [],
      country: null,
    });
  });

  it('prefers the correlation id the event carries to the header', () => {
    expect(command(exchangeEvent({ correlationId: 'from-event' }), 'from-header').correlationId).toBe('from-event');
    expect(command(exchangeEvent(), 'from-header').correlationId).toBe('from-header');
  });

  it('knows a kind only when data names a message kind', () => {
    expect(command(exchangeEvent({ data: { kind: 'SOMETHING' } })).kind).toBeNull();
    expect(command(exchangeEvent({ data: {} })).kind).toBeNull();
  });
});

describe(correlationIdFrom.name, () => {
  it('drops an absent, empty or oversized value', () => {
    expect(correlationIdFrom(undefined)).toBeNull();
    expect(correlationIdFrom('')).toBeNull();
    expect(correlationIdFrom('x'.repeat(201))).toBeNull();
    expect(correlationIdFrom('req-1')).toBe('req-1');
  });
});

describe(unstorableReason.name, () => {
  const command = (data: Record<string, unknown>) =>
    exchangeEventCommand(validatedInput(ExchangeEventInput, { ...exchangeEvent(), data }), undefined);

  it('accepts ordinary metadata, even text that spells an escape', () => {
    expect(unstorableReason(command({ note: 'a\\u0000b', n: 1 }))).toBeUndefined();
  });

  it('names a NUL character in a value or a key, and a lone surrogate', () => {
    expect(unstorableReason(command({ note: 'a\u0000b' }))).toBe('holds a NUL character');
    expect(unstorableReason(command({ ['k\u0000']: 1 }))).toBe('holds a NUL character');
    expect(unstorableReason(command({ note: '\uD800' }))).toMatch(/surrogate/);
  });
});
