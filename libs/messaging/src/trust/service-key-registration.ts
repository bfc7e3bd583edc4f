import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { type ExchangeNames, RPC, type ServiceKeysRecord, serviceKeyPattern, vouch } from '@iren/contracts';
import { callRpc } from '../rpc-call';
import type { ServiceSigningKey } from './service-signing-key';

const REPLY_TIMEOUT_MS = 5000;
const RETRY_MS = 1000;
const WAIT_LOG_EVERY = 10;

/** The registry refused the service's key: the service must not run with a key nobody will believe. */
export class ServiceKeyRefusedError extends Error {
  constructor(service: string, reason: string) {
    super(`the registry refused the signing key of ${service}: ${reason}`);
    this.name = 'ServiceKeyRefusedError';
  }
}

/**
 * Registers the service's public key with the registry, on the service's own subject, and resolves
 * once the registry has published it in its bucket: only then may the service sign, since what it
 * signs is believed only with a key the registry publishes. Waits for a registry that is not up
 * yet; the request carries a signature by the key itself (proof that the caller holds it).
 */
export async function registerServiceKey(
  nc: NatsConnection,
  names: ExchangeNames,
  key: ServiceSigningKey,
  logger: Logger,
): Promise<ServiceKeysRecord> {
  const pattern = serviceKeyPattern(key.service);
  const proof = vouch(key, names.rpc(pattern), key.keyId, new TextEncoder().encode(key.publicKeyPem)).signature;
  for (let attempt = 1; ; attempt++) {
    try {
      const reply = await callRpc<ServiceKeysRecord>(
        nc,
        names.rpc(pattern),
        RPC.registerServiceKey,
        { publicKey: key.publicKeyPem, proof },
        REPLY_TIMEOUT_MS,
      );
      if (reply.response) return reply.response;
      if (reply.err?.status !== undefined && reply.err.status < 500) {
        throw new ServiceKeyRefusedError(key.service, reply.err.message ?? 'no reason given');
      }
    } catch (error) {
      if (error instanceof ServiceKeyRefusedError) throw error;
      if (attempt % WAIT_LOG_EVERY === 1) {
        logger.info({ err: error, keyId: key.keyId }, 'waiting for the registry to register this service’s key');
      }
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
