import { newSigningKeyPair, RPC, serviceKeyPattern } from '@iren/contracts';
import { describeRpcFuzz } from '@iren/messaging/testing';
import { GroupsController } from './groups/groups.controller';
import { GroupsService } from './groups/groups.service';
import { NodeKeysController } from './keys/node-keys.controller';
import { NodeKeysService } from './keys/node-keys.service';
import { NatsCredentialsController } from './nats-credentials/nats-credentials.controller';
import { NatsCredentialsService } from './nats-credentials/nats-credentials.service';
import { NodesController } from './nodes/nodes.controller';
import { NodesService } from './nodes/nodes.service';
import { ServiceKeysController } from './services/service-keys.controller';
import { ServiceKeysService } from './services/service-keys.service';
import { SubscriptionsController } from './subscriptions/subscriptions.controller';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { TokensController } from './tokens/tokens.controller';
import { TokensService } from './tokens/tokens.service';

const NODE = 'KZ-PCU-AKTAU';
const UUID = '5e0f1c2a-8d4b-4f6e-a1c3-2b9d7e6f5a40';
const PEM = newSigningKeyPair().publicKeyPem;

// Every request/reply handler of the registry in one suite: one Nest microservice serves them all.
describeRpcFuzz({
  app: 'registry',
  controllers: [
    GroupsController,
    NodeKeysController,
    NatsCredentialsController,
    NodesController,
    ServiceKeysController,
    SubscriptionsController,
    TokensController,
  ],
  services: [
    [GroupsService, ['create', 'putMembers', 'list', 'get']],
    [NodeKeysService, ['register']],
    [NatsCredentialsService, ['issue', 'list', 'revoke']],
    [NodesService, ['register', 'list', 'get', 'setStatus']],
    [ServiceKeysService, ['register']],
    [SubscriptionsService, ['replace', 'get']],
    [TokensService, ['issue', 'revoke']],
  ],
  requests: [
    [
      RPC.registerNode,
      {
        id: NODE,
        type: 'PCU',
        country: 'KZ',
        name: 'Aktau seaport PCU',
        locodes: ['KZAAU'],
        contact: { email: 'pcu.aktau@example.kz', phone: '+77292000000' },
      },
    ],
    [RPC.listNodes, {}],
    [RPC.getNode, { id: NODE }],
    [RPC.setNodeStatus, { id: NODE, status: 'SUSPENDED' }],
    [
      RPC.putSubscription,
      { nodeId: NODE, filters: [{ locodes: ['KZAAU'], categories: ['IPR'], minRiskLevel: 'MEDIUM' }] },
    ],
    [RPC.getSubscription, { nodeId: NODE }],
    [RPC.issueToken, { nodeId: NODE }],
    [RPC.revokeToken, { nodeId: NODE, tokenId: UUID }],
    [RPC.createGroup, { id: 'OP-SILK-2026', name: 'Silk', kind: 'GROUP', members: [NODE] }],
    [RPC.putGroupMembers, { id: 'OP-SILK-2026', members: [NODE] }],
    [RPC.listGroups, { member: NODE }],
    [RPC.getGroup, { id: 'OP-SILK-2026' }],
    [RPC.registerKey, { nodeId: NODE, publicKey: PEM, holder: 'node' }],
    [RPC.registerServiceKey, { publicKey: PEM, proof: 'AAAA' }],
    [RPC.issueNatsCredentials, { nodeId: NODE }],
    [RPC.listNatsCredentials, { nodeId: NODE }],
    [RPC.revokeNatsCredentials, { nodeId: NODE, credentialId: UUID }],
  ],
  // A service registering its own key asks on its own subject, with no signature: its proof vouches for it.
  subjects: { [RPC.registerServiceKey]: serviceKeyPattern('gateway') },
  unsigned: [RPC.registerServiceKey],
  cases: 1_500,
});
