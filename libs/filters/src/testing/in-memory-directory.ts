// A mutable directory over plain maps with its own clock, behaving as the router's KV mirror does
// (groups answer only as groups, operations only while they run); not part of the lib's face.
import { operationRunsAt, type GroupRecord, type NodeRecord } from '@iren/contracts';
import type { OperationState, RecipientDirectory } from '../recipient-directory';

export class InMemoryDirectory implements RecipientDirectory {
  readonly nodes = new Map<string, NodeRecord>();
  readonly groups = new Map<string, GroupRecord>();

  constructor(public now: Date) {}

  node(id: string): NodeRecord | undefined {
    return this.nodes.get(id);
  }

  nodesOfCountry(country: string): NodeRecord[] {
    return [...this.nodes.values()].filter((node) => node.country === country);
  }

  groupMembers(groupId: string): string[] | undefined {
    const group = this.groups.get(groupId);
    return group?.kind === 'GROUP' ? group.members : undefined;
  }

  operationMembers(operationId: string): string[] | undefined {
    const operation = this.operation(operationId);
    return operation && (operation.running ? [...operation.members] : []);
  }

  operation(operationId: string): OperationState | undefined {
    const group = this.groups.get(operationId);
    if (group?.kind !== 'OPERATION' || !group.startsAt || !group.endsAt) return undefined;
    const { startsAt, endsAt, members } = group;
    return { startsAt, endsAt, members, running: operationRunsAt(group, this.now) };
  }
}
