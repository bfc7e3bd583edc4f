import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EventOutbox, OutboxRelayHost } from '@iren/messaging';
import { NotFoundError, Transactor } from '@iren/platform';
import { KvMirrorWriter } from '../mirror/kv-mirror-writer';
import { NodesRepository } from '../nodes/nodes.repository';
import { newToken, tokenHash } from './token-secret';
import { TokensRepository } from './tokens.repository';

@Injectable()
export class TokensService {
  constructor(
    private readonly transactor: Transactor,
    private readonly nodes: NodesRepository,
    private readonly tokens: TokensRepository,
    private readonly events: EventOutbox,
    private readonly mirror: KvMirrorWriter,
    private readonly relay: OutboxRelayHost,
  ) {}

  /** Issues a new credential for a node; the token is returned once and never stored. */
  async issue(nodeId: string, correlationId?: string): Promise<{ id: string; token: string }> {
    const token = newToken();
    const id = randomUUID();
    await this.transactor.run(async (m) => {
      if (!(await this.nodes.find(nodeId, m))) throw new NotFoundError(`node ${nodeId}`);
      await this.tokens.insert(m, { id, nodeId, hash: tokenHash(token) });
      await this.events.recordFor(m, 'registry.token.issued', nodeId, { tokenId: id }, correlationId);
    });
    this.relay.notify();
    await this.mirror.syncToken(tokenHash(token));
    return { id, token };
  }

  async revoke(nodeId: string, tokenId: string, correlationId?: string): Promise<void> {
    const hash = await this.transactor.run(async (m) => {
      const token = await this.tokens.findByNode(m, nodeId, tokenId);
      if (!token) throw new NotFoundError(`token ${tokenId} of node ${nodeId}`);
      if (!token.revokedAt) {
        await this.tokens.revoke(m, tokenId);
        await this.events.recordFor(m, 'registry.token.revoked', nodeId, { tokenId }, correlationId);
      }
      return token.hash;
    });
    this.relay.notify();
    await this.mirror.syncToken(hash);
  }
}
