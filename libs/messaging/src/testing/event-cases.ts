import fc from 'fast-check';
import { type ExchangeNames, HEADERS } from '@iren/contracts';
import type { BusSigner } from '../trust/bus-signer';
import { eventFixture } from './bus-fixtures';
import { headerBlockOf, hostileHeaders, printable, type WireMessage } from './hostile-headers';
import { renderJson } from './hostile-json';
import { hostilePayload, invalidUtf8Payload, mutated, utf8 } from './hostile-payloads';

/** Event types of each producer, one this release does not know (any service may announce it), and a reserved one. */
export const FUZZED_EVENT_TYPES = [
  'message.routed',
  'message.delivered',
  'registry.node.suspended',
  'ledger.inconsistent',
  'customs.new_thing',
  'message.published',
] as const;

/** Who signs an event in a case: its producer's published key, another service's, an unpublished key, nobody. */
export type EventSigner = 'producer' | 'other' | 'stranger' | 'nobody';

export interface EventCase {
  wire: WireMessage;
  type: string;
  signer: EventSigner;
}

export interface EventSigners {
  /** The published key of a service allowed to announce `type` (for an unknown type, any service's). */
  producer(type: string): BusSigner;
  /** The published key of a service not allowed to announce `type`. */
  other(type: string): BusSigner;
  /** A key the registry never published, in a producer's name. */
  stranger(type: string): BusSigner;
}

/**
 * Events on EVENTS: random hostile payloads, and events of several types broken in a few places,
 * signed by their producer (mostly), another service, an unpublished key or nobody, under their
 * own type's subject (mostly) or another, with hostile headers.
 */
export function eventCases(names: ExchangeNames, signers: EventSigners): fc.Arbitrary<EventCase> {
  const typed = fc.constantFrom(...FUZZED_EVENT_TYPES).chain((type) =>
    mutated(eventFixture(type)).chain(({ value }) => {
      const text = renderJson(value);
      return fc
        .oneof(
          { arbitrary: fc.constant(utf8(text)), weight: 12 },
          { arbitrary: invalidUtf8Payload(fc.constant(text)), weight: 1 },
        )
        .map((data) => ({ type, data }));
    }),
  );
  const junk = fc.tuple(fc.constantFrom(...FUZZED_EVENT_TYPES), hostilePayload).map(([type, data]) => ({ type, data }));
  const payload = fc.oneof({ arbitrary: typed, weight: 4 }, { arbitrary: junk, weight: 1 });
  const signer = fc.constantFrom<EventSigner>(
    'producer',
    'producer',
    'producer',
    'producer',
    'other',
    'stranger',
    'nobody',
  );
  const subject = (type: string) =>
    fc.oneof(
      { arbitrary: fc.constant(names.eventSubject(type)), weight: 12 },
      {
        arbitrary: fc.constantFrom(names.eventSubject('message.acknowledged'), `${names.namespace}.events`),
        weight: 1,
      },
    );
  return fc.tuple(payload, signer, fc.uuid()).chain(([{ type, data }, by, msgId]) =>
    subject(type).chain((subjectOf) => {
      const key = by === 'nobody' ? undefined : signers[by](type);
      const signed = key?.headers(subjectOf, data, msgId, 'corr-1') ?? { [HEADERS.msgId]: msgId };
      return hostileHeaders(headerBlockOf(signed)).map(({ block }) =>
        printable({ wire: { subject: subjectOf, data, headers: block, seq: 1 }, type, signer: by }),
      );
    }),
  );
}
