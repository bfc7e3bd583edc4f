import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  busPermissions,
  ExchangeNames,
  type IssuedNatsCredential,
  type NatsCredentialRecord,
  nodeIdentity,
} from '@iren/contracts';
import { EventOutbox, type NatsAccountAuthority, NatsClients, OutboxRelayHost } from '@iren/messaging';
import { ConflictError, NotFoundError, PLACEMENT, type Placement, Transactor } from '@iren/platform';
import { NodesRepository } from '../nodes/nodes.repository';
import { BusAccountSync, NATS_ACCOUNT_AUTHORITY } from './bus-account-sync';
import { NatsCredentialsRepository } from './nats-credentials.repository';
import { ensureNodeInboxConsumer } from './node-inbox-consumer';

/**
 * NATS users for nodes' own systems that publish and read on the bus themselves. Each may publish
 * only under its node's own subject and read only its node's inbox, through a durable consumer the
 * registry makes for it; revoking one, or suspending its node, takes it off the bus within seconds.
 */
@Injectable()
export class NatsCredentialsService {
  constructor(
    private readonly transactor: Transactor,
    private readonly nodes: NodesRepository,
    private readonly credentials: NatsCredentialsRepository,
    private readonly events: EventOutbox,
    private readonly relay: OutboxRelayHost,
    private readonly account: BusAccountSync,
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    @Inject(NATS_ACCOUNT_AUTHORITY) private readonly authority: NatsAccountAuthority | null,
    @Inject(PLACEMENT) private readonly placement: Placement,
  ) {}

  /** A new user for the node, with its credentials file: shown in this answer and never again. */
  async issue(nodeId: string, correlationId?: string): Promise<IssuedNatsCredential> {
    if (!this.authority) {
      throw new ConflictError(
        'the bus of this network has no authentication (the registry runs without NATS_CREDS_DIR): ' +
          'there are no NATS credentials to issue',
      );
    }
    const node = await this.nodes.find(nodeId);
    if (!node) throw new NotFoundError(`node ${nodeId}`);
    if (node.status !== 'ACTIVE') throw new ConflictError(`node ${nodeId} is suspended`);
    const domain = await ensureNodeInboxConsumer(this.nats, this.names, nodeId, this.placement);
    const id = randomUUID();
    const user = await this.authority.issueUser(`${nodeId} ${id}`, busPermissions(this.names, nodeIdentity(nodeId)));
    const record = await this.transactor.run(async (m) => {
      if ((await this.nodes.lockForUpdate(m, nodeId))?.status !== 'ACTIVE') {
        throw new ConflictError(`node ${nodeId} is suspended`);
      }
      const issuedAt = new Date(user.issuedAt * 1000);
      await this.credentials.insert(m, { id, nodeId, userPublicKey: user.publicKey, issuedAt });
      const data = { credentialId: id, user: user.publicKey };
      await this.events.recordFor(m, 'registry.nats_credentials.issued', nodeId, data, correlationId);
      return (await this.credentials.find(m, nodeId, id))!.toRecord();
    });
    this.relay.notify();
    return {
      ...record,
      creds: user.creds,
      inboxPrefix: this.names.replyPrefix(nodeIdentity(nodeId)),
      publish: this.names.nodePublishPrefix(nodeId),
      inbox: {
        stream: this.names.stream('INBOX'),
        consumer: this.names.nodeInboxConsumer(nodeId),
        subject: this.names.inboxSubject(nodeId),
        domain,
      },
    };
  }

  async list(nodeId: string): Promise<NatsCredentialRecord[]> {
    if (!(await this.nodes.find(nodeId))) throw new NotFoundError(`node ${nodeId}`);
    return (await this.credentials.listOf(nodeId)).map((c) => c.toRecord());
  }

  /** Revokes the user in the account: its open connection is closed and new ones refused. */
  async revoke(nodeId: string, credentialId: string, correlationId?: string): Promise<NatsCredentialRecord> {
    const record = await this.transactor.run(async (m) => {
      const credential = await this.credentials.find(m, nodeId, credentialId);
      if (!credential) throw new NotFoundError(`NATS credential ${credentialId} of node ${nodeId}`);
      if (!credential.revokedAt) {
        await this.credentials.revoke(m, credentialId);
        const data = { credentialId, user: credential.userPublicKey };
        await this.events.recordFor(m, 'registry.nats_credentials.revoked', nodeId, data, correlationId);
      }
      return (await this.credentials.find(m, nodeId, credentialId))!.toRecord();
    });
    this.relay.notify();
    await this.account.sync();
    return record;
  }
}
