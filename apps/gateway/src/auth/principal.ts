import type { NodeType } from '@iren/contracts';

export type Role = 'admin' | 'officer' | 'coordinator';

/** Who is calling: the admin, or the officer or coordinator of one node. */
export interface Principal {
  role: Role;
  /** The caller's node; absent for the admin. */
  nodeId?: string;
  nodeType?: NodeType;
  tokenId?: string;
}

export function roleOfNodeType(type: NodeType): Role {
  return type === 'COORD' ? 'coordinator' : 'officer';
}

/** True when the principal may act for `nodeId`: the admin, or that node's own officer. */
export function actsFor(principal: Principal, nodeId: string): boolean {
  return principal.role === 'admin' || (principal.role === 'officer' && principal.nodeId === nodeId);
}
