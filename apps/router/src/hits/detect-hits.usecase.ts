import { Inject, Injectable } from '@nestjs/common';
import type { AlertBody, Envelope } from '@iren/contracts';
import { RoutedMessagesRepository } from '../routing/routed-messages.repository';
import { hitDeliveryId, hitEnvelope, orderPair, type IndexedAlert } from './hit-message';
import { HitPublisher, type PublishableHit } from './hit-publisher';
import { HIT_WINDOW_DAYS } from './hit-settings';
import { type AlertToIndex, HitsRepository, type HitToRecord } from './hits.repository';
import { identifiersOf } from './identifiers';

export interface DetectHitsCommand {
  /** A message the router has just routed (its recipients are recorded). */
  envelope: Envelope<unknown>;
  correlationId?: string;
}

/**
 * Correlation hits: indexes the container numbers, air waybills, bills of lading and IMO numbers of
 * a routed ALERT and, for every alert of another origin that named one of them within the window,
 * sends each of the two origins one HIT per shared identifier, telling it of the other alert only
 * as far as it was entitled to see it. Idempotent: a redelivery re-sends the recorded HITs, which
 * JetStream and the gateway drop as repeats. Answers how many HITs stand for this alert.
 */
@Injectable()
export class DetectHits {
  constructor(
    private readonly hits: HitsRepository,
    private readonly routed: RoutedMessagesRepository,
    private readonly publisher: HitPublisher,
    @Inject(HIT_WINDOW_DAYS) private readonly windowDays: number,
  ) {}

  async execute({ envelope, correlationId }: DetectHitsCommand): Promise<number> {
    if (envelope.kind !== 'ALERT') return 0;
    const body = envelope.body as AlertBody;
    const identifiers = identifiersOf(body.transport);
    if (identifiers.length === 0) return 0;
    const self: AlertToIndex = {
      id: envelope.id,
      origin: envelope.origin,
      createdAt: new Date(envelope.createdAt),
      title: body.title ?? null,
    };
    const matches = await this.hits.indexAndMatch(self, identifiers, this.windowDays);
    if (matches.length === 0) return 0;
    const now = new Date();
    const toRecord: HitToRecord[] = [];
    const toPublish = new Map<string, PublishableHit>();
    const indexed = new Map<string, IndexedAlert>([[self.id, await this.withRecipients(self)]]);
    for (const { identifier, alert } of matches) {
      if (!indexed.has(alert.id)) indexed.set(alert.id, await this.withRecipients(alert));
      const pair = orderPair(indexed.get(self.id)!, indexed.get(alert.id)!);
      for (const node of [pair[0].origin, pair[1].origin]) {
        const hit = hitEnvelope({ pair, identifier, node, windowDays: this.windowDays, now });
        const deliveryId = hitDeliveryId(pair, identifier, node);
        const alertIds: [string, string] = [pair[0].id, pair[1].id];
        toRecord.push({
          alertA: pair[0].id,
          alertB: pair[1].id,
          identifierType: identifier.type,
          identifierValue: identifier.value,
          node,
          envelope: hit,
        });
        toPublish.set(hit.id, { deliveryId, envelope: hit, alertIds });
      }
    }
    // Publish what stands: an earlier copy of a HIT, made by a redelivery or another instance, wins.
    const stored = await this.hits.recordOnce(toRecord);
    await this.publisher.publish(
      stored.map((envelope) => ({ ...toPublish.get(envelope.id)!, envelope })),
      correlationId,
    );
    return stored.length;
  }

  /** The alert with its recorded recipients; none recorded means none entitled, so the HIT redacts it. */
  private async withRecipients(alert: AlertToIndex): Promise<IndexedAlert> {
    const decision = await this.routed.find(alert.id);
    return { ...alert, recipients: (decision?.recipients ?? []).map((r) => r.node) };
  }
}
