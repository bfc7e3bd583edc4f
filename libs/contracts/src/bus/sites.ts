import type { ExchangeNames } from '../names';
import { nodeIdentity } from './identities';
import { busPermissions, type BusPermissions } from './permissions';

const COUNTRY = /^[A-Z]{2}$/;

/**
 * What a national site's leaf connection may carry to and from the hub: exactly what its nodes'
 * own users may do (publish as those nodes, pull from and ack their inbox consumers, receive
 * their replies), and nothing more. The hub checks this for the whole link, so a site server that
 * is misconfigured or taken over still cannot speak for, or read for, a node of another country.
 */
export function sitePermissions(names: ExchangeNames, country: string, nodes: readonly string[]): BusPermissions {
  if (!COUNTRY.test(country)) throw new Error(`site country "${country}" must be an ISO 3166-1 alpha-2 code`);
  if (nodes.length === 0) throw new Error(`site ${country} needs at least one node`);
  const foreign = nodes.filter((node) => !node.startsWith(`${country}-`));
  if (foreign.length > 0)
    throw new Error(`site ${country} cannot carry nodes of another country: ${foreign.join(', ')}`);
  const publish = new Set<string>();
  const subscribe = new Set<string>();
  for (const node of nodes) {
    const own = busPermissions(names, nodeIdentity(node));
    own.publish.forEach((subject) => publish.add(subject));
    own.subscribe.forEach((subject) => subscribe.add(subject));
  }
  return { publish: [...publish].sort(), subscribe: [...subscribe].sort(), allowResponses: false };
}
