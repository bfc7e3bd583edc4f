import type { ExchangeNames } from '@iren/contracts';
import { busMessages } from './bus-messages';
import { asyncApiChannels } from './bus-channels';
import { asyncApiOperations } from './bus-operations';
import { PAYLOAD_SCHEMAS } from './payload.schemas';
import { REGISTRY_RECORD_SCHEMAS } from './registry-record.schemas';

/** What the document cannot know from the names: its version, and where the bus is. */
export interface AsyncApiInfo {
  version: string;
  /** `host:port` of the NATS server (never with credentials). */
  natsHost: string;
}

type Objects = Record<string, Record<string, unknown>>;

/** An AsyncAPI 3.0 document, as plain JSON data. */
export interface AsyncApiDocument {
  asyncapi: '3.0.0';
  id: string;
  info: { title: string; version: string; description: string };
  defaultContentType: string;
  servers: Objects;
  channels: Objects;
  operations: Objects;
  components: { schemas: Objects; messages: Objects; securitySchemes: Objects };
}

const TRUST_MODEL =
  'The bus is a security boundary, not a trusted back room: each service and each node’s own system connects as its own NATS user, whose permissions are compiled from the same channel catalogue as this document, so it may publish and subscribe only as its operations here say (`x-iren-identity`, `x-iren-subjects`). ' +
  'Nothing on the bus is believed for who it claims to be: an envelope carries its origin node’s Ed25519 signature, a delivery or an event the signature of the service that publishes it (`Iren-Signer`, `Iren-Signature`), a registry value the registry’s and a ledger checkpoint the audit key’s, and every consumer that acts on a message checks them and refuses the rest. ' +
  'On a NATS without authentication (a developer machine) none of the permissions hold, and the signatures are all that does.';

// AsyncAPI 3.0 has no scheme for NATS's own decentralised authentication; these say what is used.
const SECURITY_SCHEMES: Objects = {
  natsCredentials: {
    type: 'asymmetricEncryption',
    description:
      'A NATS credentials file (`<identity>.creds`): the user JWT, signed by the IREN account and carrying the user’s permissions, and the user’s NKey seed, with which the client signs the server’s nonce (Ed25519). AsyncAPI 3.0 has no scheme for NATS JWT authentication; this is the nearest, though nothing is encrypted by it: use `tls://` for confidentiality. Services read theirs from `NATS_CREDS_DIR`; a node’s is issued by `POST /api/v1/nodes/{id}/nats-credentials` and revoked when the node is suspended.',
  },
  natsUserPassword: {
    type: 'userPassword',
    description: 'A user and password in `NATS_URL`, for a NATS server configured with users rather than JWTs.',
  },
};

/**
 * The AsyncAPI 3.0 document of one network's bus: every subject, stream, consumer and registry key,
 * who may publish or receive on each and through which NATS subjects, and the schemas of what
 * travels there. Derived from the channel catalogue (`busChannels`) and the permissions it compiles,
 * the names and the stream and consumer settings, so it cannot say other than what the bus does.
 */
export function asyncApiDocument(names: ExchangeNames, info: AsyncApiInfo): AsyncApiDocument {
  return {
    asyncapi: '3.0.0',
    id: `urn:iren:exchange:${names.namespace}`,
    info: { title: 'IREN Exchange bus', version: info.version, description: TRUST_MODEL },
    defaultContentType: 'application/json',
    servers: {
      nats: {
        host: info.natsHost,
        protocol: 'nats',
        description: `NATS with JetStream; every name of this network begins with \`${names.namespace}\`. National sites join as leaf nodes with their own credentials.`,
        security: Object.keys(SECURITY_SCHEMES).map((name) => ({ $ref: `#/components/securitySchemes/${name}` })),
      },
    },
    channels: asyncApiChannels(names),
    operations: asyncApiOperations(names),
    components: {
      schemas: { ...PAYLOAD_SCHEMAS, ...REGISTRY_RECORD_SCHEMAS },
      messages: busMessages(),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
