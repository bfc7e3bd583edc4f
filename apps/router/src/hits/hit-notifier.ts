import { Injectable } from '@nestjs/common';
import { RoutedMessagesRepository } from '../routing/routed-messages.repository';
import { hitDeliveryId, hitEnvelope, type HitNotice } from './hit-message';
import { HitPublisher, type PublishableHit } from './hit-publisher';
import { HitsRepository } from './hits.repository';

/**
 * Sends recorded notices: each to both nodes of its hit, telling each of the other node's alert only
 * as far as it was entitled to see it (the alert's recorded recipients, fixed once routed), then
 * records them published. A notice sent again makes the same HITs with the same ids.
 */
@Injectable()
export class HitNotifier {
  constructor(
    private readonly hits: HitsRepository,
    private readonly routed: RoutedMessagesRepository,
    private readonly publisher: HitPublisher,
  ) {}

  /** Answers how many HITs went out (two per notice). */
  async publish(notices: HitNotice[]): Promise<number> {
    if (notices.length === 0) return 0;
    const recipients = await this.recipientsOf(notices.flatMap((n) => n.alerts.map((a) => a.id)));
    const hits: PublishableHit[] = notices.flatMap((notice) =>
      notice.alerts.map(({ origin: node }) => ({
        deliveryId: hitDeliveryId(notice.hitId, notice.sequence, node),
        envelope: hitEnvelope(notice, node, recipients),
        alertIds: [notice.alerts[0].id, notice.alerts[1].id] as [string, string],
        ...(notice.correlationId !== null && { correlationId: notice.correlationId }),
      })),
    );
    await this.publisher.publish(hits);
    await this.hits.markPublished(notices);
    return hits.length;
  }

  /**
   * Each alert's recorded recipients; none recorded means none entitled, so a HIT redacts it. Read
   * in pages, never one query per alert at once: a first meeting of many nodes makes thousands of
   * notices, and as many queries at once would wait out the pool's connect timeout.
   */
  private async recipientsOf(alertIds: string[]): Promise<Map<string, string[]>> {
    const recorded = await this.routed.recipientsOf(alertIds);
    return new Map(alertIds.map((id) => [id, recorded.get(id) ?? []]));
  }
}
