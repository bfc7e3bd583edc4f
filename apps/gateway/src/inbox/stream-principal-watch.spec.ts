import pino from 'pino';
import { type ErrorPayload } from '@iren/platform';
import { type NodeRecord, REGISTRY_KEYS, type TokenRecord } from '@iren/contracts';
import { RegistryMirror, type RegistryDirectory } from '@iren/messaging';
import { FakeRegistryBucket } from '@iren/messaging/testing';
import { Authenticator } from '../auth/authenticator';
import { tokenDigest } from '../auth/token-digest';
import { type EndableStream, StreamPrincipalWatch } from './stream-principal-watch';

const logger = pino({ level: 'silent' });
const node = (id: string, status: NodeRecord['status'] = 'ACTIVE'): NodeRecord => ({
  id,
  type: 'PCU',
  country: id.slice(0, 2),
  name: id,
  locodes: [],
  contact: {},
  status,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: new Date().toISOString(),
});
const token = (id: string, nodeId: string): TokenRecord => ({
  id,
  nodeId,
  createdAt: '2026-11-01T00:00:00.000Z',
  revokedAt: null,
});

/** A stream that records how it was ended. */
class RecordingStream implements EndableStream {
  reasons: ErrorPayload[] = [];
  end(reason: ErrorPayload): void {
    this.reasons.push(reason);
  }
}

describe(StreamPrincipalWatch.name, () => {
  const aktau = { token: 'aktau-officer-token', digest: tokenDigest('aktau-officer-token') };
  const aktau2 = { token: 'aktau-second-token', digest: tokenDigest('aktau-second-token') };
  let bucket: FakeRegistryBucket;
  let mirror: RegistryMirror;
  let following: boolean;
  let watch: StreamPrincipalWatch;

  const holder = (credential = aktau, tokenId = 't-aktau') => ({
    digest: credential.digest,
    nodeId: 'KZ-PCU-AKTAU',
    tokenId,
  });
  const applied = (check: () => boolean) => mirror.waitUntil(check, 1000);

  beforeEach(async () => {
    bucket = new FakeRegistryBucket();
    for (const id of ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU']) bucket.put(REGISTRY_KEYS.node(id), node(id));
    bucket.put(REGISTRY_KEYS.token(aktau.digest.toString('hex')), token('t-aktau', 'KZ-PCU-AKTAU'));
    bucket.put(REGISTRY_KEYS.token(aktau2.digest.toString('hex')), token('t-aktau-2', 'KZ-PCU-AKTAU'));
    mirror = new RegistryMirror(bucket.asKv(), bucket.registryKey, logger);
    await mirror.start();
    following = true;
    const directory = { registry: mirror, ready: async () => mirror, following: () => following };
    const authenticator = new Authenticator(directory as unknown as RegistryDirectory, 'admin-token-of-24-characters', {
      at: 'hub',
      sites: [],
    });
    watch = new StreamPrincipalWatch(authenticator, directory as unknown as RegistryDirectory, [], logger);
    await watch.onModuleInit();
  });

  afterEach(() => {
    watch.onModuleDestroy();
    mirror.stop();
  });

  it("ends a stream as soon as the registry copy loses its token, saying why, and leaves the node's other streams", async () => {
    const revoked = new RecordingStream();
    const other = new RecordingStream();
    watch.watch(revoked, holder());
    watch.watch(other, holder(aktau2, 't-aktau-2'));
    bucket.remove(REGISTRY_KEYS.token(aktau.digest.toString('hex')));
    await applied(() => mirror.token(aktau.digest.toString('hex')) === undefined);
    // No timer has run: the change itself re-checked the stream.
    expect(revoked.reasons).toEqual([
      { code: 'UNAUTHORIZED', status: 401, message: 'the token is unknown or revoked' },
    ]);
    expect(other.reasons).toEqual([]);
  });

  it("ends every stream of a node as soon as it is suspended, and no other node's", async () => {
    const streams = [new RecordingStream(), new RecordingStream()];
    watch.watch(streams[0], holder());
    watch.watch(streams[1], holder(aktau2, 't-aktau-2'));
    const baku = new RecordingStream();
    const bakuToken = tokenDigest('baku-token');
    bucket.put(REGISTRY_KEYS.token(bakuToken.toString('hex')), token('t-baku', 'AZ-PCU-BAKU'));
    watch.watch(baku, { digest: bakuToken, nodeId: 'AZ-PCU-BAKU', tokenId: 't-baku' });
    bucket.put(REGISTRY_KEYS.node('KZ-PCU-AKTAU'), node('KZ-PCU-AKTAU', 'SUSPENDED'));
    await applied(() => mirror.node('KZ-PCU-AKTAU')?.status === 'SUSPENDED');
    for (const stream of streams) {
      expect(stream.reasons).toEqual([{ code: 'FORBIDDEN', status: 403, message: 'node KZ-PCU-AKTAU is suspended' }]);
    }
    expect(baku.reasons).toEqual([]);
  });

  it('leaves a stream open through changes that do not take its principal away', async () => {
    const stream = new RecordingStream();
    watch.watch(stream, holder());
    bucket.put(REGISTRY_KEYS.node('KZ-PCU-AKTAU'), { ...node('KZ-PCU-AKTAU'), name: 'Aktau seaport PCU' });
    bucket.remove(REGISTRY_KEYS.token(aktau2.digest.toString('hex')));
    await applied(() => mirror.token(aktau2.digest.toString('hex')) === undefined);
    watch.recheckAll();
    expect(stream.reasons).toEqual([]);
  });

  it('ends every stream on its periodic re-check once the registry copy no longer follows', () => {
    const stream = new RecordingStream();
    watch.watch(stream, holder());
    watch.recheckAll();
    expect(stream.reasons).toEqual([]);
    following = false;
    watch.recheckAll();
    expect(stream.reasons).toEqual([expect.objectContaining({ code: 'UNAVAILABLE', status: 503 })]);
  });

  it('re-checks on its own at least every second', async () => {
    const stream = new RecordingStream();
    watch.watch(stream, holder());
    following = false;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(stream.reasons).toHaveLength(1);
  });

  it('ends a stream once, and no longer re-checks one that closed', async () => {
    const ended = new RecordingStream();
    const closed = new RecordingStream();
    watch.watch(ended, holder());
    const unwatch = watch.watch(closed, holder(aktau2, 't-aktau-2'));
    unwatch();
    following = false;
    watch.recheckAll();
    watch.recheckAll();
    expect(ended.reasons).toHaveLength(1);
    expect(closed.reasons).toEqual([]);
  });
});
