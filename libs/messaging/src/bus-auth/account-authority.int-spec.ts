import { type Account, decode } from '@nats-io/jwt';
import { connect, credsAuthenticator, type NatsConnection } from '@nats-io/transport-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { busPermissions, ExchangeNames, nodeIdentity } from '@iren/contracts';
import { NatsAccountAuthority } from './account-authority';
import { CREDS_FILES } from './material-layout';
import { NATS_SERVER, type SecuredNats, startSecuredNats } from '@iren/messaging/testing';

const names = new ExchangeNames('iren');
const describeWithServer = NATS_SERVER ? describe : describe.skip;
if (!NATS_SERVER) console.warn('skipped: nats-server is not installed (neither on PATH nor /usr/sbin)');

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
});
