import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HUB_JETSTREAM_DOMAIN, siteJetStreamDomain } from '@iren/contracts';
import { type BusMaterial, ensureBusMaterial, HUB_CLUSTER_NAME, writeSiteMaterial } from '@iren/messaging';
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
  let generated: BusMaterial;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'iren-deploy-'));
    material = join(work, 'material');
    const cluster = { clientPorts: [14222, 14223, 14224], routePorts: [16222, 16223, 16224] };
    generated = await ensureBusMaterial({ dir: material, namespace: 'iren', port: 4222, cluster });
    await writeSiteMaterial(material, { country: 'KZ', namespace: 'iren' });
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

  it('the hub cluster servers nats:secure --cluster generates are valid', () => {
    expect(generated.hubServers).toHaveLength(3);
    for (const server of generated.hubServers) {
      const result = check(server.conf);
      expect(result.output).toContain('is valid');
      expect(result.status).toBe(0);
    }
  });

  it('hub.conf is the generated hub server with TLS: same cluster, JetStream domain, resolver and trust', () => {
    const text = readFileSync(join(root, 'deploy/nats/hub.conf'), 'utf8');
    const conf = readFileSync(generated.hubServers[0].conf, 'utf8');
    // Settings only: a comment may name one in passing.
    const setting = (config: string, pattern: RegExp) => pattern.exec(config.replace(/#.*$/gm, ''))?.[1];
    for (const pattern of [
      /cluster\s*\{[^}]*?name:\s*(\S+)/,
      /jetstream\s*\{[^}]*?domain:\s*(\S+)/,
      /resolver:\s*\{[^}]*?type:\s*(\w+)/,
      /resolver:\s*\{[^}]*?allow_delete:\s*(\w+)/,
    ]) {
      expect({ pattern: pattern.source, value: setting(text, pattern) }).toEqual({
        pattern: pattern.source,
        value: setting(conf, pattern),
      });
    }
    expect(setting(text, /cluster\s*\{[^}]*?name:\s*(\S+)/)).toBe(HUB_CLUSTER_NAME);
    expect(setting(text, /jetstream\s*\{[^}]*?domain:\s*(\S+)/)).toBe(HUB_JETSTREAM_DOMAIN);
    expect(text).toMatch(/^server_name:\s*\$IREN_SERVER_NAME$/m);
    expect(text).toMatch(/^include \.?\/?auth\.conf$/m);
    expect(conf).toMatch(/^include \.?\/?auth\.conf$/m);
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

  it("leaf-kz.conf runs the site's own JetStream in its domain, and hub.conf advertises the leaf address sites dial", () => {
    const setting = (config: string, pattern: RegExp) => pattern.exec(config.replace(/#.*$/gm, ''))?.[1];
    const site = readFileSync(join(root, 'deploy/nats/leaf-kz.conf'), 'utf8');
    expect(setting(site, /jetstream\s*\{[^}]*?domain:\s*(\S+)/)).toBe(siteJetStreamDomain('KZ'));
    expect(setting(site, /jetstream\s*\{[^}]*?store_dir:\s*(\S+)/)).toBe('"/var/lib/nats-server"');
    const hub = readFileSync(join(root, 'deploy/nats/hub.conf'), 'utf8');
    // Without it a site learns each hub server's own leaf address and reconnects around a cut (docs/national-sites.md).
    expect(setting(hub, /leafnodes\s*\{[^}]*?advertise:\s*(\S+)/)).toMatch(/^"[\w.-]+:7422"$/);
  });

  it("docker compose's compose-hub.conf is valid for each hub server, with the generated auth.conf beside it", () => {
    const dir = join(work, 'compose-hub');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(material, 'auth.conf'), join(dir, 'auth.conf'));
    const text = readFileSync(join(root, 'deploy/nats/compose-hub.conf'), 'utf8').replaceAll(
      '"/data/',
      `"${dir}/data/`,
    );
    writeFileSync(join(dir, 'compose-hub.conf'), text);
    for (const name of ['nats-1', 'nats-2', 'nats-3']) {
      const result = check(join(dir, 'compose-hub.conf'), { IREN_SERVER_NAME: name });
      expect(result.output).toContain('is valid');
      expect(result.status).toBe(0);
    }
  });

  it("docker compose's compose-hub-sites.conf is valid for each hub server, with compose-hub.conf and auth.conf beside it", () => {
    const dir = join(work, 'compose-hub-sites');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(material, 'auth.conf'), join(dir, 'auth.conf'));
    const hub = readFileSync(join(root, 'deploy/nats/compose-hub.conf'), 'utf8').replaceAll('"/data/', `"${dir}/data/`);
    writeFileSync(join(dir, 'compose-hub.conf'), hub);
    copyFileSync(join(root, 'deploy/nats/compose-hub-sites.conf'), join(dir, 'compose-hub-sites.conf'));
    for (const name of ['nats-1', 'nats-2', 'nats-3']) {
      const env = { IREN_SERVER_NAME: name, IREN_LEAF_ADVERTISE: `${name}:7422` };
      const result = check(join(dir, 'compose-hub-sites.conf'), env);
      expect(result.output).toContain('is valid');
      expect(result.status).toBe(0);
    }
  });

  it("docker compose's compose-site-kz.conf is valid with the site's files beside it", async () => {
    const dir = join(work, 'compose-site-kz');
    mkdirSync(dir, { recursive: true });
    const files = await writeSiteMaterial(material, { country: 'KZ', namespace: 'iren' });
    for (const file of readdirSync(files)) copyFileSync(join(files, file), join(dir, file));
    const text = readFileSync(join(root, 'deploy/nats/compose-site-kz.conf'), 'utf8')
      .replaceAll('"/data/', `"${dir}/data/`)
      .replaceAll('/etc/nats/', `${dir}/`);
    writeFileSync(join(dir, 'compose-site-kz.conf'), text);
    const result = check(join(dir, 'compose-site-kz.conf'), { IREN_SERVER_NAME: 'nats-kz' });
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
