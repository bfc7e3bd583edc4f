import fc from 'fast-check';
import pino from 'pino';
import { contentHash, EVENT_TYPES, eventProducers, ExchangeNames, type ServiceName } from '@iren/contracts';
import { BusSigner, type RegistryDirectory } from '@iren/messaging';
import {
  eventCases,
  exchangeCases,
  FIXTURE_TIME,
  fuzzParameters,
  fuzzWatch,
  handledOrRefused,
  HEAP_GROWTH_LIMIT,
  jsMsgOf,
  OutcomeTally,
  prototypeSnapshot,
  testKeyDirectory,
  testNodeKey,
  testServiceKey,
} from '@iren/messaging/testing';
import type { AppendLedgerEntry } from '../ledger/append-ledger-entry.usecase';
import type { LedgerEntryDraft } from '../ledger/ledger-entry';
import { unstorableReason } from './ledger-commands';
import { LedgerMessageHandlers } from './ledger-message-handlers';

const names = new ExchangeNames('fuzz');
const SKEW_MS = 10 * 60 * 1000;
const ORIGIN = 'KZ-PCU-AKTAU';
const origin = testNodeKey(ORIGIN);
const services = {
  router: testServiceKey('router'),
  gateway: testServiceKey('gateway'),
  registry: testServiceKey('registry'),
};
const directory = testKeyDirectory(
  [origin.record],
  Object.values(services).map((s) => s.record),
);
const signerOf = (service: keyof typeof services) => new BusSigner(services[service].key);
const known = (type: string) => (EVENT_TYPES as readonly string[]).includes(type);
const producerOf = (type: string) =>
  known(type) ? (eventProducers(type as never)[0] as keyof typeof services) : 'router';
const outsiderOf = (type: string): keyof typeof services =>
  (['router', 'gateway', 'registry'] as const).find((s) => known(type) && !eventProducers(type as never).includes(s)) ??
  'gateway';

/** The audit's handlers, with a recording ledger in place of the database. */
function recordingHandlers() {
  const appended: LedgerEntryDraft[] = [];
  const appendEntry = {
    executeBatch: async (cs: LedgerEntryDraft[]) => (appended.push(...cs), cs.map(() => null)),
  } as unknown as AppendLedgerEntry;
  const registry = { registry: directory } as unknown as RegistryDirectory;
  return {
    handlers: new LedgerMessageHandlers(appendEntry, names, registry, SKEW_MS, pino({ level: 'silent' })),
    appended,
  };
}

describe(`${LedgerMessageHandlers.name} under hostile input`, () => {
  const published = new OutcomeTally('audit LedgerMessageHandlers.onPublished');
  const events = new OutcomeTally('audit LedgerMessageHandlers.onEvent');
  const prototypesChanged = prototypeSnapshot();
  const heap = fuzzWatch(published, events);

  /**
   * What a handler made of one message: the one command it appended, which the ledger can take
   * (canonical JSON can hash it, PostgreSQL can hold every string of it); or, refused for good,
   * nothing appended and the reason counted.
   */
  async function appendedOrRefused(handle: () => Promise<unknown>, appended: LedgerEntryDraft[], tally: OutcomeTally) {
    const before = appended.length;
    const handled = await handledOrRefused(handle, prototypesChanged);
    if (handled.refused) {
      expect(appended.length).toBe(before);
      tally.add(`refused ${handled.reason}`);
      return undefined;
    }
    expect(appended.length).toBe(before + 1);
    const command = appended[appended.length - 1];
    expect(unstorableReason(command)).toBeUndefined();
    return command;
  }

  it('records each message from EXCHANGE once, as published only when its origin signed it, or refuses it for good and records nothing', async () => {
    const { handlers, appended } = recordingHandlers();
    const cases = exchangeCases(names, ORIGIN, {
      origin,
      stranger: testNodeKey(ORIGIN),
      gateway: signerOf('gateway'),
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ wire, signedBy }) => {
        const command = await appendedOrRefused(
          () => handlers.onPublished(jsMsgOf({ ...wire, time: FIXTURE_TIME })),
          appended,
          published,
        );
        if (!command) return;
        if (command.type === 'message.published') {
          expect(signedBy).toBe('origin');
          expect([command.node, names.originOfSubject(wire.subject)]).toEqual([ORIGIN, ORIGIN]);
          // The hash of what the origin signed, so whoever holds the message can prove it is the one recorded.
          const { signature: _signature, ...unsigned } = JSON.parse(new TextDecoder().decode(wire.data));
          expect(command.data.contentHash).toBe(contentHash(unsigned));
          published.add('recorded message.published');
        } else {
          expect(command).toMatchObject({ type: 'message.refused', node: null, nodes: [], country: null });
          published.add(`recorded message.refused: ${(command.data as { reason: string }).reason}`);
        }
      }),
      fuzzParameters(1_500),
    );
    expect(published.count('recorded message.published')).toBeGreaterThan(0);
  }, 120_000);

  it('records an event only when a service allowed to announce it signed it for its own subject, and then whole', async () => {
    const { handlers, appended } = recordingHandlers();
    const cases = eventCases(names, {
      producer: (type) => signerOf(producerOf(type)),
      other: (type) => signerOf(outsiderOf(type)),
      stranger: (type) => new BusSigner(testServiceKey(producerOf(type) as ServiceName).key),
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ wire, type, signer }) => {
        const command = await appendedOrRefused(() => handlers.onEvent(jsMsgOf(wire)), appended, events);
        if (!command) return;
        const sent = JSON.parse(new TextDecoder().decode(wire.data));
        expect(wire.subject).toBe(names.eventSubject(sent.type));
        expect(signer === 'producer' || (signer === 'other' && !known(type))).toBe(true);
        expect(command).toMatchObject({ sourceId: `event:${sent.id}`, type: sent.type });
        // Whole: the data recorded is the data announced (as JSON carries it).
        expect(command.data).toEqual(JSON.parse(JSON.stringify(sent.data)));
        events.add(`recorded ${type}`);
      }),
      fuzzParameters(1_500),
    );
    expect(appended.length).toBeGreaterThan(0);
    expect(heap.growth()).toBeLessThan(HEAP_GROWTH_LIMIT);
  }, 120_000);
});
