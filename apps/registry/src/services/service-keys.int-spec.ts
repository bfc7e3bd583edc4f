import { RPC, type ServiceKeysRecord, type ServiceName, serviceKeyPattern, signingKeyId, vouch } from '@iren/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import {
  callRpc,
  registerServiceKey,
  type RpcReply,
  SERVICE_SIGNING_KEY,
  type ServiceSigningKey,
} from '@iren/messaging';
import { testServiceKey } from '@iren/messaging/testing';
import { type RegistryHarness, startRegistryHarness } from '../testing/registry-harness';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('registry: services’ signing keys', () => {
  let harness: RegistryHarness;

  beforeAll(async () => {
    harness = await startRegistryHarness('service_keys');
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** Whether the bus these tests run on authenticates (the shared bus of a run may be either). */
  const closedBus = () => harness.nc.info?.auth_required === true;

  /**
   * Registers `key` on `service`'s own subject, with the proof the key signs (or another proof), as
   * that service's user (or over `nc`).
   */
  const register = async (
    service: ServiceName,
    key = testServiceKey('router').key,
    proof?: string,
    nc?: NatsConnection,
  ): Promise<RpcReply<ServiceKeysRecord>> => {
    const subject = harness.names.rpc(serviceKeyPattern(service));
    const pem = new TextEncoder().encode(key.publicKeyPem);
    const signature = proof ?? vouch(key, subject, signingKeyId(service, key.publicKeyPem), pem).signature;
    const connection = nc ?? (await harness.connectAs(service));
    try {
      return await callRpc<ServiceKeysRecord>(
        connection,
        subject,
        RPC.registerServiceKey,
        { publicKey: key.publicKeyPem, proof: signature },
        5000,
      );
    } finally {
      if (!nc) await connection.close();
    }
  };
  const published = (service: 'router' | 'registry') =>
    harness.mirror.waitUntil(() => harness.mirror.serviceKeys(service) !== undefined, 5000);

  it('publishes the registry’s own key, signed with itself, for every app to pin', async () => {
    expect(await published('registry')).toBe(true);
    expect(harness.mirror.serviceKeys('registry')?.keys).toHaveLength(1);
  });

  it('takes a service’s key registered on its own subject, publishes it before answering, and repeats nothing', async () => {
    const { key } = testServiceKey('router');
    const first = await register('router', key);
    expect(first.response?.keys.map((k) => k.keyId)).toEqual([signingKeyId('router', key.publicKeyPem)]);
    expect(harness.mirror.serviceKeys('router')).toEqual(first.response);
    expect((await register('router', key)).response).toEqual(first.response);
  });

  it('refuses a key whose proof its holder did not sign, and a service that registers no key', async () => {
    const { key } = testServiceKey('router');
    const stranger = testServiceKey('router').key;
    const forged = await register('router', key, vouch(stranger, 'x', 'y', new Uint8Array()).signature);
    expect(forged.err).toMatchObject({ status: 400, code: 'INVALID_INPUT' });
    // On the closed bus the audit's user may not even publish there (secured-bus.int-spec).
    if (!closedBus()) expect((await register('audit')).err).toMatchObject({ status: 403 });
  });

  it('keeps the first key of a service on a bus anyone may publish on; believes a new one when the bus authenticates', async () => {
    const second = await register('router');
    if (closedBus()) {
      expect(second.response?.keys).toHaveLength(2);
    } else {
      expect(second.err).toMatchObject({ status: 403, message: expect.stringMatching(/has a key already/) });
      expect(harness.mirror.serviceKeys('router')?.keys).toHaveLength(1);
    }
  });

  it('refuses the operators’ user registering a key: it would sign as any service', async () => {
    const before = harness.mirror.serviceKeys('router')?.keys.length;
    const attempt = register('router', testServiceKey('router').key, undefined, harness.nc);
    if (closedBus()) await expect(attempt).rejects.toThrow();
    else await attempt; // an open bus lets anyone publish there: the first-key rule answers instead
    expect(harness.mirror.serviceKeys('router')?.keys.length).toBe(before);
  });
});

describe('registry: a service restarting while the registry cannot answer', () => {
  let harness: RegistryHarness;

  beforeAll(async () => {
    harness = await startRegistryHarness('service_key_restart');
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('starts with a key the bucket already publishes (an app of a cut-off national site), and waits with a new one', async () => {
    const silent = pino({ level: 'silent' });
    const nc = await harness.connectAs('router');
    try {
      const { key } = testServiceKey('router');
      const first = await registerServiceKey(nc, harness.names, key, silent);
      // The registry's key, as the router pinned it on its first start.
      const { keyId, publicKeyPem } = harness.app.get<ServiceSigningKey>(SERVICE_SIGNING_KEY);
      const pinned = { keyId, publicKey: publicKeyPem };
      // The registry stops answering; its bucket stays, as a site's mirror of it does while cut off.
      await harness.app.close();
      const again = await registerServiceKey(nc, harness.names, key, silent, pinned);
      expect(again.keys.map((k) => k.keyId)).toEqual(first.keys.map((k) => k.keyId));
      // What still waits gives up when its connection closes, below.
      const waiting = async (pending: Promise<unknown>) =>
        Promise.race([
          pending.then(
            () => 'registered',
            () => 'given up',
          ),
          pause(2_000).then(() => 'still waiting'),
        ]);
      // A key the bucket does not publish, or one published under a registry key it was not signed with, waits.
      expect(await waiting(registerServiceKey(nc, harness.names, testServiceKey('router').key, silent, pinned))).toBe(
        'still waiting',
      );
      const impostor = { keyId: 'registry#x', publicKey: testServiceKey('registry').key.publicKeyPem };
      expect(await waiting(registerServiceKey(nc, harness.names, key, silent, impostor))).toBe('still waiting');
    } finally {
      await nc.close();
    }
  }, 30_000);
});
