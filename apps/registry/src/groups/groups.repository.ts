import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { GroupKind, GroupRecord } from '@iren/contracts';
import { NodeEntity } from '../nodes/node.entity';
import { GroupMemberEntity } from './group-member.entity';
import { GroupEntity } from './group.entity';

/** A new group's own fields; its members are set apart (`replaceMembers`). */
export interface NewGroup {
  id: string;
  name: string;
  kind: GroupKind;
  startsAt: Date | null;
  endsAt: Date | null;
}

/** Groups, operations and their members, read back as the records the registry publishes. */
@Injectable()
export class GroupsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<GroupRecord | undefined> {
    const group = await manager.findOneBy(GroupEntity, { id });
    if (!group) return undefined;
    return group.toRecord((await this.membersOf(manager, [id])).get(id) ?? []);
  }

  /** Every group, by id; with `member`, only those that node belongs to. */
  async list(member?: string): Promise<GroupRecord[]> {
    const manager = this.dataSource.manager;
    const ids =
      member === undefined
        ? undefined
        : (await manager.findBy(GroupMemberEntity, { nodeId: member })).map((row) => row.groupId);
    const groups = await manager.find(GroupEntity, {
      where: ids === undefined ? {} : { id: In(ids) },
      order: { id: 'ASC' },
    });
    const members = await this.membersOf(
      manager,
      groups.map((g) => g.id),
    );
    return groups.map((group) => group.toRecord(members.get(group.id) ?? []));
  }

  /** Inserts a group without members; false when the id is taken (the caller answers 409). */
  async insert(manager: EntityManager, group: NewGroup): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(GroupEntity)
      .values(group)
      .orIgnore()
      .returning('id')
      .execute();
    return result.raw.length > 0;
  }

  lockForUpdate(manager: EntityManager, id: string): Promise<GroupEntity | null> {
    return manager.findOne(GroupEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Replaces the group's members whole and marks the group updated. */
  async replaceMembers(manager: EntityManager, id: string, members: string[]): Promise<void> {
    await manager.delete(GroupMemberEntity, { groupId: id });
    if (members.length > 0) {
      await manager.insert(
        GroupMemberEntity,
        members.map((nodeId) => ({ groupId: id, nodeId })),
      );
    }
    await manager.update(GroupEntity, { id }, { updatedAt: () => 'now()' });
  }

  /** The subset of `ids` that are registered nodes. */
  async registeredNodes(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const found = await manager.find(NodeEntity, { select: { id: true }, where: { id: In(ids) } });
    return new Set(found.map((node) => node.id));
  }

  /** Group id → its member node ids in code-point order (not the database's collation), for the groups asked about. */
  private async membersOf(manager: EntityManager, groupIds: string[]): Promise<Map<string, string[]>> {
    const byGroup = new Map<string, string[]>();
    if (groupIds.length === 0) return byGroup;
    for (const row of await manager.findBy(GroupMemberEntity, { groupId: In(groupIds) })) {
      const members = byGroup.get(row.groupId);
      if (members === undefined) byGroup.set(row.groupId, [row.nodeId]);
      else members.push(row.nodeId);
    }
    for (const members of byGroup.values()) members.sort();
    return byGroup;
  }
}
