import { Inject, Injectable } from '@nestjs/common';
import type { AlertBody, Envelope } from '@iren/contracts';
import { hitAfterAlert, type HitRules, type HitState, orderNodes, type SeenAlert } from './hit-decision';
import { HitIds } from './hit-ids';
import { type HitNotice, noticeOf } from './hit-message';
import { HitNotifier } from './hit-notifier';
import { HIT_CLOCK, HIT_DIGEST_SECONDS, HIT_WINDOW_DAYS } from './hit-settings';
import { type AlertToCount, type HitKey, HitsRepository, type HitsTransaction } from './hits.repository';
import { identifierKey, identifiersOf } from './identifiers';

export interface DetectHitsCommand {
  /** A message the router has just routed (its recipients are recorded). */
  envelope: Envelope<unknown>;
  correlationId?: string;
}

interface AlertWithCorrelation extends AlertToCount {
  correlationId: string | null;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Correlation hits. Counts the container numbers, air waybills, bills of lading and IMO numbers a
 * routed ALERT names and, for each other node whose latest alert naming one of them lies within the
 * window, updates the hit of that identifier and pair of nodes: the first time, both nodes are told
 * at once; later alerts are told at most once per digest interval, now if the last HIT is that
 * old, else by the digest sweeper. The work grows with the nodes that named an identifier, never
 * with their alerts. Idempotent: a redelivered alert counts nothing again, and publishes what it
 * made and a crash kept from going out. Answers how many HITs went out.
 */
@Injectable()
export class DetectHits {
  private readonly rules: HitRules;

  constructor(
    private readonly hits: HitsRepository,
    private readonly notifier: HitNotifier,
    private readonly ids: HitIds,
    @Inject(HIT_WINDOW_DAYS) private readonly windowDays: number,
    @Inject(HIT_DIGEST_SECONDS) digestSeconds: number,
    @Inject(HIT_CLOCK) private readonly now: () => Date,
  ) {
    this.rules = { windowMs: windowDays * DAY_MS, digestMs: digestSeconds * 1000 };
  }

  execute(command: DetectHitsCommand): Promise<number> {
    return this.executeMany([command]);
  }

  /** Several routed messages in one transaction (one lock per identifier they name), in the order given. */
  async executeMany(commands: DetectHitsCommand[]): Promise<number> {
    const alerts = commands.flatMap(toCount);
    if (alerts.length === 0) return 0;
    await this.hits.inIdentifierLocks(
      alerts.flatMap((a) => a.identifiers),
      (tx) => this.count(tx, alerts),
    );
    // What these alerts made and is not out yet: just now, or before a crash that this redelivery follows.
    return this.notifier.publish(await this.hits.unpublishedMadeBy(alerts.map((a) => a.alert.id)));
  }

  /**
   * Counts the alerts in order. A run of alerts that name different identifiers touches different
   * sightings and hits, so each such run is counted in one statement and its hits read in one query.
   */
  private async count(tx: HitsTransaction, alerts: AlertWithCorrelation[]): Promise<void> {
    const now = this.now();
    const touched = new Map<string, HitState>();
    const notices: HitNotice[] = [];
    for (const run of runsNamingDifferentIdentifiers(alerts)) {
      const sightings = await tx.count(run, this.windowDays);
      const keys = sightings.map((found, k) =>
        found.map((s): HitKey => ({
          identifier: s.identifier,
          nodes: orderNodes(run[k].alert.origin, s.latest.origin),
        })),
      );
      const ids = keys.map((ofAlert) => ofAlert.map((key) => this.ids.of(key.identifier, key.nodes)));
      const allIds = ids.flat();
      const unread = keys.flat().filter((_, i) => !touched.has(allIds[i]));
      for (const hit of await tx.hits(unread)) {
        touched.set(this.ids.of(hit.identifier, [hit.sides[0].node, hit.sides[1].node]), hit);
      }
      run.forEach(({ alert, correlationId }, k) =>
        sightings[k].forEach(({ identifier, latest }, i) => {
          const id = ids[k][i];
          const { hit, notice } = hitAfterAlert(touched.get(id) ?? null, identifier, alert, latest, now, this.rules);
          touched.set(id, hit);
          if (notice) {
            notices.push(
              noticeOf(id, hit, notice, { windowDays: this.windowDays, triggeredBy: alert.id, correlationId }),
            );
          }
        }),
      );
    }
    await tx.saveHits([...touched.values()]);
    await tx.recordNotices(notices);
  }
}

/**
 * The alerts in order, cut before each one that names an identifier an earlier alert of its run
 * named: the alerts of a run can be counted together, and the runs one after the other. Alerts
 * naming their own containers make one run; alerts that all name one ship make one run each.
 */
function runsNamingDifferentIdentifiers(alerts: AlertWithCorrelation[]): AlertWithCorrelation[][] {
  const runs: AlertWithCorrelation[][] = [];
  let named = new Set<string>();
  for (const alert of alerts) {
    const keys = alert.identifiers.map(identifierKey);
    if (runs.length === 0 || keys.some((key) => named.has(key))) {
      runs.push([]);
      named = new Set();
    }
    runs[runs.length - 1].push(alert);
    for (const key of keys) named.add(key);
  }
  return runs;
}

/** The alert and the identifiers it names, for an ALERT naming any; nothing for other messages. */
function toCount({ envelope, correlationId }: DetectHitsCommand): AlertWithCorrelation[] {
  if (envelope.kind !== 'ALERT') return [];
  const body = envelope.body as AlertBody;
  const identifiers = identifiersOf(body.transport);
  if (identifiers.length === 0) return [];
  const alert: SeenAlert = {
    id: envelope.id,
    origin: envelope.origin,
    createdAt: new Date(envelope.createdAt),
    title: body.title ?? null,
  };
  return [{ alert, identifiers, correlationId: correlationId ?? null }];
}
