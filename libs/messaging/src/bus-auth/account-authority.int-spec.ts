import { type Account, decode } from '@nats-io/jwt';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { busPermissions, ExchangeNames, nodeIdentity } from '@iren/contracts';
import { NatsAccountAuthority } from './account-authority';
import { ensureBusMaterial } from './bus-material';
import { readKey } from './key-files';
import { CREDS_FILES } from './material-layout';
import { loadTrustChain } from './trust-chain';
import { issueUser } from './user-creds';
import { type SecuredNats, startSecuredNats, withNatsServer } from '@iren/messaging/testing';

const names = new ExchangeNames('iren');
const describeWithServer = withNatsServer(describe, NatsAccountAuthority.name);

describeWithServer(NatsAccountAuthority.name, () => {
  let bus: SecuredNats;
  let authority: NatsAccountAuthority;
  const connectAs = (creds: string) =>
    connect({
      servers: bus.url.replace('nats://', ''),
      authenticator: credsAuthenticator(new TextEncoder().encode(creds)),
      inboxPrefix: names.replyPrefix(nodeIdentity('KZ-PCU-AKTAU')),
      reconnect: false,
    });

  beforeAll(async () => {
    bus = await startSecuredNats('iren');
    authority = NatsAccountAuthority.load(bus.material.credsDir, bus.url);
  }, 20_000);

  afterAll(() => bus?.stop());

  it('issues a node user that connects and may publish as its node only', async () => {
    const user = await authority.issueUser('KZ-PCU-AKTAU', busPermissions(names, nodeIdentity('KZ-PCU-AKTAU')));
    expect(user.publicKey).toMatch(/^U/);
    const nc = await connectAs(user.creds);
    const ops = await connect({
      servers: bus.url.replace('nats://', ''),
      authenticator: credsAuthenticator(readFileSync(join(bus.material.credsDir, CREDS_FILES.ops))),
    });
    const received = ops.subscribe(names.publishSubject('KZ-PCU-AKTAU', 'ALERT'), { max: 1 });
    await ops.flush();
    nc.publish(names.publishSubject('KZ-PCU-AKTAU', 'ALERT'), 'signed envelope');
    for await (const msg of received) expect(msg.string()).toBe('signed envelope');
    await Promise.all([nc.close(), ops.close()]);
  });

  it('re-signs the account with revocations and every other claim as it was', async () => {
    const jwt = await authority.accountJwt({ UABC: 1700000000 });
    const base = decode<Account>(readFileSync(join(bus.material.credsDir, CREDS_FILES.accountJwt), 'utf8').trim());
    const resigned = decode<Account>(jwt);
    expect(resigned.sub).toBe(base.sub);
    expect(resigned.name).toBe(base.name);
    expect(resigned.nats.revocations).toEqual({ UABC: 1700000000 });
    const { revocations: _r, ...rest } = resigned.nats;
    expect(rest).toEqual(base.nats);
  });

  it('closes a revoked user’s open connection within seconds and refuses it afterwards, across a restart', async () => {
    const user = await authority.issueUser('KZ-PCU-AKTAU', busPermissions(names, nodeIdentity('KZ-PCU-AKTAU')));
    const keep = await authority.issueUser('KZ-HQ-ASTANA', busPermissions(names, nodeIdentity('KZ-HQ-ASTANA')));
    const nc: NatsConnection = await connectAs(user.creds);
    const closed = nc.closed();
    const started = Date.now();

    await authority.pushAccountJwt(await authority.accountJwt({ [user.publicKey]: user.issuedAt }));

    await closed;
    const latencyMs = Date.now() - started;
    console.log(`revoked user's connection closed ${latencyMs} ms after the push`);
    expect(latencyMs).toBeLessThan(5000);
    await expect(connectAs(user.creds)).rejects.toThrow(/Authorization Violation/);
    await (await connectAs(keep.creds)).close();

    // The resolver keeps the pushed JWT: the preloaded one (older) does not bring the user back.
    await bus.restart();
    await expect(connectAs(user.creds)).rejects.toThrow(/Authorization Violation/);
    await (await connectAs(keep.creds)).close();
  }, 20_000);

  it('rejects a push the resolver refuses', async () => {
    await expect(authority.pushAccountJwt('not-a-jwt')).rejects.toThrow(/not applied/);
  });

  it("refuses a service user's superseded JWTs once the registry pushes the account, and lets its new one in", async () => {
    const { layout, credsDir } = bus.material;
    const gatewayCreds = join(credsDir, CREDS_FILES.service('gateway'));
    const first = readFileSync(gatewayCreds, 'utf8');
    // What an earlier version of the code, with other permissions, issued for the gateway's key.
    const key = readKey(join(layout.userKeys, 'iren-gateway.nk'));
    const permissions = { publish: ['iren.>'], subscribe: ['iren.>'], allowResponses: false };
    const older = await issueUser((await loadTrustChain(layout)).account, 'iren-gateway', permissions, { key });
    writeFileSync(gatewayCreds, older.creds);
    const before = await connectAs(older.creds);

    await ensureBusMaterial({ dir: layout.dir, namespace: 'iren', port: Number(new URL(bus.url).port) });
    const registry = NatsAccountAuthority.load(credsDir, bus.url);
    await registry.pushAccountJwt(await registry.accountJwt({}));

    await before.closed();
    await expect(connectAs(older.creds)).rejects.toThrow(/Authorization Violation/);
    await expect(connectAs(first)).rejects.toThrow(/Authorization Violation/);
    await (await connectAs(readFileSync(gatewayCreds, 'utf8'))).close();
  }, 20_000);

  it('refuses a superseded registry-system user once the servers restart on the revised auth.conf', async () => {
    const { layout, credsDir } = bus.material;
    const systemCreds = join(credsDir, CREDS_FILES.registrySystem);
    const key = readKey(join(layout.userKeys, 'registry-system.nk'));
    const permissions = { publish: ['$SYS.>'], subscribe: ['$SYS.>'], allowResponses: false };
    const older = await issueUser((await loadTrustChain(layout)).systemAccount, 'registry-system', permissions, {
      key,
    });
    writeFileSync(systemCreds, older.creds);

    await ensureBusMaterial({ dir: layout.dir, namespace: 'iren', port: Number(new URL(bus.url).port) });
    await bus.restart();

    await expect(connectAs(older.creds)).rejects.toThrow(/Authorization Violation/);
    // The user first issued, which `authority` loaded at the start, is refused too.
    await expect(authority.pushAccountJwt(await authority.accountJwt({}))).rejects.toThrow(/Authorization Violation/);
    await (await connectAs(readFileSync(systemCreds, 'utf8'))).close();
  }, 20_000);
});
