import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBusMaterial, writeSiteMaterial } from '@iren/messaging';
import { NATS_SERVER, withNatsServer } from '@iren/messaging/testing';

const root = join(__dirname, '..');
const OPENSSL = spawnSync('openssl', ['version']).status === 0;
if (!OPENSSL) console.warn('deploy/nats checks skipped: openssl is not installed');
const describeChecks = OPENSSL ? withNatsServer(describe, 'deploy/nats checks') : describe.skip;

/** `nats-server -t -c <config>`: parses the configuration and loads everything it names (certificates too). */
function check(config: string, env: Record<string, string> = {}): { status: number | null; output: string } {
  const result = spawnSync(NATS_SERVER!, ['-t', '-c', config], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A deploy configuration placed in `dir` as if `dir` were /etc/nats (and its data under `dir/data`). */
function place(file: string, dir: string): string {
  const text = readFileSync(join(root, 'deploy/nats', file), 'utf8')
    .replaceAll('/etc/nats/', `${dir}/`)
    .replaceAll('/var/lib/nats-server', `${dir}/data`);
  const target = join(dir, file);
  writeFileSync(target, text);
  return target;
}

/** One self-signed certificate standing for every certificate, key and CA file the configurations name. */
function certificates(dir: string, names: string[]): void {
  mkdirSync(join(dir, 'tls'), { recursive: true });
  const key = join(dir, 'tls', 'key.pem');
  const cert = join(dir, 'tls', 'cert.pem');
  const made = spawnSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=iren-test', '-addext', 'subjectAltName=IP:127.0.0.1',
  ]); // prettier-ignore
  if (made.status !== 0) throw new Error(`openssl: ${made.stderr}`);
  for (const name of names) copyFileSync(name.includes('key') ? key : cert, join(dir, 'tls', name));
}

describeChecks('deploy/nats configurations, in operator mode from generated material', () => {
  let material: string;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'iren-deploy-'));
    material = join(work, 'material');
    await ensureBusMaterial({ dir: material, namespace: 'iren', port: 4222 });
    await writeSiteMaterial(material, { country: 'KZ', nodes: ['KZ-PCU-AKTAU', 'KZ-HQ-ASTANA'], namespace: 'iren' });
  }, 20_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('hub.conf is valid with the generated auth.conf beside it', () => {
    const dir = join(work, 'hub');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(material, 'auth.conf'), join(dir, 'auth.conf'));
    certificates(dir, ['server.pem', 'server-key.pem', 'ca.pem', 'route.pem', 'route-key.pem']);
    const result = check(place('hub.conf', dir), { IREN_SERVER_NAME: 'hub-1' });
    expect(result.output).toContain('is valid');
    expect(result.status).toBe(0);
  });

  it("leaf-kz.conf is valid with the site's generated folder beside it, and not without it", () => {
    const dir = join(work, 'leaf-kz');
    mkdirSync(dir, { recursive: true });
    const site = join(material, 'sites', 'kz');
    expect(readdirSync(site).sort()).toEqual(['accounts.conf', 'auth.conf', 'leaf-system.creds', 'leaf.creds']);
    certificates(dir, ['site-kz.pem', 'site-kz-key.pem', 'ca.pem']);
    const config = place('leaf-kz.conf', dir);
    const env = {
      IREN_SERVER_NAME: 'kz-site-1',
      IREN_HUB_1: 'nats-leaf://127.0.0.1:7422',
      IREN_HUB_2: 'nats-leaf://127.0.0.1:7423',
      IREN_HUB_3: 'nats-leaf://127.0.0.1:7424',
    };
    expect(check(config, env).status).not.toBe(0);
    for (const file of readdirSync(site)) copyFileSync(join(site, file), join(dir, file));
    const result = check(config, env);
    expect(result.output).toContain('is valid');
    expect(result.status).toBe(0);
  });

  it("docker compose's compose.conf is valid with the generated auth.conf beside it", () => {
    const dir = join(work, 'compose');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(material, 'auth.conf'), join(dir, 'auth.conf'));
    const text = readFileSync(join(root, 'deploy/nats/compose.conf'), 'utf8').replaceAll('"/data/', `"${dir}/data/`);
    writeFileSync(join(dir, 'compose.conf'), text);
    const result = check(join(dir, 'compose.conf'));
    expect(result.output).toContain('is valid');
    expect(result.status).toBe(0);
  });
});
