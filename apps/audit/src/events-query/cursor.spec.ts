import fc from 'fast-check';
import { decodeCursor, encodeCursor } from './cursor';

describe('ledger cursor', () => {
  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(fc.nat({ max: Number.MAX_SAFE_INTEGER }), (index) => decodeCursor(encodeCursor(index)) === index),
    );
  });

  it('is base64url of the index', () => {
    expect(encodeCursor(41)).toBe(Buffer.from('41').toString('base64url'));
  });

  it.each([
    '',
    '!!',
    'bm90LWEtbnVtYmVy',
    Buffer.from('-1').toString('base64url'),
    Buffer.from('007').toString('base64url'),
    'A'.repeat(40),
  ])('refuses %j', (cursor) => expect(decodeCursor(cursor)).toBeUndefined());

  it('refuses a non-canonical spelling of a valid cursor', () => {
    const cursor = encodeCursor(7);
    expect(decodeCursor(`${cursor}=`)).toBeUndefined();
  });
});
