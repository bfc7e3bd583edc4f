import { Injectable } from '@nestjs/common';
import { type IssuedNatsCredential, type NatsCredentialRecord, RPC } from '@iren/contracts';
import { RpcClient } from '../registry/registry-client';

/** NATS credentials of nodes' own systems, issued and revoked by the registry. */
@Injectable()
export class NatsCredentialsService {
  constructor(private readonly rpc: RpcClient) {}

  issue(nodeId: string, cid: string): Promise<IssuedNatsCredential> {
    return this.rpc.call(RPC.issueNatsCredentials, { nodeId }, cid);
  }

  list(nodeId: string, cid: string): Promise<NatsCredentialRecord[]> {
    return this.rpc.call(RPC.listNatsCredentials, { nodeId }, cid);
  }

  revoke(nodeId: string, credentialId: string, cid: string): Promise<NatsCredentialRecord> {
    return this.rpc.call(RPC.revokeNatsCredentials, { nodeId, credentialId }, cid);
  }
}
