import { createAccount, createOperator, createUser } from '@nats-io/nkeys';
import { nativeKey, nativeKeyFromSeed } from './native-key';

describe(nativeKey.name, () => {
  it.each([
    ['user', createUser],
    ['account', createAccount],
    ['operator', createOperator],
  ])('signs the same bytes as the nkeys library, under the same public key (%s)', (_kind, create) => {
    const key = create();
    const native = nativeKey(key);
    const input = new TextEncoder().encode('header.claims');
    expect(native.getPublicKey()).toBe(key.getPublicKey());
    expect(Buffer.from(native.sign(input))).toEqual(Buffer.from(key.sign(input)));
    expect(key.verify(input, native.sign(input))).toBe(true);
  });

  it('reads a seed and refuses what is not one', () => {
    const key = createAccount();
    expect(nativeKeyFromSeed(new TextDecoder().decode(key.getSeed()) + '\n').getPublicKey()).toBe(key.getPublicKey());
    expect(() => nativeKeyFromSeed('SAnotaseed')).toThrow();
  });
});
