import fc from 'fast-check';
import { type Envelope, type ExchangeNames, HEADERS } from '@iren/contracts';
import type { BusSigner } from '../trust/bus-signer';
import { envelopeFixture, FIXTURE_KINDS } from './bus-fixtures';
import { type HeaderBlock, headerBlockOf, hostileHeaders, printable, type WireMessage } from './hostile-headers';
import { renderJson } from './hostile-json';
import { hostilePayload, invalidUtf8Payload, mutated, oversizeValue, utf8 } from './hostile-payloads';

/** What signs envelopes in a case: a node key as `testNodeKey` makes them. */
export interface EnvelopeSigner {
  sign<E extends Envelope<unknown>>(envelope: E): E;
}

/** Who signed a case's envelope: its origin's registered key, another key in the origin's name, or nobody. */
export type SignedBy = 'origin' | 'stranger' | 'nobody';

/**
 * `text` with a signature by `signer` spliced in, when it is a JSON object canonical JSON can sign
 * (valid signatures over hostile content get a fuzz past authenticity, into validation); otherwise
 * `text` as it is, unsigned.
 */
export function signedEnvelopeText(text: string, signer: EnvelopeSigner | undefined): string {
  if (!signer) return text;
  let plain: unknown;
  try {
    plain = JSON.parse(text);
  } catch {
    return text;
  }
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) return text;
  let signature: unknown;
  try {
    signature = signer.sign(plain as Envelope<unknown>).signature;
  } catch {
    return text; // canonical JSON refuses the content (a lone surrogate, nesting beyond its depth limit)
  }
  const rest = text.slice(1);
  return `{"signature":${JSON.stringify(signature)}${rest.startsWith('}') ? '' : ','}${rest}`;
}

/** An envelope of any kind from `origin`, broken in a few places or none, or padded to about 1 MiB; as text. */
export function envelopeText(origin: string): fc.Arbitrary<{ text: string; changes: string[] }> {
  const broken = fc
    .constantFrom(...FIXTURE_KINDS)
    .chain((kind) => mutated(envelopeFixture(kind, origin)))
    .map(({ value, changes }) => ({ text: renderJson(value), changes }));
  const oversize = fc.tuple(fc.constantFrom(...FIXTURE_KINDS), oversizeValue).map(([kind, pad]) => {
    const envelope = envelopeFixture(kind, origin);
    return { text: renderJson({ ...envelope, body: { ...envelope.body, summary: pad } }), changes: ['oversize body'] };
  });
  return fc.oneof({ arbitrary: broken, weight: 60 }, { arbitrary: oversize, weight: 1 });
}

/** A payload's bytes: its text as UTF-8, at times with an invalid sequence spliced in. */
function bytesOf(text: string): fc.Arbitrary<{ data: Uint8Array; brokenUtf8: boolean }> {
  return fc.oneof(
    { arbitrary: fc.constant({ data: utf8(text), brokenUtf8: false }), weight: 12 },
    { arbitrary: invalidUtf8Payload(fc.constant(text)).map((data) => ({ data, brokenUtf8: true })), weight: 1 },
  );
}

/** Headers from `signed` (or none), then broken in a few places or none, or left out altogether. */
function headersOf(signed: HeaderBlock): fc.Arbitrary<{ headers?: HeaderBlock; changes: string[] }> {
  return fc.oneof(
    { arbitrary: hostileHeaders(signed).map(({ block, changes }) => ({ headers: block, changes })), weight: 12 },
    { arbitrary: fc.constant({ changes: ['no headers'] as string[] }), weight: 1 },
  );
}

/** Subjects a message may come under: its own, another node's, and ones that are no publish subject at all. */
function publishSubjects(names: ExchangeNames, origin: string): fc.Arbitrary<string> {
  const own = names.publishSubject(origin, 'ALERT');
  const others = [
    names.publishSubject('AZ-PCU-BAKU', 'ALERT'),
    `${own}.extra`,
    `${names.namespace}.pub.KZ.__proto__.ALERT`,
    `${names.namespace}.pub.KZ.constructor.ALERT`,
    `other.pub.KZ.${origin}.ALERT`,
  ];
  return fc.oneof({ arbitrary: fc.constant(own), weight: 12 }, { arbitrary: fc.constantFrom(...others), weight: 1 });
}

export interface ExchangeCase {
  wire: WireMessage;
  /** Who signed the envelope, as far as the case knows (a broken payload leaves it unsigned in effect). */
  signedBy: SignedBy;
  /** Whether the gateway's key vouches for it in its headers (which makes a stale message fresh). */
  vouched: boolean;
}

/**
 * Messages on EXCHANGE from `origin`: random hostile payloads, and envelopes of every kind broken in
 * a few places, signed by the origin's key (mostly), by another key, or not at all, at times vouched
 * for by the gateway, under the origin's subject (mostly) or another, with hostile headers.
 */
export function exchangeCases(
  names: ExchangeNames,
  origin: string,
  signers: { origin: EnvelopeSigner; stranger: EnvelopeSigner; gateway: BusSigner },
): fc.Arbitrary<ExchangeCase> {
  const signedBy = fc.constantFrom<SignedBy>('origin', 'origin', 'origin', 'origin', 'stranger', 'nobody');
  const envelope = fc.tuple(envelopeText(origin), signedBy).map(([{ text }, by]) => ({
    text: signedEnvelopeText(text, by === 'nobody' ? undefined : signers[by]),
    signedBy: by,
  }));
  const junk = hostilePayload.map((data) => ({ data, signedBy: 'nobody' as const }));
  const payload = fc.oneof(
    {
      arbitrary: envelope.chain(({ text, signedBy: by }) => bytesOf(text).map(({ data }) => ({ data, signedBy: by }))),
      weight: 3,
    },
    { arbitrary: junk, weight: 1 },
  );
  return fc
    .tuple(payload, publishSubjects(names, origin), fc.boolean(), fc.uuid())
    .chain(([{ data, signedBy: by }, subject, vouched, msgId]) => {
      const signed = vouched
        ? signers.gateway.headers(subject, data, msgId, 'corr-1')
        : { [HEADERS.msgId]: msgId, [HEADERS.correlationId]: 'corr-1' };
      return headersOf(headerBlockOf(signed)).map(({ headers }) =>
        printable({ wire: { subject, data, headers, seq: 1 }, signedBy: by, vouched }),
      );
    });
}
