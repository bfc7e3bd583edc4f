import type { ExchangeNames, StreamName } from '../names';
import { busChannels } from './channels';
import type { ServiceName } from './identities';
import { type BusPermissions, HUB_JETSTREAM_DOMAIN, nodeConsumerGrants, siteJetStreamDomain } from './permissions';

/** The streams a national site keeps and the hub's stream of the same name sources across the leaf link. */
export const SOURCED_FROM_SITES: readonly StreamName[] = ['EXCHANGE', 'EVENTS'];

/** The apps a national site runs; they call the hub's registry and audit service across the link. */
export const SITE_APPS: readonly ServiceName[] = ['gateway', 'router'];

/** The hub's services a site's apps reach over core NATS (request/reply, checkpoints). */
const HUB_SERVICES: readonly ServiceName[] = ['registry', 'audit'];

/**
 * What a national site's leaf connection may carry into the hub's account (`publish`) and out of
 * it (`subscribe`); the hub checks this for the whole link, so a site server that is misconfigured
 * or taken over still cannot publish as a node into the hub's streams or read another site's.
 *
 * - JetStream across the link: the hub sources the site's EXCHANGE and EVENTS (it creates their
 *   consumers at the site through `$JS.<domain>.API`, the site delivers on `<linkPrefix>.S.>`),
 *   and the site sources the hub's `siteStream(CC)` and mirrors the registry bucket (it creates
 *   their consumers at the hub through `$JS.hub.API`; the hub delivers on `<linkPrefix>.S.>` and
 *   `<linkPrefix>.M.>`); each side answers the other's create requests (`$JSC.R.>`) and flow
 *   control (`$JS.FC.<stream>.>`: on 2.9.10 a backlog past about 2 MiB stalls without it).
 *   Checked one by one on 2.9.10 by libs/messaging/src/bus-auth/site-leaf.int-spec.ts.
 * - Core NATS: the requests the site's gateway and router make to the hub's registry and audit
 *   service, their replies, and the audit's checkpoints the site's gateway watches.
 * - The registry making the inbox consumers of the site's nodes in the site's INBOX (when it
 *   issues a node's NATS credentials), and the site's answers to it.
 *
 * Not `<ns>.pub.>` nor `<ns>.events.>`: a site's messages reach the hub's streams only by
 * sourcing, once, or they would also land there directly. The nodes' own systems use the site's
 * JetStream; nothing of theirs crosses the link.
 */
export function sitePermissions(names: ExchangeNames, country: string): BusPermissions {
  const domain = siteJetStreamDomain(country);
  const link = names.linkPrefix(country);
  const hubStreams = [names.siteStream(country), names.registryBucketStream];
  const siteStreams = SOURCED_FROM_SITES.map((stream) => names.stream(stream));
  const consumerCreate = (api: string, stream: string) => [
    // What 2.9.10 sends for a source's or a mirror's consumer (without it nothing crosses).
    `${api}.CONSUMER.CREATE.${stream}`,
    // The extended form (consumer name, filter subject appended), which later servers may use; unused by 2.9.10.
    `${api}.CONSUMER.CREATE.${stream}.>`,
  ];
  const publish = new Set<string>([
    ...hubStreams.flatMap((stream) => consumerCreate(`$JS.${HUB_JETSTREAM_DOMAIN}.API`, stream)),
    ...hubStreams.map((stream) => `$JS.FC.${stream}.>`),
    '$JSC.R.>',
    `${link}.S.>`,
  ]);
  const subscribe = new Set<string>([
    ...siteStreams.flatMap((stream) => consumerCreate(`$JS.${domain}.API`, stream)),
    ...siteStreams.map((stream) => `$JS.FC.${stream}.>`),
    '$JSC.R.>',
    `${link}.S.>`,
    `${link}.M.>`,
  ]);
  const calls = hubCalls(names);
  calls.requests.forEach((subject) => publish.add(subject));
  calls.received.forEach((subject) => subscribe.add(subject));
  // The registry makes the inbox consumers of the site's nodes at the site, and hears the answers.
  nodeConsumerGrants(`$JS.${domain}.API`, names.stream('INBOX')).forEach((subject) => subscribe.add(subject));
  publish.add(`${names.replyPrefix({ kind: 'service', service: 'registry' })}.>`);
  return { publish: [...publish].sort(), subscribe: [...subscribe].sort(), allowResponses: false };
}

/**
 * From the channel catalogue: the requests a site's apps send to the hub's services, the replies
 * they receive (under their own reply prefixes), and what the hub's services publish to them on
 * core NATS (the checkpoints).
 */
function hubCalls(names: ExchangeNames): { requests: string[]; received: string[] } {
  const requests = new Set<string>();
  const received = new Set<string>();
  for (const channel of busChannels(names)) {
    if (channel.stream !== undefined) continue;
    const servedAtHub = HUB_SERVICES.some((service) => channel.receivers[service]?.via === 'subscription');
    const sentAtHub = HUB_SERVICES.some((service) => channel.senders[service] !== undefined);
    for (const app of SITE_APPS) {
      if (channel.reply !== undefined && servedAtHub) {
        const sent = channel.senders[app]?.('') ?? [];
        sent.forEach((subject) => requests.add(subject));
        if (sent.length > 0) received.add(`${names.replyPrefix({ kind: 'service', service: app })}.>`);
      }
      const reception = channel.receivers[app];
      if (channel.reply === undefined && sentAtHub && reception?.via === 'subscription')
        received.add(reception.subject);
    }
  }
  return { requests: [...requests], received: [...received] };
}
