/**
 * `npm start`: runs the whole network on this machine — registry, router, audit and gateway as
 * four supervised processes — seeds the demo region on first start (the one command where
 * IREN_SEED_DEMO defaults to true), prints where to reach it and, once, the demo officers' tokens,
 * and keeps running until stopped (Ctrl-C). Logs go to .iren/logs/.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_REGION } from '../apps/registry/src/demo/demo-region';
import { demoTokensStamp, readDemoTokens } from '../apps/registry/src/demo/demo-tokens-file';
import { launcherEnvironment } from './launcher-env';

const ROOT = resolve(__dirname, '..', '..');
const STATE_DIR = join(ROOT, '.iren');
const APPS = ['registry', 'audit', 'router', 'gateway'] as const;
type App = (typeof APPS)[number];

interface Supervised {
  app: App;
  port: number;
  child?: ChildProcess;
  restarts: number;
}

let stopping = false;
const supervised: Supervised[] = [];

function adminToken(): string {
  if (process.env.IREN_ADMIN_TOKEN) return process.env.IREN_ADMIN_TOKEN;
  const file = join(STATE_DIR, 'admin-token');
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url') + '\n', { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function portOf(app: App, gatewayPort: number): number {
  return app === 'gateway' ? gatewayPort : gatewayPort + 1 + APPS.indexOf(app);
}

function launch(s: Supervised, env: NodeJS.ProcessEnv): void {
  const log = createWriteStream(join(STATE_DIR, 'logs', `${s.app}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'apps', s.app, 'src', 'main.js')], {
    env: { ...env, PORT: String(s.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.on('data', (chunk: Buffer) => {
    log.write(chunk);
    process.stderr.write(`[${s.app}] ${chunk}`);
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    s.restarts += 1;
    const delay = Math.min(1000 * 2 ** Math.min(s.restarts - 1, 5), 30_000);
    console.error(`[network] ${s.app} exited (${signal ?? code}); restarting in ${delay / 1000}s`);
    setTimeout(() => launch(s, env), delay);
  });
  s.child = child;
}

async function waitHealthy(s: Supervised, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${s.port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `${s.app} did not become healthy on port ${s.port} within ${timeoutMs / 1000}s (see .iren/logs/${s.app}.log)`,
  );
}

async function main(): Promise<void> {
  mkdirSync(join(STATE_DIR, 'logs'), { recursive: true });
  const token = adminToken();
  const gatewayPort = Number(process.env.PORT ?? 3000);
  const { env, seedDemo, tokensFile } = launcherEnvironment(process.env, token, STATE_DIR);
  const demo: DemoState = { seedDemo, tokensFile, before: demoTokensStamp(tokensFile) };
  const apps = APPS.map((app): Supervised => ({ app, port: portOf(app, gatewayPort), restarts: 0 }));
  supervised.push(...apps);

  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\n[network] stopping...');
    for (const s of apps) s.child?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 10_000).unref();
    let alive = apps.length;
    for (const s of apps) s.child?.once('exit', () => --alive === 0 && process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  // The registry first: it creates the KV bucket and seeds the members the others read.
  launch(apps[0], env);
  await waitHealthy(apps[0], 90_000);
  for (const s of apps.slice(1)) launch(s, env);
  for (const s of apps.slice(1)) await waitHealthy(s, 90_000);
  printWelcome(gatewayPort, token, demo);
}

/** Whether the demo is asked for, where its tokens go, and that file's stamp before the registry started. */
interface DemoState {
  seedDemo: boolean;
  tokensFile: string;
  before: string | undefined;
}

/** How the apps log in to NATS: each with its own user from NATS_CREDS_DIR (passed on to them), or not at all. */
function busLogin(): string {
  const creds = process.env.NATS_CREDS_DIR;
  return creds
    ? `(each app with its own user: ${creds}/<app>.creds)`
    : '(no authentication: anyone who reaches it can act as any service or node; see `npm run nats:secure`)';
}

function printWelcome(port: number, admin: string, demo: DemoState): void {
  const base = `http://127.0.0.1:${port}`;
  const lines = [
    '',
    'IREN Exchange is running.',
    `  API        ${base}/api/v1`,
    `  OpenAPI    ${base}/api/docs   (JSON: ${base}/api/docs-json)`,
    `  Health     ${base}/health`,
    `  Logs       ${join(STATE_DIR, 'logs')}/<app>.log`,
    `  NATS       ${process.env.NATS_URL ?? 'nats://127.0.0.1:4222'} ${busLogin()}`,
    `  Admin token (IREN_ADMIN_TOKEN): ${admin}`,
  ];
  if (demo.seedDemo) lines.push('', ...demoLines(base, demo));
  lines.push('', 'Ctrl-C stops the network; a second start reuses its data.');
  console.log(lines.join('\n'));
}

/**
 * The demo officers' tokens, printed only by the start that seeded them (the registry wrote the
 * file anew); every later start says where they are kept instead.
 */
function demoLines(base: string, demo: DemoState): string[] {
  const stamp = demoTokensStamp(demo.tokensFile);
  if (stamp === undefined) {
    return [
      'The registry already had members, so the demo region was not seeded and no demo tokens were written;',
      'the admin issues officer tokens with POST /api/v1/nodes/{id}/tokens.',
    ];
  }
  const aktau = `$(node -p 'require("${demo.tokensFile}")["KZ-PCU-AKTAU"]')`;
  const tryIt = ['', 'Try it:', `  curl -s -H "Authorization: Bearer ${aktau}" ${base}/api/v1/inbox`];
  if (stamp === demo.before) {
    return [`Demo region officers' tokens: in ${demo.tokensFile} (written when the region was seeded).`, ...tryIt];
  }
  const tokens = readDemoTokens(demo.tokensFile);
  return [
    `Demo region officers (random tokens, shown this once; kept in ${demo.tokensFile}, owner-only):`,
    ...DEMO_REGION.map((node) => `  ${node.id.padEnd(22)} ${tokens[node.id]}`),
    ...tryIt,
  ];
}

main().catch((error: unknown) => {
  console.error(`[network] ${(error as Error).message}`);
  stopping = true;
  for (const s of supervised) s.child?.kill('SIGTERM');
  process.exit(1);
});
