import { Injectable } from '@nestjs/common';
import { type CreateGroupDto, type GroupRecord, RPC } from '@iren/contracts';
import { NotFoundError } from '@iren/platform';
import type { Principal } from '../auth/principal';
import { RpcClient } from '../registry/registry-client';
import { RegistryDirectory } from '@iren/messaging';

/** How long a registry change may take to reach this gateway's mirror before we answer anyway. */
const MIRROR_WAIT_MS = 3000;

/**
 * Groups and operations, kept by the registry service and changed over NATS. After a change the
 * gateway waits until its own mirror has it, so a message addressed to the group right after the
 * answer passes the addressing check. Officers see only the groups their node belongs to.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly directory: RegistryDirectory,
  ) {}

  async create(input: CreateGroupDto, cid: string): Promise<GroupRecord> {
    return this.mirrored(await this.rpc.call<GroupRecord>(RPC.createGroup, input, cid));
  }

  async putMembers(id: string, members: string[], cid: string): Promise<GroupRecord> {
    return this.mirrored(await this.rpc.call<GroupRecord>(RPC.putGroupMembers, { id, members }, cid));
  }

  list(principal: Principal, cid: string): Promise<GroupRecord[]> {
    const member = principal.role === 'officer' ? principal.nodeId : undefined;
    return this.rpc.call(RPC.listGroups, member === undefined ? {} : { member }, cid);
  }

  async get(principal: Principal, id: string, cid: string): Promise<GroupRecord> {
    const group = await this.rpc.call<GroupRecord>(RPC.getGroup, { id }, cid);
    // A group the officer's node is not in answers like a missing one.
    if (principal.role === 'officer' && !group.members.includes(principal.nodeId!)) {
      throw new NotFoundError(`group ${id}`);
    }
    return group;
  }

  private async mirrored(group: GroupRecord): Promise<GroupRecord> {
    const registry = this.directory.registry;
    await registry.waitUntil(() => (registry.groups.get(group.id)?.updatedAt ?? '') >= group.updatedAt, MIRROR_WAIT_MS);
    return group;
  }
}
