import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, credsAuthenticator, type NatsConnection, PermissionViolationError } from '@nats-io/transport-node';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { busPermissions, ExchangeNames, HUB_JETSTREAM_DOMAIN, nodeIdentity } from '@iren/contracts';
import { ensureStreams } from '../streams';
import { NatsAccountAuthority } from './account-authority';
import { CREDS_FILES } from './material-layout';
import { startNatsServer, type NatsServerProcess } from './nats-server-process';
import { writeSiteMaterial } from './site-material';
import { NATS_SERVER, type SecuredNats, sparePort, startSecuredNats, withNatsServer } from '@iren/messaging/testing';

const names = new ExchangeNames('iren');
const AKTAU = 'KZ-PCU-AKTAU';
const describeWithServer = withNatsServer(describe, "a national site's leaf node");

/**
 * deploy/nats/leaf-kz.conf as a site would run it, on loopback and without TLS: its remotes, its
 * includes and its resolver as committed, its paths in `dir`.
 */
function siteConfig(dir: string, port: number): string {
  const committed = readFileSync(join(__dirname, '../../../../deploy/nats/leaf-kz.conf'), 'utf8');
  return committed
    .replace(/\n\s*tls \{[^}]*\}/g, '')
    .replace('listen: 0.0.0.0:4222', `listen: 127.0.0.1:${port}`)
    .replace(/^http: .*$/m, '')
    .replaceAll('/etc/nats/', `${dir}/`)
    .replaceAll('/var/lib/nats-server', `${dir}/data`);
}

describeWithServer("a national site's leaf node, in operator mode", () => {
  let hub: SecuredNats;
  let site: NatsServerProcess;
  let authority: NatsAccountAuthority;
  let ops: NatsConnection;
  let siteUrl: string;

  beforeAll(async () => {
    hub = await startSecuredNats('iren');
    const leafPort = await sparePort();
    // The hub as deploy/nats/hub.conf sets it up: leaf connections, and the JetStream domain `hub`.
    const conf = hub.material.layout.natsConf;
    writeFileSync(
      conf,
      readFileSync(conf, 'utf8')
        .replace(/jetstream \{ (store_dir: [^}]*)\}/, `jetstream { $1, domain: ${HUB_JETSTREAM_DOMAIN} }`)
        .concat(`leafnodes { listen: 127.0.0.1:${leafPort} }\n`),
    );
    await hub.restart();

    const siteDir = join(hub.material.layout.dir, 'site-kz');
    mkdirSync(siteDir);
    const files = await writeSiteMaterial(hub.material.layout.dir, {
      country: 'KZ',
      nodes: [AKTAU],
      namespace: 'iren',
    });
    for (const file of readdirSync(files)) copyFileSync(join(files, file), join(siteDir, file));
    const sitePort = await sparePort();
    writeFileSync(join(siteDir, 'leaf-kz.conf'), siteConfig(siteDir, sitePort));
    const hubLeaf = `nats-leaf://127.0.0.1:${leafPort}`;
    site = await startNatsServer({
      binary: NATS_SERVER!,
      config: join(siteDir, 'leaf-kz.conf'),
      port: sitePort,
      env: {
        ...process.env,
        IREN_SERVER_NAME: 'kz-site-1',
        IREN_HUB_1: hubLeaf,
        IREN_HUB_2: hubLeaf,
        IREN_HUB_3: hubLeaf,
      },
    });
    siteUrl = `127.0.0.1:${sitePort}`;

    authority = NatsAccountAuthority.load(hub.material.credsDir, hub.url);
    ops = await connect({
      servers: hub.url.replace('nats://', ''),
      authenticator: credsAuthenticator(readFileSync(join(hub.material.credsDir, CREDS_FILES.ops))),
    });
    const jsm = await jetstreamManager(ops);
    await ensureStreams(jsm, names, { replicas: 1, maxBytes: 16 * 1024 ** 2 });
    await jsm.consumers.add(names.stream('INBOX'), {
      durable_name: names.nodeInboxConsumer(AKTAU),
      filter_subject: names.inboxSubject(AKTAU),
      ack_policy: AckPolicy.Explicit,
    });
    await jetstream(ops).publish(names.inboxSubject(AKTAU), 'delivery for Aktau');
    // The leaf connections come up after the site server greets clients.
    const deadline = Date.now() + 5000;
    while (!(await leafUp()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }, 30_000);

  /** True once a message published at the site reaches the hub. */
  async function leafUp(): Promise<boolean> {
    const { creds } = await authority.issueUser('probe', busPermissions(names, nodeIdentity(AKTAU)));
    const nc = await connectNode(creds).catch(() => undefined);
    if (!nc) return false;
    try {
      await jetstream(nc, { domain: HUB_JETSTREAM_DOMAIN }).publish(names.publishSubject(AKTAU, 'ALERT'), 'probe', {
        timeout: 500,
      });
      return true;
    } catch {
      return false;
    } finally {
      await nc.close();
    }
  }

  const connectNode = (creds: string) =>
    connect({
      servers: siteUrl,
      authenticator: credsAuthenticator(new TextEncoder().encode(creds)),
      inboxPrefix: names.replyPrefix(nodeIdentity(AKTAU)),
      reconnect: false,
    });

  afterAll(async () => {
    await ops?.close();
    await site?.stop();
    await hub?.stop();
  });

  it("lets a node publish as itself and read its inbox through the site, and nothing of another node's", async () => {
    const user = await authority.issueUser(AKTAU, busPermissions(names, nodeIdentity(AKTAU)));
    const nc = await connectNode(user.creds);
    const errors: PermissionViolationError[] = [];
    void (async () => {
      for await (const s of nc.status())
        if (s.type === 'error' && s.error instanceof PermissionViolationError) errors.push(s.error);
    })();
    const js = jetstream(nc, { domain: HUB_JETSTREAM_DOMAIN });
    const ack = await js.publish(names.publishSubject(AKTAU, 'ALERT'), 'signed envelope');
    expect(ack.stream).toBe(names.stream('EXCHANGE'));
    const consumer = await js.consumers.get(names.stream('INBOX'), names.nodeInboxConsumer(AKTAU));
    const delivery = await consumer.next({ expires: 2000 });
    expect(delivery?.string()).toBe('delivery for Aktau');
    expect(await delivery?.ackAck()).toBe(true);

    await expect(js.publish(names.publishSubject('AZ-PCU-BAKU', 'ALERT'), 'forged', { timeout: 1000 })).rejects.toThrow(
      /Permissions Violation/,
    );
    await expect(js.consumers.get(names.stream('INBOX'), names.consumer('gateway_inbox'))).rejects.toThrow(
      /Permissions Violation/,
    );
    expect(errors.map((e) => e.subject)).toContain(names.publishSubject('AZ-PCU-BAKU', 'ALERT'));
    await nc.close();
  });

  it("closes a revoked node's connection at its site within seconds, and refuses it there", async () => {
    const user = await authority.issueUser(AKTAU, busPermissions(names, nodeIdentity(AKTAU)));
    const nc = await connectNode(user.creds);
    const closed = nc.closed();
    const started = Date.now();
    await authority.pushAccountJwt(await authority.accountJwt({ [user.publicKey]: user.issuedAt }));
    await closed;
    const latencyMs = Date.now() - started;
    console.log(`revoked node's connection at the site closed ${latencyMs} ms after the push to the hub`);
    expect(latencyMs).toBeLessThan(5000);
    await expect(connectNode(user.creds)).rejects.toThrow(/Authorization Violation/);
  });
});
