import { Inject, Injectable } from '@nestjs/common';
import { ExchangeNames } from '@iren/contracts';
import { PLACEMENT, type Placement, servesNode } from '@iren/platform';

/** Where a delivery goes: the subject it is published on, and the one it is vouched for as. */
export interface DeliveryRoute {
  subject: string;
  vouchedAs: string;
}

/**
 * Which recipients this router serves, where it is placed (`IREN_SITES` at the hub, `IREN_SITE` at
 * a national site), so that every delivery is made by exactly one router:
 * - a site's router serves its own country's nodes, and only them: the messages it reads are its
 *   site's, and the hub's router reads them too, through the hub's `EXCHANGE` sourcing the site's;
 * - the hub's router serves every other recipient. A node of a country with a site of its own gets
 *   what it is sent from outside that site through the site's stream at the hub
 *   (`siteInboxSubject`), vouched for as its inbox subject, where the site's relay puts it; what
 *   was published in its own site reaches it from the site's router, even while the link is down.
 * A node's country is the first two letters of its id, as in its publish subject.
 */
@Injectable()
export class RouterPlacement {
  private readonly sites: ReadonlySet<string>;

  constructor(
    @Inject(PLACEMENT) readonly placement: Placement,
    private readonly names: ExchangeNames,
  ) {
    this.sites = new Set(placement.at === 'hub' ? placement.sites : [placement.country]);
  }

  /** The country of this router's site, or undefined at the hub. */
  get site(): string | undefined {
    return this.placement.at === 'site' ? this.placement.country : undefined;
  }

  /**
   * Where this router delivers to `recipient` what `publisher` published (undefined: the network
   * itself, a HIT), or undefined when another router delivers it.
   */
  deliveryTo(recipient: string, publisher?: string): DeliveryRoute | undefined {
    const inbox = this.names.inboxSubject(recipient);
    const country = countryOf(recipient);
    if (this.placement.at === 'site') {
      return country === this.placement.country ? { subject: inbox, vouchedAs: inbox } : undefined;
    }
    if (!this.sites.has(country)) return { subject: inbox, vouchedAs: inbox };
    if (publisher !== undefined && countryOf(publisher) === country) return undefined;
    return { subject: this.names.siteInboxSubject(country, recipient), vouchedAs: inbox };
  }

  /**
   * Whether this router answers for what `node` publishes: records its `message.routed` even when it
   * delivers to nobody. The hub's router does for every node without a site of its own.
   */
  servesPublisher(node: string): boolean {
    return servesNode(this.placement, node);
  }

  /**
   * The `Nats-Msg-Id` of an event this router publishes. A site's events reach the hub's `EVENTS`
   * by sourcing, beside the hub router's own: an id both could give (`<message>:routed`) would be
   * dropped as a duplicate there, and would hold the site's source up for the whole duplicate window.
   */
  eventMsgId(id: string): string {
    return this.placement.at === 'site' ? `${id}@${this.placement.country}` : id;
  }

  /**
   * HITs are found at the hub only, where every site's alerts meet. A site's router also leaves a
   * FEEDBACK on a message it did not route to the hub (the original was sent from outside the site).
   */
  get atHub(): boolean {
    return this.placement.at === 'hub';
  }
}

function countryOf(node: string): string {
  return node.slice(0, 2);
}
