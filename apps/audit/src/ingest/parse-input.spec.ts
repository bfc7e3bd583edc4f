import { PermanentError } from '@iren/messaging';
import { alertEnvelope, exchangeEvent } from '../testing/fixtures';
import { ExchangeEventInput, PublishedEnvelopeInput } from './audit-inputs';
import { INVALID_AUDIT_INPUT, parseJsonObject, validatedInput } from './parse-input';

const bytes = (text: string) => new TextEncoder().encode(text);
const plain = (value: object) => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

function refusal(work: () => unknown): PermanentError {
  try {
    work();
  } catch (error) {
    if (error instanceof PermanentError) return error;
    throw error;
  }
  throw new Error('was accepted');
}

describe(parseJsonObject.name, () => {
  it('reads a JSON object', () => {
    expect(parseJsonObject(bytes('{"a":1}'))).toEqual({ a: 1 });
  });

  it.each(['not json', '[1,2]', '"text"', 'null', ''])('refuses %j for good', (text) => {
    expect(refusal(() => parseJsonObject(bytes(text))).reason).toBe(INVALID_AUDIT_INPUT);
  });
});

describe(validatedInput.name, () => {
  it('accepts a full envelope, reading only its envelope fields', () => {
    const input = validatedInput(PublishedEnvelopeInput, plain(alertEnvelope()));
    expect(input).toBeInstanceOf(PublishedEnvelopeInput);
    expect(input).not.toHaveProperty('body');
  });

  it.each([
    ['a kind it does not know', { kind: 'GOSSIP' }],
    ['an origin that is no node id', { origin: 'aktau' }],
    ['an addressee that is no node id', { to: { nodes: ['nobody'], countries: [], groups: [] } }],
    ['a time that is no time', { createdAt: 'yesterday' }],
    ['an id that is no UUID', { id: '42' }],
  ])('refuses an envelope with %s, naming the field', (_what, change) => {
    const error = refusal(() => validatedInput(PublishedEnvelopeInput, plain({ ...alertEnvelope(), ...change })));
    expect(error.reason).toBe(INVALID_AUDIT_INPUT);
    expect(error.message).toContain(Object.keys(change)[0]);
  });

  it('accepts an event of a type it has not heard of, and refuses one without data or with a malformed type', () => {
    expect(validatedInput(ExchangeEventInput, plain(exchangeEvent({ type: 'message.read' as never }))).type).toBe(
      'message.read',
    );
    expect(
      refusal(() => validatedInput(ExchangeEventInput, plain({ ...exchangeEvent(), data: undefined }))).message,
    ).toContain('data');
    expect(
      refusal(() => validatedInput(ExchangeEventInput, plain(exchangeEvent({ type: 'Routed' as never })))).message,
    ).toContain('type');
  });
});
