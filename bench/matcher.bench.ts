/**
 * Subscription matching at scale: the naive matcher (every filter tried) beside the indexed one,
 * on the same random subscriptions and alert-like messages. A benchmark, not a test: it prints
 * its figures and never judges them.
 *
 *   npx tsc -p tsconfig.json --outDir /tmp/bench && npx tsc-alias -p tsconfig.json --outDir /tmp/bench
 *   node --expose-gc /tmp/bench/bench/matcher.bench.js [--sizes=1000,10000,100000] [--messages=2000]
 *
 * Pools come from the shipped reference data (`libs/contracts/data`, found from the working
 * directory or above this file): the UN/LOCODEs of Central Asia and the Caucasus that serve as
 * port, rail, road or airport, the world's major container ports, and every HS 2022 chapter,
 * heading and subheading. Without that data it falls back to synthetic pools of the same shape.
 * `--expose-gc` makes the heap figures steadier (a collection before each reading); optional.
 */
import { emitFigures } from './lib/emit';
import { against, type Figure, figureOf } from './lib/figures';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  ALERT_CATEGORIES,
  RISK_LEVELS,
  TRANSPORT_MODES,
  type AlertBody,
  type AlertCategory,
  type Envelope,
  type SubscriptionFilter,
  type SubscriptionRecord,
} from '@iren/contracts';
import {
  IndexedMatcher,
  NaiveMatcher,
  toMatchable,
  type MatchableMessage,
  type SubscriptionMatcher,
} from '@iren/filters';

const REGION = ['KZ', 'KG', 'TJ', 'TM', 'UZ', 'AZ', 'GE', 'AM', 'AF', 'MN'];
const MAJOR_PORTS = (
  'NLRTM BEANR DEHAM DEBRV FRLEH GBFXT ESVLC ESALG ITGOA GRPIR PLGDN LTKLJ LVRIX UAODS TRIST TRMER RUNVS RULED ' +
  'RUVVO GEPTI GEBUS IRBND PKKHI INNSA INMUN LKCMB AEJEA OMSLL SAJED EGPSD MAPTM ZADUR NGAPP CNSHA CNNGB CNSZX ' +
  'CNTAO CNLYG CNURC SGSIN MYPKG MYTPP THLCH VNSGN HKHKG TWKHH KRPUS JPTYO JPYOK USLAX USLGB USNYC BRSSZ PABLB'
).split(' ');
/** Chapters where each kind of alert usually falls, so goods and filters correlate as in real traffic. */
const CHAPTERS_OF: Record<AlertCategory, string[]> = {
  IPR: ['33', '42', '61', '62', '64', '71', '85', '91', '95'],
  FALSIFIED_MEDICAL: ['30'],
  DRUGS: ['12', '13', '21', '29'],
  PRECURSORS: ['28', '29', '38'],
  WEAPONS: ['93'],
  STRATEGIC_GOODS: ['28', '84', '85', '88', '90'],
  CIGARETTES: ['24'],
  ALCOHOL: ['22'],
  WILDLIFE: ['01', '03', '05', '06', '44', '71'],
  CASH: ['49', '71'],
  STOLEN_VEHICLES: ['87'],
  OTHER: [],
};

interface Pools {
  source: string;
  regionLocodes: string[];
  portLocodes: string[];
  chapters: string[];
  headings: string[];
  subheadingsByChapter: Map<string, string[]>;
}

/** A small seeded generator (mulberry32), so every run draws the same subscriptions and messages. */
class Draw {
  constructor(private state: number) {}
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.next() * values.length)];
  }
  some<T>(values: readonly T[], min: number, max: number): T[] {
    return [...new Set(Array.from({ length: this.int(min, max) }, () => this.pick(values)))];
  }
  /** Picks a value by relative weight, given as [value, weight] pairs. */
  weighted<T>(choices: readonly [T, number][]): T {
    let roll = this.next() * choices.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [value, weight] of choices) if ((roll -= weight) < 0) return value;
    return choices[choices.length - 1][0];
  }
}

function loadPools(): Pools {
  const dataDir = [process.cwd(), __dirname]
    .flatMap((start) => ancestors(start).map((dir) => join(dir, 'libs', 'contracts', 'data')))
    .find((dir) => existsSync(join(dir, 'hs-nomenclature.tsv')) && existsSync(join(dir, 'unlocode.tsv.gz')));
  if (dataDir === undefined) return syntheticPools();
  const rows = (text: string) =>
    text
      .split('\n')
      .slice(1, -1)
      .map((line) => line.split('\t'));
  const locodes = rows(gunzipSync(readFileSync(join(dataDir, 'unlocode.tsv.gz'))).toString('utf8'));
  const known = new Set(locodes.map(([locode]) => locode));
  const hs = rows(readFileSync(join(dataDir, 'hs-nomenclature.tsv'), 'utf8'));
  return poolsOf(
    dataDir,
    // Function digits 1..4: port, rail, road, airport; the rest are not where goods are controlled.
    locodes.filter(([locode, , fn]) => REGION.includes(locode.slice(0, 2)) && /[1-4]/.test(fn)).map(([l]) => l),
    MAJOR_PORTS.filter((locode) => known.has(locode)),
    hs.map(([code]) => code),
  );
}

function syntheticPools(): Pools {
  const draw = new Draw(7);
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const token = () => Array.from({ length: 3 }, () => draw.pick([...letters])).join('');
  const chapters = Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')).filter((c) => c !== '77');
  const headings = chapters.flatMap((c) => Array.from({ length: 12 }, (_, i) => c + String(i + 1).padStart(2, '0')));
  const subheadings = headings.flatMap((h) => ['10', '20', '90'].map((s) => h + s));
  const region = [...new Set(Array.from({ length: 400 }, () => draw.pick(REGION) + token()))];
  return poolsOf('synthetic (reference data not found)', region, MAJOR_PORTS, [
    ...chapters,
    ...headings,
    ...subheadings,
  ]);
}

function poolsOf(source: string, regionLocodes: string[], portLocodes: string[], hsCodes: string[]): Pools {
  const subheadingsByChapter = new Map<string, string[]>();
  for (const code of hsCodes.filter((c) => c.length === 6)) {
    subheadingsByChapter.set(code.slice(0, 2), [...(subheadingsByChapter.get(code.slice(0, 2)) ?? []), code]);
  }
  const ofLength = (length: number) => hsCodes.filter((code) => code.length === length);
  return { source, regionLocodes, portLocodes, chapters: ofLength(2), headings: ofLength(4), subheadingsByChapter };
}

function ancestors(dir: string): string[] {
  return dirname(dir) === dir ? [dir] : [dir, ...ancestors(dirname(dir))];
}

function chaptersOf(category: AlertCategory, pools: Pools): string[] {
  const usual = CHAPTERS_OF[category].filter((chapter) => pools.subheadingsByChapter.has(chapter));
  return usual.length > 0 ? usual : pools.chapters;
}

type FilterStyle = 'port' | 'goods' | 'country' | 'category' | 'broad';

/**
 * Mixes of filter styles. `mixed`: national desks' broad filters (a country and a few categories,
 * a category above a risk level) beside the units' narrow ones, so matches grow with N; `narrow`:
 * only port and goods watches, as a network grows by adding units, so matches stay few.
 */
const PROFILES: Record<string, [FilterStyle, number][]> = {
  mixed: [
    ['port', 35],
    ['goods', 25],
    ['country', 20],
    ['category', 15],
    ['broad', 5],
  ],
  narrow: [
    ['port', 55],
    ['goods', 45],
  ],
};

/** One node's subscription: a few filters in the styles officers actually write. */
function randomSubscription(
  draw: Draw,
  pools: Pools,
  styles: [FilterStyle, number][],
  nodeId: string,
): SubscriptionRecord {
  const filters = Array.from({ length: draw.int(1, 3) }, (): SubscriptionFilter => {
    const category = draw.pick(ALERT_CATEGORIES);
    const maybe = <T>(p: number, value: () => T) => (draw.chance(p) ? value() : undefined);
    const risk = () => draw.pick(RISK_LEVELS);
    switch (draw.weighted(styles)) {
      case 'port':
        return {
          locodes: draw.some([...pools.regionLocodes, ...pools.portLocodes], 1, 3),
          categories: maybe(0.5, () => draw.some(ALERT_CATEGORIES, 1, 2)),
          minRiskLevel: maybe(0.3, risk),
        };
      case 'goods':
        return {
          hsPrefixes: draw
            .some(chaptersOf(category, pools), 1, 2)
            .map((chapter) => hsPrefixUnder(draw, pools, chapter)),
          modes: maybe(0.3, () => draw.some(TRANSPORT_MODES, 1, 2)),
          countries: maybe(0.3, () => draw.some(REGION, 1, 2)),
        };
      case 'country':
        return {
          countries: draw.some(REGION, 1, 2),
          categories: draw.some(ALERT_CATEGORIES, 1, 3),
          minRiskLevel: maybe(0.5, risk),
        };
      case 'category':
        return {
          categories: [category],
          minRiskLevel: draw.pick(RISK_LEVELS.slice(1)),
          modes: maybe(0.4, () => [draw.pick(TRANSPORT_MODES)]),
        };
      case 'broad':
        return draw.chance(0.5) ? { minRiskLevel: 'CRITICAL' } : { kinds: ['ALERT'], countries: [draw.pick(REGION)] };
    }
  });
  return { nodeId, filters, version: 1, updatedAt: '2026-01-01T00:00:00Z' };
}

/** A chapter, heading or subheading within the chapter, the way officers mix them. */
function hsPrefixUnder(draw: Draw, pools: Pools, chapter: string): string {
  const subheading = draw.pick(pools.subheadingsByChapter.get(chapter) ?? [`${chapter}0000`]);
  return subheading.slice(
    0,
    draw.weighted([
      [2, 30],
      [4, 50],
      [6, 20],
    ]),
  );
}

function randomAlert(draw: Draw, pools: Pools, id: number): Envelope<AlertBody> {
  const category = draw.weighted(ALERT_CATEGORIES.map((c) => [c, ['IPR', 'CIGARETTES', 'DRUGS'].includes(c) ? 4 : 1]));
  const points = [...(draw.chance(0.5) ? [draw.pick(pools.portLocodes)] : []), ...draw.some(pools.regionLocodes, 1, 3)];
  const goods = Array.from({ length: draw.int(1, 3) }, () => {
    const chapter = draw.pick(chaptersOf(category, pools));
    return { hsCode: draw.pick(pools.subheadingsByChapter.get(chapter) ?? [`${chapter}0000`]), description: 'goods' };
  });
  const body: AlertBody = {
    category,
    riskLevel: draw.weighted([
      ['LOW', 20],
      ['MEDIUM', 35],
      ['HIGH', 30],
      ['CRITICAL', 15],
    ] as const),
    mode: draw.weighted([
      ['SEA', 40],
      ['ROAD', 30],
      ['RAIL', 15],
      ['AIR', 15],
    ] as const),
    title: `alert ${id}`,
    summary: '',
    lang: 'en',
    transport: {},
    itinerary: points.map((locode) => ({ locode, role: 'TRANSSHIPMENT' })),
    goods,
    indicators: [],
    requestedAction: 'EXAMINE',
  };
  return { id: String(id), kind: 'ALERT', origin: 'KZ-PCU-AKTAU', createdAt: '', tlp: 'GREEN', body };
}

interface Run {
  matcher: string;
  messages: number;
  seconds: number;
  matchedNodes: number;
  matchedFilters: number;
  buildMs: number;
  /** Heap used once the matcher is built, subscriptions and messages included. */
  heapMb: number;
  /** What building the matcher added to the heap: its own structures and copies of the filters. */
  matcherMb: number;
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Builds the matcher, warms it up, then matches until the messages or the time budget run out. */
function measure(
  name: string,
  make: () => SubscriptionMatcher,
  records: SubscriptionRecord[],
  messages: MatchableMessage[],
  budgetMs: number,
): Run {
  const heapBefore = heapMb();
  const buildStart = process.hrtime.bigint();
  const matcher = make();
  for (const record of records) matcher.upsert(record);
  const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;
  const heapAfter = heapMb();
  for (const message of messages.slice(0, 50)) matcher.match(message);
  let [done, matchedNodes, matchedFilters] = [0, 0, 0];
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(budgetMs) * 1_000_000n;
  for (const message of messages) {
    const matches = matcher.match(message);
    matchedNodes += matches.size;
    for (const positions of matches.values()) matchedFilters += positions.length;
    // Checking the clock every message would weigh on the fast matcher's figures.
    if (++done % 16 === 0 && process.hrtime.bigint() > deadline) break;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    matcher: name,
    messages: done,
    seconds,
    matchedNodes,
    matchedFilters,
    buildMs,
    heapMb: heapAfter,
    matcherMb: heapAfter - heapBefore,
  };
}

function option(name: string, fallback: string): string {
  const given = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return given === undefined ? fallback : given.slice(name.length + 3);
}

function main(): void {
  const sizes = option('sizes', '1000,10000,100000').split(',').map(Number);
  const profiles = option('profiles', 'narrow,mixed').split(',');
  const messageCount = Number(option('messages', '2000'));
  const budgetMs = Number(option('budget-ms', '15000'));
  const pools = loadPools();
  const draw = new Draw(20260301);
  const messages = Array.from({ length: messageCount }, (_, i) => toMatchable(randomAlert(draw, pools, i)));
  console.log(`matcher benchmark: node ${process.version}, pools from ${pools.source}`);
  console.log(
    `  ${pools.regionLocodes.length + pools.portLocodes.length} LOCODEs (${pools.portLocodes.length} major ports), ` +
      `${pools.chapters.length} HS chapters, ${pools.headings.length} headings; ${messageCount} messages; ` +
      `time budget ${budgetMs} ms per run; gc ${'gc' in globalThis ? 'exposed' : 'not exposed'}`,
  );
  const rows: string[][] = [];
  const figures: Figure[] = [];
  for (const profile of profiles) {
    for (const size of sizes) {
      const nodeId = (i: number) => `N${String(i).padStart(6, '0')}`;
      const records = Array.from({ length: size }, (_, i) =>
        randomSubscription(draw, pools, PROFILES[profile], nodeId(i)),
      );
      const filters = records.reduce((sum, record) => sum + record.filters.length, 0);
      const byMatcher: Figure[] = [];
      for (const [name, make] of MATCHERS) {
        const run = measure(name, make, records, messages, budgetMs);
        byMatcher.push(
          figureOf(
            'matcher',
            `${name}, ${profile}, ${size.toLocaleString('en-US')} subscriptions`,
            'msgs/s',
            [run.messages / run.seconds],
            `${filters.toLocaleString('en-US')} filters; ${(run.matchedNodes / run.messages).toFixed(1)} nodes a message`,
          ),
        );
        rows.push([
          profile,
          String(size),
          String(filters),
          run.matcher,
          run.buildMs.toFixed(0),
          String(run.messages),
          (run.messages / run.seconds).toFixed(0),
          ((run.seconds * 1e6) / run.messages).toFixed(1),
          (run.matchedNodes / run.messages).toFixed(1),
          (run.matchedFilters / run.messages).toFixed(1),
          run.heapMb.toFixed(1),
          run.matcherMb.toFixed(1),
        ]);
      }
      // The indexed matcher against the naive one, on the same subscriptions and messages.
      figures.push(byMatcher[0], against(byMatcher[1], byMatcher[0]));
    }
  }
  printTable(TABLE_HEADER, rows);
  emitFigures(figures);
}

const MATCHERS: [string, () => SubscriptionMatcher][] = [
  ['naive', () => new NaiveMatcher()],
  ['indexed', () => new IndexedMatcher()],
];

const TABLE_HEADER = 'profile N filters matcher build-ms msgs msgs/s µs/msg nodes/msg filters/msg heap-MB matcher-MB';

function printTable(header: string, rows: string[][]): void {
  const titles = header.split(' ');
  const widths = titles.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  for (const row of [titles, ...rows]) console.log(row.map((cell, column) => cell.padStart(widths[column])).join('  '));
}

if (require.main === module) main();
