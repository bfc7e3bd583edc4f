// Model-based test of distribution: random histories of registrations, suspensions, subscriptions,
// groups, operations and the passing of time, with a publish now and then. After every publish the
// recipients computed by `recipientsFor` (over an in-memory directory and the IndexedMatcher) must
// be exactly those a deliberately plain model of DESIGN section 4 entitles: nothing leaked, nothing
// lost; and the gateway's `addressingProblems` must refuse exactly what the model says is wrong.
import fc from 'fast-check';
import {
  TLP_LEVELS,
  type AlertCategory,
  type Envelope,
  type NodeStatus,
  type RiskLevel,
  type SubscriptionFilter,
  type Tlp,
  type TransportMode,
} from '@iren/contracts';
import { addressingProblems, recipientsFor } from './distribution';
import { IndexedMatcher } from './indexed-matcher';
import { CATEGORIES, filterArbitrary, HS_CODES, LOCODES, MODES } from './testing/arbitraries';
import { alertBody, envelope, nodeRecord } from './testing/fixtures';
import { InMemoryDirectory } from './testing/in-memory-directory';

const NODES = [
  'KZ-PCU-AKTAU',
  'KZ-HQ-ASTANA',
  'AZ-PCU-BAKU',
  'UZ-HQ-TASHKENT',
  'UZ-ACCU-TASHKENT',
  'GE-PCU-POTI',
  'TM-PCU-TMZ',
  'UZ-COORD-ROCA',
];
/** Addressed and subscribed now and then, but never registered. */
const GHOST = 'RU-PCU-GHOST';
const COUNTRIES = ['KZ', 'AZ', 'UZ', 'GE', 'TM'];
const GROUPS = ['CASPIAN-PCUS', 'CENTRAL-ASIA'];
const OPERATIONS = ['OP-SILK-2026', 'OP-CASPIAN-SWEEP'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-06-01T00:00:00Z');

// ---------------------------------------------------------------- the model: DESIGN section 4, plainly
interface ModelGroup {
  kind: 'GROUP' | 'OPERATION';
  members: string[];
  startsAt?: number;
  endsAt?: number;
}
interface Model {
  now: number;
  nodes: Map<string, NodeStatus>;
  filters: Map<string, SubscriptionFilter[]>;
  groups: Map<string, ModelGroup>;
}
interface Real {
  directory: InMemoryDirectory;
  matcher: IndexedMatcher;
}
interface Publication {
  originPick: number;
  tlp: Tlp;
  to: { nodes: string[]; countries: string[]; groups: string[] };
  operation?: string;
  category: AlertCategory;
  riskLevel: RiskLevel;
  mode: TransportMode;
  locodes: string[];
  hsCodes: string[];
}

const SEVERITY = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** Section 5: every constrained field must match; a field matches when any of its values does. */
function modelMatches(f: SubscriptionFilter, p: Publication): boolean {
  const field = <T>(wanted: T[] | undefined, holds: (value: T) => boolean) =>
    wanted === undefined || wanted.length === 0 || wanted.some(holds);
  const minimum = f.minRiskLevel === undefined ? -1 : SEVERITY.indexOf(f.minRiskLevel);
  return (
    field(f.locodes, (locode) => p.locodes.includes(locode)) &&
    field(f.countries, (country) => p.locodes.some((locode) => locode.slice(0, 2) === country)) &&
    field(f.hsPrefixes, (prefix) => p.hsCodes.some((code) => code.startsWith(prefix))) &&
    field(f.categories, (category) => category === p.category) &&
    field(f.modes, (mode) => mode === p.mode) &&
    field(f.kinds, (kind) => kind === 'ALERT') &&
    (f.minRiskLevel === undefined || (minimum >= 0 && SEVERITY.indexOf(p.riskLevel) >= minimum))
  );
}

function runningOperation(model: Model, id: string | undefined): ModelGroup | undefined {
  const group = id === undefined ? undefined : model.groups.get(id);
  if (group?.kind !== 'OPERATION') return undefined;
  return group.startsAt! <= model.now && model.now < group.endsAt! ? group : undefined;
}

/** Section 1: a coordination node reads only what names it, by node or by group. */
const isCoordinator = (node: string) => node.split('-')[1] === 'COORD';

/** Who may receive what, and why, as node → sorted reasons. */
function entitled(model: Model, p: Publication, origin: string): [string, string[]][] {
  const reasons = new Map<string, Set<string>>();
  const give = (node: string, reason: string) => reasons.set(node, new Set([...(reasons.get(node) ?? []), reason]));
  for (const node of p.to.nodes) give(node, 'addressed:node');
  if (p.tlp !== 'RED') {
    for (const country of p.to.countries) {
      for (const node of model.nodes.keys())
        if (node.startsWith(`${country}-`) && !isCoordinator(node)) give(node, `addressed:country:${country}`);
    }
    for (const id of p.to.groups) {
      const group = model.groups.get(id);
      if (group?.kind === 'GROUP') for (const node of group.members) give(node, `addressed:group:${id}`);
    }
  }
  if (p.tlp === 'CLEAR' || p.tlp === 'GREEN' || p.tlp === 'AMBER') {
    for (const [node, filters] of model.filters) {
      if (!isCoordinator(node)) filters.forEach((filter, i) => modelMatches(filter, p) && give(node, `filter:${i}`));
    }
  }
  const operation = runningOperation(model, p.operation);
  return [...reasons]
    .filter(([node]) => node !== origin && model.nodes.get(node) === 'ACTIVE')
    .filter(([node]) => p.operation === undefined || operation?.members.includes(node))
    .map(([node, given]): [string, string[]] => [node, [...given].sort()])
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

/** The fields a gateway must name when refusing the publication. */
function refusedFields(model: Model, p: Publication, origin: string): string[] {
  const fields = new Set<string>();
  if (p.tlp === 'RED' && p.to.nodes.length === 0) fields.add('to.nodes');
  if (p.to.nodes.some((node) => !model.nodes.has(node))) fields.add('to.nodes');
  // A group the origin is not a member of is as unknown to it as one that does not exist.
  const addressable = (id: string) =>
    model.groups.get(id)?.kind === 'GROUP' && model.groups.get(id)!.members.includes(origin);
  if (p.to.groups.some((id) => !addressable(id))) fields.add('to.groups');
  if (p.operation !== undefined && !runningOperation(model, p.operation)?.members.includes(origin)) {
    fields.add('operation');
  }
  return [...fields].sort();
}

// ---------------------------------------------------------------- commands
const seen = { publishes: 0, delivered: 0, toGroups: 0, inOperations: 0, toSubscribers: 0, refusedOperations: 0 };

type Command = fc.Command<Model, Real>;
const iso = (ms: number) => new Date(ms).toISOString();

function putGroup(model: Model, real: Real, id: string, group: ModelGroup): void {
  model.groups.set(id, group);
  const window = group.kind === 'OPERATION' ? { startsAt: iso(group.startsAt!), endsAt: iso(group.endsAt!) } : {};
  const stamp = iso(model.now);
  real.directory.groups.set(id, {
    id,
    name: id,
    kind: group.kind,
    ...window,
    members: [...group.members],
    createdAt: stamp,
    updatedAt: stamp,
  });
}

/** The registry takes registered nodes only as members. */
const registeredOf = (model: Model, picked: string[]) => picked.filter((node) => model.nodes.has(node)).sort();

const command = (
  label: string,
  check: (model: Readonly<Model>) => boolean,
  run: (model: Model, real: Real) => void,
): Command => ({ check, run, toString: () => label });

const registerNode = fc.constantFrom(...NODES).map((id) =>
  command(
    `register ${id}`,
    (model) => !model.nodes.has(id),
    (model, real) => {
      model.nodes.set(id, 'ACTIVE');
      real.directory.nodes.set(id, nodeRecord(id));
    },
  ),
);

const setStatus = fc
  .tuple(fc.constantFrom(...NODES), fc.constantFrom<NodeStatus>('SUSPENDED', 'ACTIVE'))
  .map(([id, status]) =>
    command(
      `${status === 'SUSPENDED' ? 'suspend' : 'reinstate'} ${id}`,
      (model) => model.nodes.has(id) && model.nodes.get(id) !== status,
      (model, real) => {
        model.nodes.set(id, status);
        real.directory.nodes.set(id, nodeRecord(id, status));
      },
    ),
  );

const subscribe = fc
  .tuple(fc.constantFrom(...NODES, GHOST), fc.array(filterArbitrary, { maxLength: 3 }))
  .map(([id, filters]) =>
    command(
      `subscribe ${id} ${JSON.stringify(filters)}`,
      () => true,
      (model, real) => {
        model.filters.set(id, structuredClone(filters));
        real.matcher.upsert({ nodeId: id, filters, version: 1, updatedAt: iso(model.now) });
      },
    ),
  );

const members = fc.subarray([...NODES, GHOST], { maxLength: 5 });

const createGroup = fc.tuple(fc.constantFrom(...GROUPS), members).map(([id, picked]) =>
  command(
    `create group ${id} ${picked}`,
    (model) => !model.groups.has(id),
    (model, real) => putGroup(model, real, id, { kind: 'GROUP', members: registeredOf(model, picked) }),
  ),
);

const WINDOWS = {
  running: [-DAY, 10 * DAY],
  longRunning: [-HOUR, 60 * DAY],
  endingSoon: [-DAY, 2 * HOUR],
  future: [2 * DAY, 30 * DAY],
  ended: [-30 * DAY, -DAY],
} as const;

const createOperation = fc
  .tuple(
    fc.constantFrom(...OPERATIONS),
    members,
    fc.constantFrom(...(Object.keys(WINDOWS) as (keyof typeof WINDOWS)[])),
  )
  .map(([id, picked, window]) =>
    command(
      `create operation ${id} (${window}) ${picked}`,
      (model) => !model.groups.has(id),
      (model, real) => {
        const [from, to] = WINDOWS[window];
        const members = registeredOf(model, picked);
        putGroup(model, real, id, { kind: 'OPERATION', members, startsAt: model.now + from, endsAt: model.now + to });
      },
    ),
  );

const setMembers = fc.tuple(fc.constantFrom(...GROUPS, ...OPERATIONS), members).map(([id, picked]) =>
  command(
    `set members of ${id} ${picked}`,
    (model) => model.groups.has(id),
    (model, real) => putGroup(model, real, id, { ...model.groups.get(id)!, members: registeredOf(model, picked) }),
  ),
);

const passTime = fc.constantFrom(HOUR, 3 * HOUR, DAY, 5 * DAY, 20 * DAY).map((ms) =>
  command(
    `let ${ms / HOUR} h pass`,
    () => true,
    (model, real) => {
      model.now += ms;
      real.directory.now = new Date(model.now);
    },
  ),
);

const publication: fc.Arbitrary<Publication> = fc.record(
  {
    originPick: fc.nat(),
    tlp: fc.constantFrom(...TLP_LEVELS),
    to: fc.record({
      nodes: fc.subarray([...NODES, GHOST], { maxLength: 3 }),
      countries: fc.subarray(COUNTRIES, { maxLength: 2 }),
      groups: fc.subarray([...GROUPS, ...GROUPS, OPERATIONS[0], 'NO-SUCH-GROUP'], { maxLength: 2 }),
    }),
    operation: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 3, arbitrary: fc.constantFrom(...OPERATIONS) },
      { weight: 1, arbitrary: fc.constantFrom(GROUPS[0], 'OP-NOWHERE') },
    ),
    category: fc.constantFrom(...CATEGORIES),
    riskLevel: fc.constantFrom<RiskLevel>('LOW', 'MEDIUM', 'HIGH', 'CRITICAL'),
    mode: fc.constantFrom(...MODES),
    locodes: fc.subarray(LOCODES, { minLength: 1, maxLength: 3 }),
    hsCodes: fc.subarray(HS_CODES, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['originPick', 'tlp', 'to', 'category', 'riskLevel', 'mode', 'locodes', 'hsCodes'] },
);

function toEnvelope(p: Publication, origin: string): Envelope {
  const itinerary = p.locodes.map((locode) => ({ locode, role: 'TRANSSHIPMENT' as const }));
  const goods = p.hsCodes.map((hsCode) => ({ hsCode, description: 'goods' }));
  const body = alertBody({ category: p.category, riskLevel: p.riskLevel, mode: p.mode, itinerary, goods });
  return envelope({ origin, tlp: p.tlp, to: p.to, ...(p.operation && { operation: p.operation }), body });
}

const publish = publication.map((p) =>
  command(
    `publish ${JSON.stringify(p)}`,
    (model) => model.nodes.size > 0,
    (model, real) => {
      const origins = [...model.nodes.keys()].sort();
      const origin = origins[p.originPick % origins.length];
      const message = toEnvelope(p, origin);
      const delivered = recipientsFor(message, real.directory, real.matcher);
      const expected = entitled(model, p, origin);
      expect(delivered.map((r): [string, string[]] => [r.node, [...r.reasons].sort()])).toEqual(expected);
      const problems = addressingProblems(message, real.directory);
      expect([...new Set(problems.map((problem) => problem.split(':')[0]))].sort()).toEqual(
        refusedFields(model, p, origin),
      );

      seen.publishes++;
      if (expected.length > 0) seen.delivered++;
      const reasons = expected.flatMap(([, given]) => given);
      if (reasons.some((r) => r.startsWith('addressed:group:'))) seen.toGroups++;
      if (reasons.some((r) => r.startsWith('filter:'))) seen.toSubscribers++;
      if (p.operation !== undefined && expected.length > 0) seen.inOperations++;
      if (problems.some((problem) => problem.includes('is not running now'))) seen.refusedOperations++;
    },
  ),
);

// ---------------------------------------------------------------- the property
function setup(): { model: Model; real: Real } {
  const model: Model = { now: START, nodes: new Map(), filters: new Map(), groups: new Map() };
  const real: Real = { directory: new InMemoryDirectory(new Date(START)), matcher: new IndexedMatcher() };
  for (const id of NODES.slice(0, 4)) {
    model.nodes.set(id, 'ACTIVE');
    real.directory.nodes.set(id, nodeRecord(id));
  }
  return { model, real };
}

describe(`${recipientsFor.name}, against a model of DESIGN section 4`, () => {
  it('delivers to exactly the entitled nodes after any history, and the gateway refuses exactly what is wrong', () => {
    const commands = [
      registerNode,
      setStatus,
      subscribe,
      subscribe,
      subscribe,
      createGroup,
      createOperation,
      createOperation,
      setMembers,
      passTime,
      publish,
      publish,
      publish,
      publish,
    ];
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 60, size: 'max' }), (history) => fc.modelRun(setup, history)),
      { numRuns: 300 },
    );

    // The histories must exercise every way of reaching a node, or the equality proves little.
    expect(seen.publishes).toBeGreaterThan(2000);
    expect(seen.delivered / seen.publishes).toBeGreaterThan(0.3);
    for (const way of ['toGroups', 'inOperations', 'toSubscribers', 'refusedOperations'] as const) {
      expect(seen[way] / seen.publishes).toBeGreaterThan(0.02);
    }
  });
});
