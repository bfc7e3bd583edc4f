import { Injectable } from '@nestjs/common';
import { createPublicKey } from 'node:crypto';
import { type ServiceKeysRecord, type ServiceName, signingKeyId, voucherVerifies } from '@iren/contracts';
import { EventOutbox, NatsClients, OutboxRelayHost } from '@iren/messaging';
import { ForbiddenError, InvalidInputError, Transactor } from '@iren/platform';
import { KvMirrorWriter } from '../mirror/kv-mirror-writer';
import { ServiceKeysRepository } from './service-keys.repository';

/** What a service sends to register its key: the key, and its signature over its own registration. */
export interface ServiceKeyRegistration {
  service: ServiceName;
  publicKey: string;
  proof: string;
  /** The subject the registration arrived on: the proof covers it. */
  subject: string;
}

/**
 * The services' public signing keys, which the registry publishes so that consumers can tell the
 * router's deliveries and each service's events from forgeries. A service registers on its own
 * subject; on a bus with permissions only that service can publish there, so any key it brings is
 * its own. On a bus without authentication anyone could, so only a service's first key is taken
 * (trust on first use) and a later one is refused until an operator removes the old one.
 */
@Injectable()
export class ServiceKeysService {
  constructor(
    private readonly transactor: Transactor,
    private readonly keys: ServiceKeysRepository,
    private readonly events: EventOutbox,
    private readonly mirror: KvMirrorWriter,
    private readonly relay: OutboxRelayHost,
    private readonly nats: NatsClients,
  ) {}

  async register(registration: ServiceKeyRegistration, correlationId?: string): Promise<ServiceKeysRecord> {
    const { service, publicKey, proof, subject } = registration;
    const keyId = keyIdOf(service, publicKey);
    const pem = new TextEncoder().encode(publicKey);
    if (!voucherVerifies({ keyId, signature: proof }, publicKey, subject, keyId, pem)) {
      throw new InvalidInputError('proof does not verify with publicKey', [
        { field: 'proof', messages: ['proof must be the key’s own signature over its registration'] },
      ]);
    }
    const added = await this.transactor.run(async (m) => {
      await this.keys.lockService(m, service);
      if (await this.keys.find(keyId, m)) return false;
      if ((await this.keys.any(service, m)) && !this.busAuthenticated()) {
        throw new ForbiddenError(
          `${service} has a key already, and on a bus without authentication another one is not believed; ` +
            `an operator removes the old one from registry.service_keys to accept it`,
        );
      }
      await this.keys.insert(m, { keyId, service, publicKey });
      await this.events.record(m, {
        type: 'registry.service_key.registered',
        nodes: [],
        correlationId,
        data: { service, keyId },
      });
      return true;
    });
    if (added) this.relay.notify();
    // Published before answering: the service signs only once its key can be looked up.
    await this.mirror.syncServiceKeys(service);
    return this.keys.recordOf(service);
  }

  /** Whether the NATS server makes every client log in (then a service's subject is the service's own). */
  private busAuthenticated(): boolean {
    return this.nats.nc.info?.auth_required === true;
  }
}

function keyIdOf(service: ServiceName, publicKey: string): string {
  try {
    if (createPublicKey(publicKey).asymmetricKeyType === 'ed25519') return signingKeyId(service, publicKey);
  } catch {
    // Not PEM at all: answered below like a key of another algorithm.
  }
  const message = 'publicKey should be an Ed25519 public key in PEM';
  throw new InvalidInputError(message, [{ field: 'publicKey', messages: [message] }]);
}
