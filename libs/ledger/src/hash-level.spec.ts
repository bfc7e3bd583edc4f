import { HashLevel } from './hash-level';

const hashOf = (i: number) => Buffer.alloc(32, i % 256);

describe(HashLevel.name, () => {
  it('keeps every hash in place while it grows past its initial capacity', () => {
    const level = new HashLevel();
    for (let i = 0; i < 1000; i++) level.push(hashOf(i));
    expect(level.length).toBe(1000);
    for (let i = 0; i < 1000; i++) expect(level.at(i)).toEqual(hashOf(i));
  });

  it('copies what it is given, so the caller may reuse its buffer', () => {
    const level = new HashLevel();
    const scratch = hashOf(1);
    level.push(scratch);
    scratch.fill(9);
    expect(level.at(0)).toEqual(hashOf(1));
  });
});
