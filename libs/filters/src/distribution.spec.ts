import { TLP_LEVELS, type Addressing, type NodeStatus, type Tlp } from '@iren/contracts';
import { addressingProblems, recipientsFor } from './distribution';
import { IndexedMatcher } from './indexed-matcher';
import type { RecipientDirectory } from './recipient-directory';
import type { SubscriptionMatcher } from './subscription-matcher';
import { alertBody, envelope, MapDirectory, nodeRecord, subscription } from './testing/fixtures';

const ORIGIN = 'KZ-PCU-AKTAU';
const BAKU = 'AZ-PCU-BAKU';
const SUBSCRIBER = 'UZ-HQ-TASHKENT';
const GROUP = 'caspian-ports';

type AddressedBy = 'nodes' | 'countries' | 'groups' | 'none';
type Candidate = 'active' | 'suspended' | 'origin';

/** Which addressing reaches its addressees under each label (DESIGN section 4, TLP 2.0). */
const ADDRESSING_REACHES: Record<Tlp, Record<AddressedBy, boolean>> = {
  RED: { nodes: true, countries: false, groups: false, none: false },
  'AMBER+STRICT': { nodes: true, countries: true, groups: true, none: false },
  AMBER: { nodes: true, countries: true, groups: true, none: false },
  GREEN: { nodes: true, countries: true, groups: true, none: false },
  CLEAR: { nodes: true, countries: true, groups: true, none: false },
};
const SUBSCRIBERS_REACHED: Record<Tlp, boolean> = {
  RED: false,
  'AMBER+STRICT': false,
  AMBER: true,
  GREEN: true,
  CLEAR: true,
};

/**
 * The candidate node is addressed one way and also subscribes (its filter 1 matches); a third
 * node only subscribes (its filter 0 matches). The origin always subscribes too.
 */
function scenario(tlp: Tlp, addressedBy: AddressedBy, candidate: Candidate) {
  const candidateId = candidate === 'origin' ? ORIGIN : BAKU;
  const status: NodeStatus = candidate === 'suspended' ? 'SUSPENDED' : 'ACTIVE';
  const directory = new MapDirectory([nodeRecord(ORIGIN), nodeRecord(BAKU, status), nodeRecord(SUBSCRIBER)], {
    [GROUP]: [candidateId],
  });
  const matcher = new IndexedMatcher();
  matcher.upsert(subscription(candidateId, [{ categories: ['DRUGS'] }, { locodes: ['KZAAU'] }]));
  matcher.upsert(subscription(SUBSCRIBER, [{ hsPrefixes: ['3004'] }]));
  const country = candidateId.slice(0, 2);
  const to: Record<AddressedBy, Addressing | undefined> = {
    nodes: { nodes: [candidateId], countries: [], groups: [] },
    countries: { nodes: [], countries: [country], groups: [] },
    groups: { nodes: [], countries: [], groups: [GROUP] },
    none: undefined,
  };
  const reason: Record<AddressedBy, string | undefined> = {
    nodes: 'addressed:node',
    countries: `addressed:country:${country}`,
    groups: `addressed:group:${GROUP}`,
    none: undefined,
  };
  const message = envelope({ tlp, to: to[addressedBy], body: alertBody() });
  return { directory, matcher, message, candidateId, addressedReason: reason[addressedBy] };
}

const COMBINATIONS = TLP_LEVELS.flatMap((tlp) =>
  (['nodes', 'countries', 'groups', 'none'] as const).flatMap((addressedBy) =>
    (['active', 'suspended', 'origin'] as const).map((candidate) => [tlp, addressedBy, candidate] as const),
  ),
);

describe(recipientsFor.name, () => {
  it('gives a coordination node only what names it, by node or by group, never by country or filter', () => {
    const ROCA = 'UZ-COORD-ROCA';
    const directory = new MapDirectory([nodeRecord(ORIGIN), nodeRecord(ROCA), nodeRecord(SUBSCRIBER)], {
      [GROUP]: [ORIGIN, ROCA],
    });
    const matcher = new IndexedMatcher();
    matcher.upsert(subscription(ROCA, [{ locodes: ['KZAAU'] }]));
    const to = (addressing: Partial<Addressing>) => ({ nodes: [], countries: [], groups: [], ...addressing });
    const reached = (addressing: Partial<Addressing>) =>
      recipientsFor(envelope({ tlp: 'GREEN', to: to(addressing), body: alertBody() }), directory, matcher).map(
        (r) => r.node,
      );
    expect(reached({ countries: ['UZ'] })).toEqual([SUBSCRIBER]);
    expect(reached({})).toEqual([]);
    expect(reached({ nodes: [ROCA] })).toEqual([ROCA]);
    expect(reached({ groups: [GROUP] })).toEqual([ROCA]);
  });

  it.each(COMBINATIONS)('%s addressed by %s to a candidate that is %s', (tlp, addressedBy, candidate) => {
    const { directory, matcher, message, candidateId, addressedReason } = scenario(tlp, addressedBy, candidate);
    const expected: { node: string; reasons: string[] }[] = [];
    if (candidate === 'active') {
      const reasons = [
        ...(addressedReason && ADDRESSING_REACHES[tlp][addressedBy] ? [addressedReason] : []),
        ...(SUBSCRIBERS_REACHED[tlp] ? ['filter:1'] : []),
      ];
      if (reasons.length > 0) expected.push({ node: candidateId, reasons });
    }
    if (SUBSCRIBERS_REACHED[tlp]) expected.push({ node: SUBSCRIBER, reasons: ['filter:0'] });

    expect(recipientsFor(message, directory, matcher)).toEqual(expected);
  });

  const nodes = [ORIGIN, BAKU, SUBSCRIBER, 'AZ-HQ-BAKU', 'KZ-HQ-ASTANA'].map((id) => nodeRecord(id));
  const directory = new MapDirectory(
    nodes,
    { [GROUP]: [BAKU, 'KZ-HQ-ASTANA'], everyone: [BAKU] },
    { 'op-silk': [BAKU, SUBSCRIBER] },
  );

  function subscribers(): IndexedMatcher {
    const matcher = new IndexedMatcher();
    matcher.upsert(subscription(BAKU, [{ categories: ['FALSIFIED_MEDICAL'] }, { categories: ['DRUGS'] }, {}]));
    matcher.upsert(subscription(SUBSCRIBER, [{ locodes: ['UZTAS'] }]));
    return matcher;
  }

  it('gives every reason a node has, addressings first, and sorts recipients by node id', () => {
    const to = { nodes: [BAKU, BAKU], countries: ['AZ', 'TM'], groups: [GROUP, 'everyone'] };
    const recipients = recipientsFor(envelope({ tlp: 'AMBER', to, body: alertBody() }), directory, subscribers());
    expect(recipients).toEqual([
      { node: 'AZ-HQ-BAKU', reasons: ['addressed:country:AZ'] },
      {
        node: BAKU,
        reasons: [
          'addressed:node',
          'addressed:country:AZ',
          `addressed:group:${GROUP}`,
          'addressed:group:everyone',
          'filter:0',
          'filter:2',
        ],
      },
      { node: 'KZ-HQ-ASTANA', reasons: [`addressed:group:${GROUP}`] },
      { node: SUBSCRIBER, reasons: ['filter:0'] },
    ]);
  });

  it('leaves out addressees and group members the directory does not know', () => {
    const ghostly = new MapDirectory(nodes, { ghosts: ['XX-PCU-GHOST'] });
    const to = { nodes: ['TM-PCU-GHOST'], countries: [], groups: ['ghosts', 'no-such-group'] };
    expect(recipientsFor(envelope({ tlp: 'AMBER+STRICT', to, body: alertBody() }), ghostly, subscribers())).toEqual([]);
  });

  it.each(['RED', 'AMBER+STRICT'] as const)('does not even consult subscriptions for %s', (tlp) => {
    const matcher: SubscriptionMatcher = { size: 0, upsert: jest.fn(), remove: jest.fn(), match: jest.fn() };
    const to = { nodes: [BAKU], countries: [], groups: [] };
    expect(recipientsFor(envelope({ tlp, to, body: alertBody() }), directory, matcher)).toEqual([
      { node: BAKU, reasons: ['addressed:node'] },
    ]);
    expect(matcher.match).not.toHaveBeenCalled();
  });

  it('keeps a message naming an operation among the operation’s members', () => {
    const to = { nodes: ['KZ-HQ-ASTANA'], countries: ['AZ'], groups: [] };
    const message = envelope({ tlp: 'GREEN', to, operation: 'op-silk', body: alertBody() });
    expect(recipientsFor(message, directory, subscribers()).map((recipient) => recipient.node)).toEqual([
      BAKU,
      SUBSCRIBER,
    ]);
  });

  it('sends a message naming an operation nowhere when the operation is unknown or cannot be checked', () => {
    const blind: RecipientDirectory = {
      node: (id) => directory.node(id),
      nodesOfCountry: (country) => directory.nodesOfCountry(country),
      groupMembers: (group) => directory.groupMembers(group),
    };
    const to = { nodes: [BAKU], countries: [], groups: [] };
    const unknown = envelope({ tlp: 'GREEN', to, operation: 'op-unknown', body: alertBody() });
    const known = envelope({ tlp: 'GREEN', to, operation: 'op-silk', body: alertBody() });
    expect(recipientsFor(unknown, directory, subscribers())).toEqual([]);
    expect(recipientsFor(known, blind, subscribers())).toEqual([]);
  });

  it('reaches no one in a country without nodes', () => {
    const to = { nodes: [], countries: ['TM'], groups: [] };
    expect(recipientsFor(envelope({ tlp: 'AMBER+STRICT', to, body: alertBody() }), directory, subscribers())).toEqual(
      [],
    );
  });
});

describe(addressingProblems.name, () => {
  const directory = new MapDirectory(
    [nodeRecord(ORIGIN), nodeRecord(BAKU, 'SUSPENDED')],
    { [GROUP]: [ORIGIN, BAKU], 'baku-only': [BAKU] },
    { 'op-silk': [ORIGIN, BAKU], 'op-without-origin': [BAKU] },
  );
  const problemsOf = (tlp: Tlp, to?: Partial<Addressing>, operation?: string) =>
    addressingProblems(envelope({ tlp, to: to as Addressing, operation, body: alertBody() }), directory);

  it('finds nothing wrong with sound addressing, suspended addressees included', () => {
    expect(problemsOf('RED', { nodes: [BAKU], countries: [], groups: [] })).toEqual([]);
    expect(problemsOf('AMBER', { nodes: [ORIGIN], countries: ['TM', 'QQ'], groups: [GROUP] }, 'op-silk')).toEqual([]);
    expect(problemsOf('GREEN')).toEqual([]);
  });

  it.each([
    ['no addressing at all', undefined],
    ['no nodes list', { countries: ['AZ'] }],
    ['an empty nodes list beside countries and groups', { nodes: [], countries: ['AZ'], groups: [GROUP] }],
  ])('refuses a RED message with %s', (_label, to) => {
    expect(problemsOf('RED', to)).toEqual(['to.nodes: a RED message must name the nodes it is for']);
  });

  it('names each unknown node, group and operation once', () => {
    const to = { nodes: ['TM-PCU-GHOST', BAKU, 'TM-PCU-GHOST'], countries: [], groups: ['nowhere', GROUP] };
    expect(problemsOf('AMBER', to, 'op-unknown')).toEqual([
      'to.nodes: unknown node TM-PCU-GHOST',
      'to.groups: unknown group nowhere',
      'operation: unknown operation op-unknown',
    ]);
  });

  it('answers a group or an operation its origin is not a member of like an unknown one', () => {
    expect(problemsOf('AMBER', { nodes: [BAKU], countries: [], groups: ['baku-only'] }, 'op-without-origin')).toEqual([
      'to.groups: unknown group baku-only',
      'operation: unknown operation op-without-origin',
    ]);
  });

  /** A directory where op-silk ran in May with `members`, and so is not running now. */
  const afterOperation = (members: string[]): RecipientDirectory => ({
    node: (id) => directory.node(id),
    nodesOfCountry: () => [],
    groupMembers: () => undefined,
    operationMembers: () => [],
    operation: (id) =>
      id === 'op-silk'
        ? { startsAt: '2026-05-01T00:00:00.000Z', endsAt: '2026-06-01T00:00:00.000Z', running: false, members }
        : undefined,
  });
  const silk = () => envelope({ tlp: 'GREEN', operation: 'op-silk', body: alertBody() });

  it('refuses an operation that is not running, telling its members when it runs and others nothing', () => {
    expect(addressingProblems(silk(), afterOperation([ORIGIN, BAKU]))).toEqual([
      'operation: op-silk is not running now; it runs from 2026-05-01T00:00:00.000Z to 2026-06-01T00:00:00.000Z',
    ]);
    expect(addressingProblems(silk(), afterOperation([BAKU]))).toEqual(['operation: unknown operation op-silk']);
  });

  it('does not take an operation for a group, nor a group for an operation', () => {
    expect(problemsOf('AMBER', { nodes: [], countries: [], groups: ['op-silk'] }, GROUP)).toEqual([
      'to.groups: unknown group op-silk',
      `operation: unknown operation ${GROUP}`,
    ]);
  });

  it('refuses an operation when the directory cannot tell its members', () => {
    const blind = { node: () => undefined, nodesOfCountry: () => [], groupMembers: () => undefined };
    expect(addressingProblems(envelope({ tlp: 'GREEN', operation: 'op-silk', body: alertBody() }), blind)).toEqual([
      'operation: unknown operation op-silk',
    ]);
  });
});
