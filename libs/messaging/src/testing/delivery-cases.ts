import fc from 'fast-check';
import { type ExchangeNames, HEADERS } from '@iren/contracts';
import type { BusSigner } from '../trust/bus-signer';
import { type EnvelopeSigner, envelopeText, type SignedBy, signedEnvelopeText } from './bus-cases';
import { headerBlockOf, hostileHeaders, printable, type WireMessage } from './hostile-headers';
import { renderJson } from './hostile-json';
import { hostilePayload, invalidUtf8Payload, mutated, utf8 } from './hostile-payloads';

/** Stands where the envelope goes in a delivery, so that a broken delivery can still carry a signed envelope. */
const ENVELOPE = '@@envelope@@';

/** Who vouches for a delivery in its headers: the router's published key, another router key, the gateway's, nobody. */
export type Voucher = 'router' | 'stranger' | 'gateway' | 'nobody';

export interface DeliveryCase {
  wire: WireMessage;
  envelopeSignedBy: SignedBy;
  voucher: Voucher;
}

export interface DeliverySigners {
  origin: EnvelopeSigner;
  stranger: EnvelopeSigner;
  router: BusSigner;
  strangerRouter: BusSigner;
  gateway: BusSigner;
}

/** A delivery's text: `{recipient, reasons, envelope}` broken in a few places or none, around a (signed) envelope. */
function deliveryText(recipient: string, origin: string, signers: DeliverySigners) {
  const signedBy = fc.constantFrom<SignedBy>('origin', 'origin', 'origin', 'stranger', 'nobody');
  const envelope = fc.tuple(envelopeText(origin), signedBy).map(([{ text }, by]) => ({
    text: signedEnvelopeText(text, by === 'nobody' ? undefined : signers[by]),
    by,
  }));
  const delivery = mutated({ recipient, reasons: ['addressed:node', 'filter:0'], envelope: ENVELOPE }, 2);
  return fc.tuple(envelope, delivery).map(([{ text, by }, { value }]) => ({
    // A function, so that `$&` and the like in the envelope are not read as replacement patterns.
    text: renderJson(value).replace(`"${ENVELOPE}"`, () => text),
    envelopeSignedBy: by,
  }));
}

/**
 * Deliveries into `recipient`'s inbox: random hostile payloads, and deliveries broken in a few
 * places around envelopes broken in a few places, signed by their origin (mostly) or not, vouched
 * for by the router (mostly), another key or nobody, for this inbox (mostly) or another one, with
 * hostile headers.
 */
export function deliveryCases(
  names: ExchangeNames,
  recipient: string,
  origin: string,
  signers: DeliverySigners,
): fc.Arbitrary<DeliveryCase> {
  const text = deliveryText(recipient, origin, signers);
  const payload = fc.oneof(
    {
      arbitrary: text.chain(({ text: t, envelopeSignedBy }) =>
        fc
          .oneof(
            { arbitrary: fc.constant(utf8(t)), weight: 12 },
            { arbitrary: invalidUtf8Payload(fc.constant(t)), weight: 1 },
          )
          .map((data) => ({ data, envelopeSignedBy })),
      ),
      weight: 4,
    },
    { arbitrary: hostilePayload.map((data) => ({ data, envelopeSignedBy: 'nobody' as const })), weight: 1 },
  );
  const subject = fc.oneof(
    { arbitrary: fc.constant(names.inboxSubject(recipient)), weight: 12 },
    {
      arbitrary: fc.constantFrom(
        names.inboxSubject('GE-PCU-POTI'),
        `${names.inboxSubject(recipient)}.x`,
        'other.inbox.x',
      ),
      weight: 1,
    },
  );
  const voucher = fc.constantFrom<Voucher>('router', 'router', 'router', 'router', 'stranger', 'gateway', 'nobody');
  return fc.tuple(payload, subject, voucher, fc.uuid()).chain(([{ data, envelopeSignedBy }, subjectOf, by, id]) => {
    const msgId = `${id}:${recipient}`;
    const signer = {
      router: signers.router,
      stranger: signers.strangerRouter,
      gateway: signers.gateway,
      nobody: undefined,
    }[by];
    const signed = signer?.headers(subjectOf, data, msgId, 'corr-1') ?? { [HEADERS.msgId]: msgId };
    return hostileHeaders(headerBlockOf(signed)).map(({ block }) =>
      printable({ wire: { subject: subjectOf, data, headers: block, seq: 1 }, envelopeSignedBy, voucher: by }),
    );
  });
}
