import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { type NodeKeyRecord, type NodeRecord, type NodeStatus, type RegisterNodeDto, RPC } from '@iren/contracts';
import { ROOT_LOGGER } from '@iren/platform';
import { tokenDigest } from '../auth/token-digest';
import { RpcClient } from '../registry/registry-client';
import { NodeSigningService } from '../signing/node-signing.service';
import { RegistryDirectory } from '@iren/messaging';
import { type NodeView, withPlaces } from './node.view';

/** How long a registry change may take to reach this gateway's mirror before we answer anyway. */
const MIRROR_WAIT_MS = 3000;

/**
 * The members' register, changed by the registry service over NATS. After a change the gateway
 * waits for it to arrive in its own mirror, so a token it hands out works on the very next request.
 */
@Injectable()
export class NodesService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly directory: RegistryDirectory,
    private readonly signing: NodeSigningService,
    @Inject(ROOT_LOGGER) private readonly logger: Logger,
  ) {}

  async register(input: RegisterNodeDto, cid: string): Promise<{ node: NodeRecord; token: string }> {
    const created = await this.rpc.call<{ node: NodeRecord; token: string }>(RPC.registerNode, input, cid);
    await this.tokenMirrored(created.token, true);
    // The node exists now whatever happens to its key: one that did not get its first key here
    // gets it when it first publishes, so a failure is logged, not answered.
    await this.signing.rotate(created.node.id, cid).catch((error: unknown) => {
      this.logger.warn({ err: error, nodeId: created.node.id }, 'first signing key not made; made at first message');
    });
    return created;
  }

  /** Every node with its signing keys' public parts and its ports' names. */
  async list(cid: string): Promise<NodeView[]> {
    const nodes = await this.rpc.call<(NodeRecord & { keys: NodeKeyRecord[] })[]>(RPC.listNodes, {}, cid);
    return nodes.map(withPlaces);
  }

  /** The node with its signing keys' public parts and its ports' names. */
  async get(id: string, cid: string): Promise<NodeView> {
    return withPlaces(await this.rpc.call<NodeRecord & { keys: NodeKeyRecord[] }>(RPC.getNode, { id }, cid));
  }

  async setStatus(id: string, status: NodeStatus, cid: string): Promise<NodeRecord> {
    const node = await this.rpc.call<NodeRecord>(RPC.setNodeStatus, { id, status }, cid);
    await this.directory.registry.waitUntil(() => this.directory.registry.node(id)?.status === status, MIRROR_WAIT_MS);
    return node;
  }

  async issueToken(nodeId: string, cid: string): Promise<{ id: string; token: string }> {
    const issued = await this.rpc.call<{ id: string; token: string }>(RPC.issueToken, { nodeId }, cid);
    await this.tokenMirrored(issued.token, true);
    return issued;
  }

  async revokeToken(nodeId: string, tokenId: string, cid: string): Promise<void> {
    await this.rpc.call(RPC.revokeToken, { nodeId, tokenId }, cid);
    const registry = this.directory.registry;
    await registry.waitUntil(() => ![...registry.tokens.values()].some((t) => t.id === tokenId), MIRROR_WAIT_MS);
  }

  private async tokenMirrored(token: string, present: boolean): Promise<void> {
    const hash = tokenDigest(token).toString('hex');
    const registry = this.directory.registry;
    await registry.waitUntil(() => (registry.token(hash) !== undefined) === present, MIRROR_WAIT_MS);
  }
}
