import type { NodeRecord, TokenRecord } from '@iren/contracts';
import { ForbiddenError, UnauthorizedError } from '@iren/platform';
import { type Principal, roleOfNodeType } from './principal';

/** What authentication reads from the registry copy: tokens by their digest, nodes by id. */
export interface CredentialRegistry {
  token(digest: string): TokenRecord | undefined;
  node(id: string): NodeRecord | undefined;
}

/**
 * The officer or coordinator a node token (given by its hex SHA-256) stands for in `registry`:
 * 401 when the token is unknown or revoked, 403 when its node is not active. The same rule admits
 * a request and keeps a live stream open, so what closes one refuses the other.
 */
export function nodePrincipal(digest: string, registry: CredentialRegistry): Principal {
  const record = registry.token(digest);
  const node = record && !record.revokedAt ? registry.node(record.nodeId) : undefined;
  if (!record || !node) throw new UnauthorizedError('the token is unknown or revoked');
  if (node.status !== 'ACTIVE') throw new ForbiddenError(`node ${node.id} is suspended`);
  return { role: roleOfNodeType(node.type), nodeId: node.id, nodeType: node.type, tokenId: record.id };
}
