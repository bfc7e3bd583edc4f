import { createHash } from 'node:crypto';
import { emptyRoot, leafHash, nodeHash } from './hashing';
import { InvalidHashError } from './ledger.errors';
import { EMPTY_ROOT_HASH, LEAF_INPUTS, NODE_HASHES } from './testdata/transparency-dev-vectors';

const hex = (value: string) => Buffer.from(value, 'hex');

describe(leafHash.name, () => {
  it.each(LEAF_INPUTS.map((input, i) => [input, NODE_HASHES[0][i]]))('hashes leaf input "%s" to %s', (input, want) => {
    expect(leafHash(hex(input)).toString('hex')).toBe(want);
  });

  it('prefixes the data with 0x00, so a leaf never hashes like the bare data', () => {
    const data = Buffer.from('exchange event');
    const bare = createHash('sha256').update(data).digest();
    expect(leafHash(data).equals(bare)).toBe(false);
    expect(leafHash(data)).toEqual(
      createHash('sha256')
        .update(Buffer.concat([Buffer.from([0]), data]))
        .digest(),
    );
  });
});

describe(nodeHash.name, () => {
  it.each([1, 2, 3])('combines the published level %i hashes from the level below', (height) => {
    NODE_HASHES[height].forEach((want, i) => {
      const [left, right] = [NODE_HASHES[height - 1][2 * i], NODE_HASHES[height - 1][2 * i + 1]];
      expect(nodeHash(hex(left), hex(right)).toString('hex')).toBe(want);
    });
  });

  it('depends on the order of the children', () => {
    const [a, b] = [hex(NODE_HASHES[0][0]), hex(NODE_HASHES[0][1])];
    expect(nodeHash(a, b).equals(nodeHash(b, a))).toBe(false);
  });

  it('differs from the leaf hash of the concatenated children (domain separation)', () => {
    const [a, b] = [hex(NODE_HASHES[0][0]), hex(NODE_HASHES[0][1])];
    expect(nodeHash(a, b).equals(leafHash(Buffer.concat([a, b])))).toBe(false);
  });

  it.each([0, 31, 33])('refuses a %i-byte child', (length) => {
    const good = hex(NODE_HASHES[0][0]);
    expect(() => nodeHash(Buffer.alloc(length), good)).toThrow(InvalidHashError);
    expect(() => nodeHash(good, Buffer.alloc(length))).toThrow(expect.objectContaining({ code: 'INVALID_HASH' }));
  });
});

describe(emptyRoot.name, () => {
  it('is SHA-256 of the empty string', () => {
    expect(emptyRoot().toString('hex')).toBe(EMPTY_ROOT_HASH);
  });

  it('hands out a copy that a caller cannot spoil for others', () => {
    emptyRoot().fill(0);
    expect(emptyRoot().toString('hex')).toBe(EMPTY_ROOT_HASH);
  });
});
