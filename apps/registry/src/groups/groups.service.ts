import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { GroupRecord } from '@iren/contracts';
import { EventOutbox, OutboxRelayHost } from '@iren/messaging';
import { ConflictError, InvalidInputError, NotFoundError, Transactor } from '@iren/platform';
import { KvMirrorWriter } from '../mirror/kv-mirror-writer';
import { GroupsRepository } from './groups.repository';
import type { CreateGroupRequest } from './groups.requests';

/**
 * Named recipient groups and operations. Every change is committed with its event in one
 * transaction, then mirrored to the KV bucket, where router and gateway read members from.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly transactor: Transactor,
    private readonly groups: GroupsRepository,
    private readonly events: EventOutbox,
    private readonly mirror: KvMirrorWriter,
    private readonly relay: OutboxRelayHost,
  ) {}

  /** Creates a group or operation with its first members (registered nodes only). */
  async create(input: CreateGroupRequest, correlationId?: string): Promise<GroupRecord> {
    const record = await this.transactor.run(async (m) => {
      await this.requireRegistered(m, input.members);
      const inserted = await this.groups.insert(m, {
        id: input.id,
        name: input.name,
        kind: input.kind,
        startsAt: input.startsAt === undefined ? null : new Date(input.startsAt),
        endsAt: input.endsAt === undefined ? null : new Date(input.endsAt),
      });
      if (!inserted) throw new ConflictError(`group ${input.id} already exists`);
      await this.groups.replaceMembers(m, input.id, input.members);
      const created = (await this.groups.find(input.id, m))!;
      const { id, kind, name, startsAt, endsAt, members } = created;
      await this.events.record(m, {
        type: 'registry.group.created',
        nodes: members,
        correlationId,
        data: { group: id, kind, name, ...(startsAt && { startsAt, endsAt }), members },
      });
      return created;
    });
    return this.published(record);
  }

  /** Replaces a group's members whole; the same members again change nothing. */
  async putMembers(id: string, members: string[], correlationId?: string): Promise<GroupRecord> {
    const { record, changed } = await this.transactor.run(async (m) => {
      if (!(await this.groups.lockForUpdate(m, id))) throw new NotFoundError(`group ${id}`);
      await this.requireRegistered(m, members);
      const before = (await this.groups.find(id, m))!;
      const wanted = new Set(members);
      const added = members.filter((node) => !before.members.includes(node)).sort();
      const removed = before.members.filter((node) => !wanted.has(node));
      if (added.length === 0 && removed.length === 0) return { record: before, changed: false };
      await this.groups.replaceMembers(m, id, members);
      const after = (await this.groups.find(id, m))!;
      await this.events.record(m, {
        type: 'registry.group.members.changed',
        nodes: [...new Set([...before.members, ...added])].sort(),
        correlationId,
        data: { group: id, kind: after.kind, members: after.members, added, removed },
      });
      return { record: after, changed: true };
    });
    return changed ? this.published(record) : record;
  }

  list(member?: string): Promise<GroupRecord[]> {
    return this.groups.list(member);
  }

  async get(id: string): Promise<GroupRecord> {
    const group = await this.groups.find(id);
    if (!group) throw new NotFoundError(`group ${id}`);
    return group;
  }

  /** Members must be registered nodes: an unknown one is a 400 naming its position. */
  private async requireRegistered(manager: EntityManager, members: string[]): Promise<void> {
    const registered = await this.groups.registeredNodes(manager, members);
    const fields = members.flatMap((node, i) =>
      registered.has(node)
        ? []
        : [{ field: `members.${i}`, messages: [`members.${i}: node ${node} is not registered`] }],
    );
    if (fields.length > 0) throw new InvalidInputError('members must be registered nodes', fields);
  }

  private async published(record: GroupRecord): Promise<GroupRecord> {
    this.relay.notify();
    await this.mirror.syncGroup(record.id);
    return record;
  }
}
