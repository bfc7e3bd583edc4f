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
  /**
   * The operation's window and all its members, whatever the time; undefined when it does not
   * exist. Only the gateway's check needs it, to tell an officer why a message is refused.
   */
  operation?(operationId: string): OperationState | undefined;
}

/** An operation as the directory sees it now: `running` from `startsAt` (included) to `endsAt` (excluded). */
export interface OperationState {
  startsAt: string;
  endsAt: string;
  running: boolean;
  members: readonly string[];
}

/** One node a message goes to, and why: `addressed:node`, `addressed:country:KZ`, `addressed:group:<id>`, `filter:<index>`. */
export interface Recipient {
  node: string;
  reasons: string[];
}
