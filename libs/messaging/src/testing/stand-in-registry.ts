import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  type Envelope,
  eventProducers,
  type ExchangeEvent,
  type ExchangeNames,
  REGISTRY_KEYS,
  type ServiceName,
  signRegistryEntry,
} from '@iren/contracts';
import { createRegistryBucket } from '../registry-bucket';
import { BusSigner } from '../trust/bus-signer';
import type { ServiceSigningKey } from '../trust/service-signing-key';
import { testNodeKey, testServiceKey } from './trust-fixtures';

type StandInService = Extract<ServiceName, 'registry' | 'gateway' | 'router'>;

/** One stand-in per namespace in a test process: the service under test pins the first registry key it sees. */
const standIns = new Map<string, StandInRegistry>();

/**
 * The registry's part of the bus, for tests that run a service without the registry: a registry
 * key published in the bucket as the registry publishes its own, the gateway's and the router's
 * keys, and the keys of whatever nodes the test publishes for. What it publishes on the bus is
 * signed as the real services would sign it, so the service under test believes it.
 */
export class StandInRegistry {
  private readonly keys = new Map<StandInService, ServiceSigningKey>();
  private readonly nodes = new Map<string, ReturnType<typeof testNodeKey>>();

  private constructor(private readonly names: ExchangeNames) {
    for (const service of ['registry', 'gateway', 'router'] as const)
      this.keys.set(service, testServiceKey(service).key);
  }

  /**
   * The namespace's stand-in: the registry bucket made if needed and the services' keys published
   * in it (again, with the same keys, on a later call).
   */
  static async start(nc: NatsConnection, names: ExchangeNames): Promise<StandInRegistry> {
    let registry = standIns.get(names.namespace);
    if (!registry) {
      registry = new StandInRegistry(names);
      standIns.set(names.namespace, registry);
    }
    await createRegistryBucket(nc, names);
    for (const service of registry.keys.keys()) {
      await registry.put(jetstream(nc), REGISTRY_KEYS.services(service), registry.record(service));
    }
    return registry;
  }

  signer(service: StandInService): BusSigner {
    return new BusSigner(this.keys.get(service)!);
  }

  /** Signs as the envelope's origin, whose key is published first if this is its first message. */
  async sign<E extends Envelope<unknown>>(js: JetStreamClient, envelope: E): Promise<E> {
    let key = this.nodes.get(envelope.origin);
    if (!key) {
      key = testNodeKey(envelope.origin);
      this.nodes.set(envelope.origin, key);
      await this.put(js, REGISTRY_KEYS.keys(envelope.origin), key.record);
    }
    return key.sign(envelope);
  }

  /** Publishes an envelope as the gateway would for its origin: signed by the origin, vouched for by the gateway. */
  async publishEnvelope(js: JetStreamClient, envelope: Envelope<unknown>, msgId = envelope.id, correlationId?: string) {
    const signed = await this.sign(js, envelope);
    const subject = this.names.publishSubject(envelope.origin, envelope.kind);
    return this.signer('gateway').publish(js, subject, JSON.stringify(signed), { msgId, correlationId });
  }

  /** Publishes an event as the service that announces its type would. */
  publishEvent(js: JetStreamClient, event: ExchangeEvent, msgId = event.id, correlationId?: string) {
    const producer = eventProducers(event.type)[0] as StandInService;
    const subject = this.names.eventSubject(event.type);
    return this.signer(producer).publish(js, subject, JSON.stringify(event), { msgId, correlationId });
  }

  private record(service: StandInService) {
    const { keyId, publicKeyPem, createdAt } = this.keys.get(service)!;
    return {
      service,
      keys: [{ keyId, algorithm: 'Ed25519', publicKey: publicKeyPem, registeredAt: createdAt.toISOString() }],
    };
  }

  private async put(js: JetStreamClient, key: string, record: unknown): Promise<void> {
    const kv = await new Kvm(js).open(this.names.registryBucket);
    await kv.put(key, JSON.stringify(signRegistryEntry(this.keys.get('registry')!, key, record)));
  }
}
