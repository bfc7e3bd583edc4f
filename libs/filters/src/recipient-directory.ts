import type { NodeRecord } from '@iren/contracts';

/**
 * What distribution needs to know about the network, as the registry publishes it. The router
 * backs it with its KV mirror; tests back it with plain maps.
 */
export interface RecipientDirectory {
  /** The node, whatever its status; undefined when the registry does not know it. */
  node(id: string): NodeRecord | undefined;
  /** Every node of the country, whatever its status; empty when there is none. */
  nodesOfCountry(country: string): NodeRecord[];
  /** The ids of the group's members; undefined when the group does not exist. */
  groupMembers(groupId: string): string[] | undefined;
  /**
   * The ids of the operation's members; undefined when the operation does not exist. A message
   * naming an operation never goes outside its members (DESIGN section 4), so a directory that
   * cannot answer this keeps such messages from reaching anyone rather than leaking them.
   */
  operationMembers?(operationId: string): string[] | undefined;
}

/** One node a message goes to, and why: `addressed:node`, `addressed:country:KZ`, `addressed:group:<id>`, `filter:<index>`. */
export interface Recipient {
  node: string;
  reasons: string[];
}
