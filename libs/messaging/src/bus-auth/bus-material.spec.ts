import { type Account, decode, type Operator, type User } from '@nats-io/jwt';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busPermissions, ExchangeNames, SERVICES, serviceIdentity } from '@iren/contracts';
import { NatsAccountAuthority } from './account-authority';
import { ensureBusMaterial, materialSites, writeNamespaceCreds } from './bus-material';
import { readKey } from './key-files';
import { CREDS_FILES, materialLayout } from './material-layout';
import { loadTrustChain } from './trust-chain';
import { issueUser } from './user-creds';

const jwtOf = (credsFile: string) => readFileSync(credsFile, 'utf8').split('\n')[1];
const read = (file: string) => readFileSync(file, 'utf8');
// Most tests make the material twice; each time reads a dozen keys with the nkeys library's
// pure-JavaScript Ed25519, about a second inside jest.
jest.setTimeout(20_000);
/** Permissions an earlier version of the channel catalogue might have given a user. */
const OLDER_PERMISSIONS = { publish: ['iren.>'], subscribe: ['iren.>'], allowResponses: false };

/**
 * Writes into `credsDir` what an earlier version of the code, with other permissions, issued for the
 * kept user `name`, as the material's own run would have; answers it.
 */
async function supersede(dir: string, file: string, name: string, account: 'account' | 'systemAccount' = 'account') {
  const layout = materialLayout(dir);
  const key = readKey(join(layout.userKeys, `${name}.nk`));
  const older = await issueUser((await loadTrustChain(layout))[account], name, OLDER_PERMISSIONS, { key });
  writeFileSync(join(layout.creds, file), older.creds);
  return older;
}

describe(ensureBusMaterial.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'iren-material-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its keys, account JWTs and service users on a second run', async () => {
    const layout = materialLayout(dir);
    const first = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });
    const keys = [layout.operatorKey, layout.operatorSigningKey, layout.accountKey, layout.accountSigningKey];
    const jwts = [layout.accountJwt, layout.operatorJwt, layout.systemAccountJwt, layout.authConf];
    const credsFiles = readdirSync(first.credsDir).map((file) => join(first.credsDir, file));
    const before = { keys: keys.map(read), jwts: jwts.map(read), creds: credsFiles.map(read) };

    const second = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });

    expect(keys.map(read)).toEqual(before.keys);
    expect(jwts.map(read)).toEqual(before.jwts);
    expect(second.accountPublicKey).toBe(first.accountPublicKey);
    expect(readdirSync(second.credsDir).map((file) => join(second.credsDir, file))).toEqual(credsFiles);
    expect(credsFiles.map(read)).toEqual(before.creds);
    expect(existsSync(layout.registryAccountJwt)).toBe(false);
  });

  it('keeps each service user under its own key in the material, readable by its owner only', async () => {
    const { credsDir, layout } = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });
    for (const [file, name] of [
      [CREDS_FILES.service('gateway'), 'iren-gateway'],
      [CREDS_FILES.ops, 'ops'],
      [CREDS_FILES.registrySystem, 'registry-system'],
    ]) {
      const seed = join(layout.userKeys, `${name}.nk`);
      expect(read(join(credsDir, file))).toContain(read(seed).trim());
      expect(statSync(seed).mode & 0o077).toBe(0);
    }
  });

  it('issues a user whose permissions changed anew under the same key, and revokes its earlier JWTs', async () => {
    const { credsDir, layout } = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });
    const gatewayCreds = join(credsDir, CREDS_FILES.service('gateway'));
    const older = await supersede(dir, CREDS_FILES.service('gateway'), 'iren-gateway');
    const before = {
      accountJwt: read(layout.accountJwt),
      auth: read(layout.authConf),
      router: read(join(credsDir, 'router.creds')),
    };

    await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });

    const gateway = decode<User>(jwtOf(gatewayCreds));
    expect(gateway.sub).toBe(older.publicKey);
    expect(gateway.nats.pub?.allow).toEqual(
      busPermissions(new ExchangeNames('iren'), serviceIdentity('gateway')).publish,
    );
    expect(gateway.iat).toBeGreaterThan(older.issuedAt);
    // The registry's pushes carry the revocation: every JWT of the key before the new one is refused.
    const pushed = decode<Account>(read(join(credsDir, CREDS_FILES.accountJwt)).trim());
    expect(pushed.nats.revocations).toEqual({ [older.publicKey]: gateway.iat - 1 });
    expect(read(join(credsDir, CREDS_FILES.accountJwt))).toBe(read(layout.registryAccountJwt));
    // The servers' starting point is not issued again: it would undo the registry's revocations.
    expect(read(layout.accountJwt)).toBe(before.accountJwt);
    expect(read(layout.authConf)).toBe(before.auth);
    expect(read(join(credsDir, 'router.creds'))).toBe(before.router);
  });

  it("merges the material's revocations with the registry's own in what the registry pushes", async () => {
    const { credsDir } = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });
    const older = await supersede(dir, CREDS_FILES.service('router'), 'iren-router');
    await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });

    const authority = NatsAccountAuthority.load(credsDir, 'nats://127.0.0.1:14222');
    const revocations = decode<Account>(await authority.accountJwt({ UNODE: 1700000000 })).nats.revocations;

    expect(Object.keys(revocations ?? {}).sort()).toEqual([older.publicKey, 'UNODE'].sort());
  });

  it('revokes a superseded registry-system user in the system account, which the servers take from auth.conf', async () => {
    const { layout } = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });
    const older = await supersede(dir, CREDS_FILES.registrySystem, 'registry-system', 'systemAccount');

    await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });

    const system = decode<Account>(read(layout.systemAccountJwt).trim());
    expect(Object.keys(system.nats.revocations ?? {})).toEqual([older.publicKey]);
    expect(read(layout.authConf)).toContain(`${system.sub}: ${read(layout.systemAccountJwt).trim()}`);
  });

  it('keeps the users of material made before users were kept: their creds files name them', async () => {
    const { credsDir, layout } = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });
    const before = read(join(credsDir, CREDS_FILES.service('audit')));
    rmSync(layout.userKeys, { recursive: true });

    await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });

    expect(read(join(credsDir, CREDS_FILES.service('audit')))).toBe(before);
    expect(existsSync(join(layout.userKeys, 'iren-audit.nk'))).toBe(true);
  });

  it('gives each service exactly its permissions from the channel catalogue, in its namespace', async () => {
    const { credsDir, accountPublicKey } = await ensureBusMaterial({ dir, namespace: 'net1', port: 14222 });
    const names = new ExchangeNames('net1');
    for (const service of SERVICES) {
      const user = decode<User>(jwtOf(join(credsDir, CREDS_FILES.service(service))));
      const expected = busPermissions(names, serviceIdentity(service));
      expect(user.nats.issuer_account).toBe(accountPublicKey);
      expect(user.nats.pub?.allow).toEqual(expected.publish);
      expect(user.nats.sub?.allow).toEqual(expected.subscribe);
      // Any `resp` claim lets a user answer requests: only the request/reply servers have one.
      expect(user.nats.resp !== undefined).toBe(expected.allowResponses);
      expect([user.nats.subs, user.nats.data, user.nats.payload]).toEqual([-1, -1, -1]);
      expect(statSync(join(credsDir, CREDS_FILES.service(service))).mode & 0o077).toBe(0);
    }
  });

  it('makes an operator with a signing key and the system account, and an IREN account with JetStream and every limit set', async () => {
    const { layout } = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });
    const operator = decode<Operator>(read(layout.operatorJwt).trim());
    const account = decode<Account>(read(layout.accountJwt).trim());
    const system = decode<Account>(read(layout.systemAccountJwt).trim());
    expect(operator.nats.signing_keys).toHaveLength(1);
    expect(operator.nats.system_account).toBe(system.sub);
    expect(account.iss).toBe(operator.nats.signing_keys![0]);
    expect(account.nats.signing_keys).toHaveLength(1);
    expect(account.nats.limits).toMatchObject({
      conn: -1,
      subs: -1,
      data: -1,
      payload: -1,
      leaf: -1,
      imports: -1,
      exports: -1,
      wildcards: true,
      disk_storage: -1,
      mem_storage: -1,
      streams: -1,
      consumer: -1,
    });
    const auth = read(layout.authConf);
    expect(auth).toContain(`system_account: ${system.sub}`);
    expect(auth).toContain(`${account.sub}: ${read(layout.accountJwt).trim()}`);
    expect(auth).not.toContain(dir);
    expect(read(layout.natsConf)).toMatch(/listen: 127\.0\.0\.1:14222[\s\S]*type: full[\s\S]*include auth\.conf/);
    expect(read(layout.natsConf)).toContain(`jetstream { store_dir: ${JSON.stringify(join(dir, 'jetstream'))} }`);
  });

  it('writes what the registry needs to issue and revoke node users into the creds directory', async () => {
    const { credsDir, layout } = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });
    expect(read(join(credsDir, CREDS_FILES.accountJwt))).toBe(read(layout.accountJwt));
    expect(read(join(credsDir, CREDS_FILES.accountSigningKey))).toBe(read(layout.accountSigningKey));
    expect(read(join(credsDir, CREDS_FILES.operatorSigningKey))).toBe(read(layout.operatorSigningKey));
    const system = decode<User>(jwtOf(join(credsDir, CREDS_FILES.registrySystem)));
    expect(system.nats.pub?.allow).toEqual(['$SYS.REQ.CLAIMS.UPDATE']);
    expect(system.nats.sub?.allow).toEqual(['_INBOX.registry_system.>']);
  });

  it("writes a hub cluster's servers on the same trust, each routing to all and storing on its own", async () => {
    const cluster = { clientPorts: [14001, 14002, 14003], routePorts: [16001, 16002, 16003] };
    const material = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222, cluster });
    expect(material.url).toBe('nats://127.0.0.1:14001,nats://127.0.0.1:14002,nats://127.0.0.1:14003');
    expect(material.hubServers.map((server) => server.name)).toEqual(['hub-1', 'hub-2', 'hub-3']);
    const confs = material.hubServers.map((server) => read(server.conf));
    const routes = 'routes: [nats-route://127.0.0.1:16001, nats-route://127.0.0.1:16002, nats-route://127.0.0.1:16003]';
    for (const [i, conf] of confs.entries()) {
      expect(conf).toContain(`server_name: "hub-${i + 1}"`);
      expect(conf).toContain(`listen: 127.0.0.1:${cluster.clientPorts[i]}`);
      expect(conf).toContain(`listen: 127.0.0.1:${cluster.routePorts[i]}`);
      expect(conf).toContain(routes);
      expect(conf).toContain(`store_dir: ${JSON.stringify(join(dir, `hub-${i + 1}`, 'jetstream'))}`);
      expect(conf).toContain('domain: hub');
      expect(conf).toContain('include auth.conf');
    }
    expect(read(join(dir, 'nats.env'))).toContain(`NATS_URL=${material.url}`);
  });

  it('refuses a hub cluster of fewer than three servers, or whose ports collide, naming what is wrong', async () => {
    await expect(
      ensureBusMaterial({ dir, namespace: 'iren', port: 14222, cluster: { clientPorts: [1, 2], routePorts: [3, 4] } }),
    ).rejects.toThrow('a hub cluster needs at least 3 servers');
    const cluster = { clientPorts: [14001, 14002, 14003], routePorts: [16001, 14002, 16003] };
    await expect(ensureBusMaterial({ dir, namespace: 'iren', port: 14222, cluster })).rejects.toThrow(
      "a hub cluster's ports must all differ",
    );
  });
});

describe(materialSites.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'iren-material-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("adds the sites the material has folders for to those asked, so a later run without them keeps the registry's rights", async () => {
    const layout = materialLayout(dir);
    expect(materialSites(layout)).toEqual([]);
    mkdirSync(join(layout.sites, 'kz'), { recursive: true });
    mkdirSync(join(layout.sites, 'not-a-site'));
    expect(materialSites(layout, ['UZ', 'KZ'])).toEqual(['KZ', 'UZ']);
    expect(materialSites(layout)).toEqual(['KZ']);
    const { credsDir } = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222, sites: ['UZ'] });
    const registry = decode<User>(jwtOf(join(credsDir, CREDS_FILES.service('registry'))));
    expect(registry.nats.pub?.allow).toEqual(
      expect.arrayContaining(['$JS.API.STREAM.CREATE.iren_SITE_KZ', '$JS.API.STREAM.CREATE.iren_SITE_UZ']),
    );
  });
});

describe(writeNamespaceCreds.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'iren-material-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("issues another namespace's service users from the same account", async () => {
    const material = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });
    const out = join(dir, 'run-creds');
    await writeNamespaceCreds(dir, 'trun1', out);
    const router = decode<User>(jwtOf(join(out, CREDS_FILES.service('router'))));
    expect(router.nats.issuer_account).toBe(material.accountPublicKey);
    expect(router.nats.pub?.allow).toContain('trun1.inbox.>');
    expect(existsSync(join(out, CREDS_FILES.ops))).toBe(true);
  });

  it("makes new users each time, keeps none in the material, and carries the material's revocations", async () => {
    const { credsDir, layout } = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });
    await supersede(dir, CREDS_FILES.service('audit'), 'iren-audit');
    await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });
    const keptKeys = readdirSync(layout.userKeys);

    await writeNamespaceCreds(dir, 'trun1', join(dir, 'run1'));
    await writeNamespaceCreds(dir, 'trun1', join(dir, 'run2'));

    const gateway = (run: string) => decode<User>(jwtOf(join(dir, run, CREDS_FILES.service('gateway')))).sub;
    expect(gateway('run2')).not.toBe(gateway('run1'));
    expect(readdirSync(layout.userKeys)).toEqual(keptKeys);
    // A run's registry pushes the account too: without them it would let the superseded user back in.
    expect(read(join(dir, 'run1', CREDS_FILES.accountJwt))).toBe(read(join(credsDir, CREDS_FILES.accountJwt)));
  });

  it('refuses to make keys in a directory without material', async () => {
    await expect(writeNamespaceCreds(join(dir, 'none'), 'trun1', join(dir, 'out'))).rejects.toThrow(/is missing/);
    expect(existsSync(join(dir, 'none', 'keys'))).toBe(false);
  });
});
