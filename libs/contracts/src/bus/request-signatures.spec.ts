import { randomUUID } from 'node:crypto';
import type { ServiceKeysRecord } from '../registry-records';
import { newSigningKeyPair, privateKeyOf, signingKeyId } from '../signatures';
import type { ServiceName } from './identities';
import { REQUEST_MAX_AGE_MS, requestCaller, signedRequestHeaders } from './request-signatures';

function serviceKey(service: ServiceName) {
  const { publicKeyPem, privateKeyPem } = newSigningKeyPair();
  const keyId = signingKeyId(service, publicKeyPem);
  const record: ServiceKeysRecord = {
    service,
    keys: [{ keyId, algorithm: 'Ed25519', publicKey: publicKeyPem, registeredAt: '2026-01-01T00:00:00.000Z' }],
  };
  return { key: { keyId, privateKey: privateKeyOf(privateKeyPem) }, record };
}

const gateway = serviceKey('gateway');
const router = serviceKey('router');
const directory = { serviceKeys: (s: ServiceName) => [gateway.record, router.record].find((r) => r.service === s) };
const SUBJECT = 'iren.rpc.registry.tokens.issue';

const request = (headers: Record<string, string>, data: unknown = { nodeId: 'UZ-COORD-ROCA' }, subject = SUBJECT) => ({
  subject,
  data,
  header: (name: string) => headers[name],
});

describe(requestCaller.name, () => {
  const data = { nodeId: 'UZ-COORD-ROCA', note: undefined };

  it('names the caller that signed the request for this subject, within the last two minutes', () => {
    const headers = signedRequestHeaders(gateway.key, SUBJECT, data, randomUUID());
    // What arrives is the JSON of the data: the undefined member is gone, and still it verifies.
    expect(requestCaller(request(headers), ['gateway'], directory)).toMatchObject({ service: 'gateway' });
  });

  it.each([
    ['unsigned', () => request({}), 'unsigned'],
    [
      'signed by a service not allowed to call',
      () => request(signedRequestHeaders(router.key, SUBJECT, data, randomUUID())),
      'wrong_signer',
    ],
    [
      'signed by a key the registry never published',
      () => request(signedRequestHeaders(serviceKey('gateway').key, SUBJECT, data, randomUUID())),
      'unknown_signer',
    ],
    [
      'changed on the way',
      () => request(signedRequestHeaders(gateway.key, SUBJECT, data, randomUUID()), { nodeId: 'KZ-PCU-AKTAU' }),
      'bad_service_signature',
    ],
    [
      'sent to another subject',
      () =>
        request(
          signedRequestHeaders(gateway.key, SUBJECT, data, randomUUID()),
          data,
          'iren.rpc.registry.nodes.register',
        ),
      'bad_service_signature',
    ],
    [
      'signed too long ago',
      () => {
        const at = new Date(Date.now() - REQUEST_MAX_AGE_MS - 1000).toISOString();
        return request(signedRequestHeaders(gateway.key, SUBJECT, data, randomUUID(), at));
      },
      'stale',
    ],
  ])('refuses a request %s', (_what, make, reason) => {
    expect(requestCaller(make(), ['gateway'], directory)).toMatchObject({ reason });
  });

  // JSON that canonical JSON refuses, under fresh headers anyone can write: refused, never thrown.
  it.each<[string, unknown]>([
    ['is 1e400 (Infinity once parsed)', Number.POSITIVE_INFINITY],
    ['holds a lone surrogate', '\ud800'],
    ['is nested 20,000 levels deep', JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`)],
  ])('refuses a request whose data %s', (_what, refused) => {
    const headers = signedRequestHeaders(gateway.key, SUBJECT, data, randomUUID());
    expect(requestCaller(request(headers, refused), ['gateway'], directory)).toMatchObject({
      reason: 'bad_service_signature',
    });
  });
});
