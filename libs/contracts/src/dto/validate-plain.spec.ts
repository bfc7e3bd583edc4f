import { Type } from 'class-transformer';
import { IsInt, IsString, validateSync, ValidateNested } from 'class-validator';
import { IsContainerNumber } from '../validators/container-number';
import { flattenValidationErrors, MAX_PLAIN_DEPTH, validatePlain, VALIDATOR_OPTIONS } from './validate-plain';

class Leaf {
  @IsContainerNumber({ each: true }) containers: string[];
  @IsInt() count: number;
}

class Root {
  @IsString() name: string;
  @ValidateNested() @Type(() => Leaf) leaf: Leaf;
  @ValidateNested({ each: true }) @Type(() => Leaf) leaves: Leaf[] = [];
}

const valid = { name: 'x', leaf: { containers: ['CSQU3054383'], count: 1 } };

describe(validatePlain.name, () => {
  it('answers an instance of the class, nested classes included, when valid', () => {
    const { value, errors } = validatePlain(Root, valid);
    expect(errors).toEqual([]);
    expect(value).toBeInstanceOf(Root);
    expect(value?.leaf).toBeInstanceOf(Leaf);
    expect(value?.leaves).toEqual([]);
  });

  it('refuses unknown properties at any depth, naming them', () => {
    const { value, errors } = validatePlain(Root, { ...valid, extra: 1, leaf: { ...valid.leaf, more: 2 } });
    expect(value).toBeUndefined();
    expect(errors).toEqual([
      { field: 'extra', messages: ['property extra should not exist'] },
      { field: 'leaf.more', messages: ['property more should not exist'] },
    ]);
  });

  it.each(['__proto__', 'constructor'])('refuses a %s key, which class-transformer would drop silently', (key) => {
    const plain = JSON.parse(`{"name":"x","leaf":{"containers":[],"count":1,"${key}":{"count":"x"}}}`);
    expect(validatePlain(Root, plain).errors).toEqual([
      { field: `leaf.${key}`, messages: [`property leaf.${key} should not exist`] },
    ]);
  });

  it(`refuses a value nested more than ${MAX_PLAIN_DEPTH} levels deep, naming where, before class-transformer recurses`, () => {
    const nested = (levels: number) =>
      JSON.parse(`{"name":${'['.repeat(levels)}${']'.repeat(levels)},"leaf":{"containers":[],"count":1}}`);
    expect(validatePlain(Root, nested(MAX_PLAIN_DEPTH - 1)).errors.map((e) => e.field)).toEqual(['name']);
    expect(validatePlain(Root, nested(MAX_PLAIN_DEPTH)).errors).toEqual([
      {
        field: `name${'.0'.repeat(MAX_PLAIN_DEPTH - 1)}`,
        messages: [`nested more than ${MAX_PLAIN_DEPTH} levels deep`],
      },
    ]);
    // Deep enough to overflow the call stack of a recursive walk (a signer can still sign 1,500 levels).
    for (const levels of [1_500, 200_000]) {
      expect(validatePlain(Root, nested(levels)).errors).toEqual([
        expect.objectContaining({ field: expect.any(String) }),
      ]);
    }
  });

  it.each([null, 'text', 42, [valid]])('refuses %p as a whole', (plain) => {
    expect(validatePlain(Root, plain)).toEqual({ errors: [{ field: '', messages: ['should be a JSON object'] }] });
  });
});

describe(flattenValidationErrors.name, () => {
  it('gives each failing element of an identifier array its own dotted path', () => {
    const root = Object.assign(new Root(), {
      name: 'x',
      leaf: Object.assign(new Leaf(), { containers: ['CSQU3054383', 'CSQU3054384'], count: 1 }),
      leaves: [Object.assign(new Leaf(), { containers: ['MWCU6059780'], count: 'two' })],
    });
    expect(flattenValidationErrors(validateSync(root, VALIDATOR_OPTIONS))).toEqual([
      { field: 'leaf.containers.1', messages: ['containers.1: check digit should be 3'] },
      { field: 'leaves.0.containers.0', messages: ['containers.0: check digit should be 4'] },
      { field: 'leaves.0.count', messages: ['count must be an integer number'] },
    ]);
  });

  it('keeps the array path when the error does not carry the value', () => {
    const leaf = Object.assign(new Leaf(), { containers: ['CSQU3054384'], count: 1 });
    const errors = validateSync(leaf, { validationError: { value: false } });
    expect(flattenValidationErrors(errors)).toEqual([
      { field: 'containers', messages: ['containers.0: check digit should be 3'] },
    ]);
  });

  it('prefixes paths with the parent path given', () => {
    const errors = validateSync(Object.assign(new Leaf(), { containers: [], count: 1.5 }));
    expect(flattenValidationErrors(errors, 'body')).toEqual([
      { field: 'body.count', messages: ['count must be an integer number'] },
    ]);
  });
});
