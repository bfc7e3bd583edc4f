import { Inject, Injectable } from '@nestjs/common';
import type { AlertBody, Envelope, HitIdentifier } from '@iren/contracts';
import { hitAfterAlert, type HitRules, type HitState, orderNodes, type SeenAlert } from './hit-decision';
import { HitIds } from './hit-ids';
import { type HitNotice, noticeOf } from './hit-message';
import { HitNotifier } from './hit-notifier';
import { HIT_CLOCK, HIT_DIGEST_SECONDS, HIT_WINDOW_DAYS } from './hit-settings';
import { type HitKey, HitsRepository, type HitsTransaction } from './hits.repository';
import { identifiersOf } from './identifiers';

export interface DetectHitsCommand {
  /** A message the router has just routed (its recipients are recorded). */
  envelope: Envelope<unknown>;
  correlationId?: string;
}

interface AlertToCount {
  alert: SeenAlert;
  identifiers: HitIdentifier[];
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

  private async count(tx: HitsTransaction, alerts: AlertToCount[]): Promise<void> {
    const now = this.now();
    const touched = new Map<string, HitState>();
    const notices: HitNotice[] = [];
    for (const { alert, identifiers, correlationId } of alerts) {
      const sightings = await tx.count(alert, identifiers, this.windowDays);
      const keys = sightings.map((s): HitKey => ({
        identifier: s.identifier,
        nodes: orderNodes(alert.origin, s.latest.origin),
      }));
      const ids = keys.map((k) => this.ids.of(k.identifier, k.nodes));
      for (const hit of await tx.hits(keys.filter((_, i) => !touched.has(ids[i])))) {
        touched.set(this.ids.of(hit.identifier, [hit.sides[0].node, hit.sides[1].node]), hit);
      }
      sightings.forEach(({ identifier, latest }, i) => {
        const { hit, notice } = hitAfterAlert(touched.get(ids[i]) ?? null, identifier, alert, latest, now, this.rules);
        touched.set(ids[i], hit);
        if (notice) {
          notices.push(
            noticeOf(ids[i], hit, notice, { windowDays: this.windowDays, triggeredBy: alert.id, correlationId }),
          );
        }
      });
    }
    await tx.saveHits([...touched.values()]);
    await tx.recordNotices(notices);
  }
}

/** The alert and the identifiers it names, for an ALERT naming any; nothing for other messages. */
function toCount({ envelope, correlationId }: DetectHitsCommand): AlertToCount[] {
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
