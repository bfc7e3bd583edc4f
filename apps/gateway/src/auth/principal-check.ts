import type { NodeRecord, TokenRecord } from '@iren/contracts';
import { ForbiddenError, type Placement, servesNode, UnauthorizedError } from '@iren/platform';
import { type Principal, roleOfNodeType } from './principal';

/** What authentication reads from the registry copy: tokens by their digest, nodes by id. */
export interface CredentialRegistry {
  token(digest: string): TokenRecord | undefined;
  node(id: string): NodeRecord | undefined;
}

/**
 * The officer or coordinator a node token (given by its hex SHA-256) stands for in `registry`:
 * 401 when the token is unknown or revoked, 403 when its node is not active, or is served by
 * another gateway than this one (`placement`: a national site's nodes by their site's, the others
 * by the hub's; their inboxes are there, and what they publish elsewhere would reach their site's
 * nodes twice or never). The same rule admits a request and keeps a live stream open, so what
 * closes one refuses the other.
 */
export function nodePrincipal(
  digest: string,
  registry: CredentialRegistry,
  placement: Placement = { at: 'hub', sites: [] },
): Principal {
  const record = registry.token(digest);
  const node = record && !record.revokedAt ? registry.node(record.nodeId) : undefined;
  if (!record || !node) throw new UnauthorizedError('the token is unknown or revoked');
  if (node.status !== 'ACTIVE') throw new ForbiddenError(`node ${node.id} is suspended`);
  if (!servesNode(placement, node.id)) throw new ForbiddenError(elsewhere(node.id, placement));
  return { role: roleOfNodeType(node.type), nodeId: node.id, nodeType: node.type, tokenId: record.id };
}

function elsewhere(node: string, placement: Placement): string {
  return placement.at === 'hub'
    ? `node ${node} is served by the gateway of its national site, ${node.slice(0, 2)}, not the hub's`
    : `node ${node} is served by the hub's gateway (or its own national site's), not that of the national site ${placement.country}`;
}
