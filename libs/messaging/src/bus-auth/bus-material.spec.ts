import { type Account, decode, type Operator, type User } from '@nats-io/jwt';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busPermissions, ExchangeNames, SERVICES, serviceIdentity } from '@iren/contracts';
import { ensureBusMaterial, writeNamespaceCreds } from './bus-material';
import { CREDS_FILES, materialLayout } from './material-layout';

const jwtOf = (credsFile: string) => readFileSync(credsFile, 'utf8').split('\n')[1];
const read = (file: string) => readFileSync(file, 'utf8');

describe(ensureBusMaterial.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'iren-material-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its keys and account JWTs on a second run, and issues the users again', async () => {
    const layout = materialLayout(dir);
    const first = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });
    const keys = [layout.operatorKey, layout.operatorSigningKey, layout.accountKey, layout.accountSigningKey];
    const before = { keys: keys.map(read), accountJwt: read(layout.accountJwt), operatorJwt: read(layout.operatorJwt) };
    const gatewayBefore = jwtOf(join(first.credsDir, CREDS_FILES.service('gateway')));

    const second = await ensureBusMaterial({ dir, namespace: 'iren', port: 14222 });

    expect(keys.map(read)).toEqual(before.keys);
    expect(read(layout.accountJwt)).toBe(before.accountJwt);
    expect(read(layout.operatorJwt)).toBe(before.operatorJwt);
    expect(second.accountPublicKey).toBe(first.accountPublicKey);
    const gatewayAfter = jwtOf(join(second.credsDir, CREDS_FILES.service('gateway')));
    expect(decode(gatewayAfter).sub).not.toBe(decode(gatewayBefore).sub);
    expect(decode(gatewayAfter).nats).toEqual(decode(gatewayBefore).nats);
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

  it('refuses to make keys in a directory without material', async () => {
    await expect(writeNamespaceCreds(join(dir, 'none'), 'trun1', join(dir, 'out'))).rejects.toThrow(/is missing/);
    expect(existsSync(join(dir, 'none', 'keys'))).toBe(false);
  });
});
