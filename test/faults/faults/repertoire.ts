import { APP_NAMES } from '../../support/app-processes';
import { faultLabel } from '../../support/tcp-proxy';
import type { Random } from '../load/alerts';
import type { FaultHarness } from '../harness/fault-harness';
import { crashAllApps, crashApp } from './app-crash';
import { loseBrokerTail } from './broker-tail';
import { LINK_FAULTS, type Link, linkFault } from './link-fault';
import { natsCrash, natsOutage } from './nats-outage';
import { postgresOutage } from './postgres-outage';
import { runReconciliation } from './reconciliation';

/** The kinds of fault the scenarios exercise, by the name the soak's `--faults` takes. */
export const FAULT_KINDS = [
  'app-crash',
  'all-apps-crash',
  'nats-crash',
  'nats-outage',
  'postgres-outage',
  'link-fault',
  'broker-tail',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * What a soak draws by default: everything but the broker's lost tail, which only an operator's
 * reconciliation repairs (its scenario runs the job; `--faults` adds it here too).
 */
export const SOAK_FAULTS: readonly FaultKind[] = FAULT_KINDS.filter((k) => k !== 'broker-tail');

/** One fault, drawn and ready to run. */
export interface DrawnFault {
  label: string;
  /** Runs it to the end; answers anything worth reporting. */
  run(): Promise<string | void>;
}

const pick = <T>(random: Random, values: readonly T[]): T => values[Math.floor(random() * values.length)];

/**
 * Draws a fault of `kind` with random settings that fit within `budgetMs` (outages last from 20 s
 * to the budget, capped at the scenarios' lengths: 10 minutes for PostgreSQL, 2 for NATS).
 */
export function drawFault(
  kind: FaultKind,
  harness: FaultHarness,
  random: Random,
  budgetMs: number,
  load?: { stop(): Promise<void>; start(): void },
): DrawnFault {
  const outage = (capMs: number) => Math.round(20_000 + random() * Math.max(0, Math.min(capMs, budgetMs) - 20_000));
  switch (kind) {
    case 'app-crash': {
      const app = pick(random, APP_NAMES);
      return { label: `${app} killed -9`, run: () => crashApp(harness, app) };
    }
    case 'all-apps-crash':
      return { label: 'all apps killed -9', run: () => crashAllApps(harness) };
    case 'nats-crash':
      return { label: 'nats-server killed -9', run: () => natsCrash(harness) };
    case 'nats-outage': {
      const outageMs = outage(120_000);
      return { label: `nats-server stopped ${seconds(outageMs)}`, run: () => natsOutage(harness, { outageMs }) };
    }
    case 'postgres-outage': {
      const outageMs = outage(600_000);
      return {
        label: `PostgreSQL stopped ${seconds(outageMs)} (router paused first)`,
        run: () => postgresOutage(harness, { outageMs, queueMs: 5_000 }),
      };
    }
    case 'link-fault': {
      const link = pick(random, ['nats', 'postgres'] as Link[]);
      const fault = pick(random, LINK_FAULTS);
      const durationMs = Math.round(5_000 + random() * 15_000);
      return {
        label: `${link} link: ${faultLabel(fault)} ${seconds(durationMs)}`,
        run: () => linkFault(harness, link, fault, { durationMs }),
      };
    }
    case 'broker-tail':
      return {
        label: 'EXCHANGE lost its unsynced tail, then reconciliation',
        run: async () => {
          const tail = await loseBrokerTail(harness, { tailMs: 5_000, load });
          return `lost ${tail.messagesBefore - tail.messagesAfter} messages; ${await runReconciliation(harness)}`;
        },
      };
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
