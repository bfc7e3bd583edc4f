import type { Parameters, RunDetails } from 'fast-check';
import { inspect } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Cases per decoder, times `FUZZ_SCALE` (1 in CI; a soak run asks for more), with `FUZZ_SEED`
 * to replay a run that failed (the failure names its seed and path).
 */
export function fuzzParameters(numRuns: number): Parameters<unknown> {
  const scale = Number(process.env.FUZZ_SCALE ?? 1);
  const seed = process.env.FUZZ_SEED;
  return {
    numRuns: Math.max(1, Math.round(numRuns * (scale > 0 ? scale : 1))),
    ...(seed && { seed: Number(seed) }),
    reporter: throwIfFailed,
  };
}

/**
 * Fails the test with what went wrong, the seed to replay it and the counterexample shown to a
 * bounded depth. fast-check's own report renders the counterexample whole, and a value nested
 * thousands of levels deep (the generators make them) overflows the stack there, hiding the failure.
 */
export function throwIfFailed(details: RunDetails<unknown>): void {
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const counterexample = inspect(details.counterexample, {
    depth: 6,
    maxArrayLength: 12,
    maxStringLength: 200,
    breakLength: 120,
  });
  throw new Error(
    [
      `Property failed after ${details.numRuns} cases (replay: FUZZ_SEED=${details.seed}, path ${details.counterexamplePath}).`,
      `Counterexample (to depth 6): ${counterexample}`,
      `Failure: ${cause}`,
    ].join('\n'),
  );
}

// Every built-in prototype a JSON value can reach through `__proto__` or `constructor.prototype`.
const PROTOTYPES: [string, object][] = [
  ['Object', Object.prototype],
  ['Array', Array.prototype],
  ['Function', Function.prototype],
  ['String', String.prototype],
  ['Number', Number.prototype],
  ['Boolean', Boolean.prototype],
];

/** Names a pollution attempt would leave on every object (the generators use them). */
const PROBES = ['polluted', 'hijacked', 'value', 'a', 'nested'];

/**
 * A snapshot of the built-in prototypes (their own property names and what each holds). The
 * answered check lists what changed since: a property added, removed or replaced on one of them,
 * or a probe such as `({}).polluted` that now answers something; and it puts each back as it was,
 * so that the next case (and fast-check's shrinking) starts clean and the case to blame is found.
 */
export function prototypeSnapshot(): () => string[] {
  const before = PROTOTYPES.map(([name, proto]) => ({
    name,
    proto,
    members: new Map(Reflect.ownKeys(proto).map((key) => [key, Object.getOwnPropertyDescriptor(proto, key)!])),
  }));
  return () => {
    const changed: string[] = [];
    for (const { name, proto, members } of before) {
      const keys = Reflect.ownKeys(proto);
      for (const key of keys) {
        const was = members.get(key);
        const now = Object.getOwnPropertyDescriptor(proto, key)!;
        if (!was) {
          changed.push(`${name}.prototype.${String(key)} added`);
          Reflect.deleteProperty(proto, key);
        } else if (was.value !== now.value || was.get !== now.get || was.set !== now.set) {
          changed.push(`${name}.prototype.${String(key)} replaced`);
          Object.defineProperty(proto, key, was);
        }
      }
      for (const [key, was] of members) {
        if (keys.includes(key)) continue;
        changed.push(`${name}.prototype.${String(key)} removed`);
        Object.defineProperty(proto, key, was);
      }
    }
    const blank: Record<string, unknown> = {};
    for (const probe of PROBES) if (blank[probe] !== undefined) changed.push(`({}).${probe} answers`);
    if (Object.getPrototypeOf(blank) !== Object.prototype) changed.push('({}) has another prototype');
    return changed;
  };
}

let collect: (() => void) | undefined;

/**
 * The heap in use after a full collection. Node exposes `gc` only with `--expose-gc`; the flag
 * also takes effect when set at run time for a context made afterwards, which is where it is read.
 */
export function heapUsedAfterGc(): number {
  collect ??= (globalThis as { gc?: () => void }).gc ?? exposedGc();
  collect();
  return process.memoryUsage().heapUsed;
}

function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * How much a suite may grow the heap over its thousands of cases (tens of megabytes of payloads go
 * through each): far above what a decoder and its recording fakes keep, far below keeping the payloads.
 */
export const HEAP_GROWTH_LIMIT = 32 * 1024 ** 2;

/** The heap in use now, and its growth since, after full collections: for a suite to assert and print. */
export function heapWatch(): { growth(): number; report(): string } {
  const before = heapUsedAfterGc();
  const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return {
    growth: () => heapUsedAfterGc() - before,
    report: () => `heap used ${mib(before)} before, ${mib(heapUsedAfterGc())} after`,
  };
}

/** How a decoder answered each case, by outcome, printed once the suite ends. */
export class OutcomeTally {
  private readonly counts = new Map<string, number>();

  constructor(readonly decoder: string) {}

  add(outcome: string): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }

  get total(): number {
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }

  count(outcome: string): number {
    return this.counts.get(outcome) ?? 0;
  }

  summary(): string {
    const rows = [...this.counts]
      .sort((a, b) => b[1] - a[1])
      .map(([outcome, n]) => `  ${String(n).padStart(6)}  ${outcome}`);
    return [`${this.decoder}: ${this.total} cases`, ...rows].join('\n');
  }
}

/**
 * What a call came to: its value or what it threw. A call still pending after `ms` fails the case as
 * hung. (What a decoder throws where nobody awaits it, an unhandled rejection, jest fails the test for.)
 */
export async function settled<T>(work: () => Promise<T>, ms = 10_000): Promise<{ value: T } | { error: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new HungError(ms)), ms);
  });
  try {
    return { value: await Promise.race([work(), hung]) };
  } catch (error) {
    if (error instanceof HungError) throw error;
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

class HungError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms: the decoder hangs`);
  }
}
