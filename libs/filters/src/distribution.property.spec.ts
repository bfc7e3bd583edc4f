import fc from 'fast-check';
import { NODE_STATUSES, TLP_LEVELS, type Addressing, type Envelope } from '@iren/contracts';
import { recipientsFor } from './distribution';
import { IndexedMatcher } from './indexed-matcher';
import { toMatchable } from './matchable-message';
import { NaiveMatcher } from './naive-matcher';
import { CATEGORIES, HS_CODES, LOCODES, subscriptionArbitrary } from './testing/arbitraries';
import { alertBody, envelope, MapDirectory, nodeRecord } from './testing/fixtures';

const KNOWN = ['KZ-PCU-AKTAU', 'KZ-HQ-ASTANA', 'AZ-PCU-BAKU', 'UZ-HQ-TASHKENT', 'UZ-ACCU-TASHKENT', 'TM-PCU-TMZ'];
/** Registered nowhere, yet addressed and subscribed, as a stale client or KV entry might. */
const UNKNOWN = ['RU-PCU-GHOST'];
const GROUPS = ['caspian', 'central-asia'];

const networkArbitrary = fc.record({
  statuses: fc.array(fc.constantFrom(...NODE_STATUSES), { minLength: KNOWN.length, maxLength: KNOWN.length }),
  groups: fc.tuple(...GROUPS.map(() => fc.subarray([...KNOWN, ...UNKNOWN]))),
  subscriptions: fc.array(subscriptionArbitrary([...KNOWN, ...UNKNOWN]), { maxLength: 8 }),
});

const envelopeArbitrary: fc.Arbitrary<Envelope> = fc
  .record({
    origin: fc.constantFrom(...KNOWN),
    tlp: fc.constantFrom(...TLP_LEVELS),
    to: fc.option(
      fc.record({
        nodes: fc.subarray([...KNOWN, ...UNKNOWN], { maxLength: 3 }),
        countries: fc.subarray(['KZ', 'AZ', 'UZ', 'TM', 'GE'], { maxLength: 2 }),
        groups: fc.subarray([...GROUPS, 'no-such-group'], { maxLength: 2 }),
      }),
      { nil: undefined },
    ),
    category: fc.constantFrom(...CATEGORIES),
    locodes: fc.subarray(LOCODES, { minLength: 1, maxLength: 3 }),
    hsCodes: fc.subarray(HS_CODES, { minLength: 1, maxLength: 2 }),
  })
  .map(({ origin, tlp, to, category, locodes, hsCodes }) => {
    const itinerary = locodes.map((locode) => ({ locode, role: 'TRANSSHIPMENT' as const }));
    const goods = hsCodes.map((hsCode) => ({ hsCode, description: 'goods' }));
    return envelope({ origin, tlp, to, body: alertBody({ category, itinerary, goods }) });
  });

describe(recipientsFor.name, () => {
  it('never reaches the origin, a suspended or unknown node, nor anyone the label keeps out', () => {
    const seen = { runs: 0, withRecipients: 0, redOrStrictWithRecipients: 0 };
    fc.assert(
      fc.property(networkArbitrary, envelopeArbitrary, ({ statuses, groups, subscriptions }, message) => {
        const directory = new MapDirectory(
          KNOWN.map((id, i) => nodeRecord(id, statuses[i])),
          Object.fromEntries(GROUPS.map((group, i) => [group, groups[i]])),
        );
        const [indexed, naive] = [new IndexedMatcher(), new NaiveMatcher()];
        for (const record of subscriptions) [indexed, naive].forEach((matcher) => matcher.upsert(record));
        const recipients = recipientsFor(message, directory, indexed);
        const nodes = recipients.map((recipient) => recipient.node);
        const to: Addressing = message.to ?? { nodes: [], countries: [], groups: [] };
        const addressees = new Set([
          ...to.nodes,
          ...to.countries.flatMap((country) => directory.nodesOfCountry(country).map((node) => node.id)),
          ...to.groups.flatMap((group) => directory.groupMembers(group) ?? []),
        ]);

        expect(nodes).toEqual([...new Set(nodes)].sort());
        expect(nodes).not.toContain(message.origin);
        for (const node of nodes) expect(directory.node(node)?.status).toBe('ACTIVE');
        for (const recipient of recipients) expect(recipient.reasons.length).toBeGreaterThan(0);
        if (message.tlp === 'RED') for (const node of nodes) expect(to.nodes).toContain(node);
        if (message.tlp === 'AMBER+STRICT') for (const node of nodes) expect(addressees.has(node)).toBe(true);

        // Nothing lost either: every entitled node the rules name is there.
        const subscribed = ['RED', 'AMBER+STRICT'].includes(message.tlp)
          ? new Map()
          : naive.match(toMatchable(message));
        const named = message.tlp === 'RED' ? new Set(to.nodes) : addressees;
        const entitled = KNOWN.filter((id, i) => id !== message.origin && statuses[i] === 'ACTIVE');
        expect(nodes).toEqual(entitled.filter((id) => named.has(id) || subscribed.has(id)).sort());

        seen.runs++;
        if (nodes.length > 0) seen.withRecipients++;
        if (nodes.length > 0 && ['RED', 'AMBER+STRICT'].includes(message.tlp)) seen.redOrStrictWithRecipients++;
      }),
      { numRuns: 1000 },
    );
    expect(seen.withRecipients / seen.runs).toBeGreaterThan(0.4);
    expect(seen.redOrStrictWithRecipients).toBeGreaterThan(50);
  });
});
