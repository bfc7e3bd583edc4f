import { randomUUID } from 'node:crypto';
import { exampleCopy } from './design-examples';
import { EnvelopeDto, EnvelopeSignatureDto } from './envelope.dto';
import { validatePlain } from './validate-plain';

/** The DESIGN example as the gateway sends it on: with id, origin, time and signature. */
function envelope(change: (e: Record<string, any>) => void = () => undefined): Record<string, any> {
  const plain = {
    ...exampleCopy('publishMessage'),
    id: randomUUID(),
    origin: 'KZ-PCU-AKTAU',
    createdAt: '2026-11-20T09:30:00.000Z',
    signature: { keyId: 'KZ-PCU-AKTAU#1', value: Buffer.alloc(64, 7).toString('base64') },
  };
  change(plain);
  return plain;
}

const fieldsOf = (plain: unknown) => validatePlain(EnvelopeDto, plain).errors.map((e) => e.field);

describe(EnvelopeDto.name, () => {
  it('accepts a signed envelope around the DESIGN example', () => {
    const { value, errors } = validatePlain(EnvelopeDto, envelope());
    expect(errors).toEqual([]);
    expect(value?.signature).toBeInstanceOf(EnvelopeSignatureDto);
  });

  it('accepts an envelope not signed yet (the signature covers everything else)', () => {
    expect(fieldsOf(envelope((e) => delete e.signature))).toEqual([]);
  });

  it.each<[string, (e: Record<string, any>) => void, string[]]>([
    ['an id that is not a UUID', (e) => (e.id = 'msg-1'), ['id']],
    ['an origin that is not a node id', (e) => (e.origin = 'AKTAU'), ['origin']],
    ['a creation time that is not ISO 8601', (e) => (e.createdAt = 'yesterday'), ['createdAt']],
    ['a signature value that is not base64', (e) => (e.signature.value = 'not base64!'), ['signature.value']],
    ['a signature without key id', (e) => delete e.signature.keyId, ['signature.keyId']],
    ['an unknown envelope field', (e) => (e.receivedAt = '2026-11-20T09:30:00Z'), ['receivedAt']],
    [
      'a bad container, as over HTTP',
      (e) => (e.body.transport.containers = ['CSQU3054384']),
      ['body.transport.containers.0'],
    ],
    // Every kind of DESIGN section 3 has a body DTO now: an unknown kind is the one left to refuse.
    ['an unknown kind', (e) => (e.kind = 'GOSSIP'), ['kind']],
  ])('refuses %s', (_what, change, fields) => {
    expect(fieldsOf(envelope(change))).toEqual(fields);
  });
});
