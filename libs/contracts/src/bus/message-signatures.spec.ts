import { newSigningKeyPair, privateKeyOf, signingKeyId } from '../signatures';
import { type Voucher, type Vouched, vouch, vouchAll, voucherVerifies } from './message-signatures';

function keyOf(owner: string) {
  const { publicKeyPem, privateKeyPem } = newSigningKeyPair();
  return { keyId: signingKeyId(owner, publicKeyPem), privateKey: privateKeyOf(privateKeyPem), publicKey: publicKeyPem };
}

const router = keyOf('router');
const other = keyOf('router');
const message = (i: number): Vouched => ({
  subject: `iren.inbox.KZ-PCU-N${i}`,
  msgId: `m-${i}`,
  data: Buffer.from(JSON.stringify({ recipient: `KZ-PCU-N${i}`, n: i })),
});
const verifies = (voucher: Voucher, m: Vouched, publicKey = router.publicKey) =>
  voucherVerifies(voucher, publicKey, m.subject, m.msgId, m.data);

describe(vouchAll.name, () => {
  it.each([2, 3, 5, 8, 13])('vouches for each of %i messages with one signature, each checkable alone', (n) => {
    const batch = Array.from({ length: n }, (_, i) => message(i));
    const vouchers = vouchAll(router, batch);
    expect(new Set(vouchers.map((v) => v.signature)).size).toBe(1);
    // Checked in reverse, so that the last (not the first) is the one whose root signature is verified.
    for (let i = n - 1; i >= 0; i--) {
      expect(vouchers[i].batchProof).toMatch(new RegExp(`^${i}/${n}:`));
      expect(verifies(vouchers[i], batch[i])).toBe(true);
    }
  });

  it('vouches for a lone message as vouch does, with no proof', () => {
    const [voucher] = vouchAll(router, [message(1)]);
    expect(voucher.batchProof).toBeUndefined();
    expect(verifies(voucher, message(1))).toBe(true);
    expect(verifies(vouch(router, message(1).subject, message(1).msgId, message(1).data), message(1))).toBe(true);
  });

  it('refuses a batch voucher for anything but its own message, subject, id and bytes', () => {
    const batch = [0, 1, 2, 3].map(message);
    const vouchers = vouchAll(router, batch);
    // The root's signature is verified (and remembered) first: what follows must fail on the path.
    expect(verifies(vouchers[0], batch[0])).toBe(true);
    // Another message of the batch with this one's proof; this message under another inbox, id or bytes.
    expect(verifies(vouchers[0], batch[1])).toBe(false);
    expect(verifies(vouchers[0], { ...batch[0], subject: batch[1].subject })).toBe(false);
    expect(verifies(vouchers[0], { ...batch[0], msgId: 'm-9' })).toBe(false);
    expect(verifies(vouchers[0], { ...batch[0], data: Buffer.from('{"recipient":"KZ-PCU-N9"}') })).toBe(false);
    // A message that was never in the batch, with any voucher of it.
    expect(vouchers.some((v) => verifies(v, message(7)))).toBe(false);
  });

  it('refuses a proof that was changed: its place, the batch size, a hash, a hash too many or too few', () => {
    const batch = [0, 1, 2, 3, 4].map(message);
    const vouchers = vouchAll(router, batch);
    const [place, path] = vouchers[2].batchProof!.split(':');
    const hashes = path.split(',');
    const flipped = `${hashes[0].slice(0, -1)}${hashes[0].endsWith('0') ? '1' : '0'}`;
    for (const batchProof of [
      `3/5:${path}`,
      `2/6:${path}`,
      `2/4:${path}`,
      `${place}:${[flipped, ...hashes.slice(1)].join(',')}`,
      `${place}:${[...hashes, hashes[0]].join(',')}`,
      `${place}:${hashes.slice(1).join(',')}`,
      `${place}:`,
      'not a proof',
      `-1/5:${path}`,
    ]) {
      expect(verifies({ ...vouchers[2], batchProof }, batch[2])).toBe(false);
    }
    expect(verifies(vouchers[2], batch[2])).toBe(true);
  });

  it('refuses a batch signed by another key, a signature changed, and a root signature used as a lone one', () => {
    const batch = [0, 1, 2].map(message);
    const vouchers = vouchAll(router, batch);
    expect(verifies(vouchers[1], batch[1], other.publicKey)).toBe(false);
    const forged = vouchAll(other, batch);
    expect(verifies({ ...forged[1], keyId: router.keyId }, batch[1])).toBe(false);
    const bytes = Buffer.from(vouchers[1].signature, 'base64');
    bytes[0] ^= 1;
    expect(verifies({ ...vouchers[1], signature: bytes.toString('base64') }, batch[1])).toBe(false);
    // The root's signature, without its proof, vouches for no message.
    expect(verifies({ keyId: router.keyId, signature: vouchers[1].signature }, batch[1])).toBe(false);
    // Nor does a lone signature pass as a batch's of one.
    const lone = vouch(router, batch[1].subject, batch[1].msgId, batch[1].data);
    expect(verifies({ ...lone, batchProof: '0/1:' }, batch[1])).toBe(false);
  });
});
