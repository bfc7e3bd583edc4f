import { Injectable } from '@nestjs/common';
import type { SubscriptionFilter } from '@iren/contracts';
import { toMatchable } from '@iren/filters';
import { countMatches } from './count-matches';
import { RecentAlertsRepository } from './recent-alerts.repository';

/** How far back a preview looks, and how many alerts it weighs at most (the newest). */
export const PREVIEW_DAYS = 30;
export const PREVIEW_MAX_ALERTS = 20_000;

/** What a set of filters would have brought a node over the last {@link PREVIEW_DAYS} days. */
export interface SubscriptionPreview {
  since: string;
  /** Alerts weighed: those a subscription could have brought this node (see RecentAlertsRepository). */
  alerts: number;
  /** Per filter, in the order given, how many of those alerts it matches. */
  filters: { matched: number }[];
  /** How many alerts any filter matches: what the node would have received by subscription. */
  matched: number;
}

@Injectable()
export class SubscriptionPreviewService {
  constructor(private readonly recentAlerts: RecentAlertsRepository) {}

  async preview(nodeId: string, filters: SubscriptionFilter[], now = new Date()): Promise<SubscriptionPreview> {
    const since = new Date(now.getTime() - PREVIEW_DAYS * 24 * 3600 * 1000);
    const alerts = await this.recentAlerts.subscribable(nodeId, since, PREVIEW_MAX_ALERTS);
    const counts = countMatches(filters, alerts.map(toMatchable));
    return {
      since: since.toISOString(),
      alerts: alerts.length,
      filters: counts.perFilter.map((matched) => ({ matched })),
      matched: counts.any,
    };
  }
}
