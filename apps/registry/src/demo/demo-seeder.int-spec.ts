import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { NodesService } from '../nodes/nodes.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { type RegistryHarness, startRegistryHarness } from '../testing/registry-harness';
import { tokenHash } from '../tokens/token-secret';
import { DEMO_REGION } from './demo-region';
import { DemoSeeder } from './demo-seeder';
import { readDemoTokens } from './demo-tokens-file';

// The harness's admin token: every harness runs with the same one.
const ADMIN_TOKEN = 'x'.repeat(32);

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A registry that seeds the demo region at start, writing its tokens under a fresh directory. */
async function seededRegistry(dir: string, label: string): Promise<{ harness: RegistryHarness; file: string }> {
  const file = join(dir, label, 'demo-tokens.json');
  const harness = await startRegistryHarness(label, undefined, { IREN_SEED_DEMO: 'yes', IREN_DEMO_TOKENS_FILE: file });
  return { harness, file };
}

describe(DemoSeeder.name, () => {
  let dir: string;
  let harness: RegistryHarness;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iren-demo-'));
    ({ harness, file } = await seededRegistry(dir, 'demo_seed'));
  });

  afterAll(async () => {
    await harness?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one random token per demo node to a file only its owner can read', () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'demo_seed')).mode & 0o777).toBe(0o700);
    const tokens = readDemoTokens(file);
    expect(Object.keys(tokens).sort()).toEqual(DEMO_REGION.map((node) => node.id).sort());
    for (const token of Object.values(tokens)) expect(token).toMatch(/^irn_[A-Za-z0-9_-]{43}$/);
    expect(new Set(Object.values(tokens)).size).toBe(DEMO_REGION.length);
  });

  it('registers the tokens as any other: their digests in the registry and its bucket, never the tokens', async () => {
    const tokens = readDemoTokens(file);
    await until(
      () => Object.values(tokens).every((token) => harness.mirror.token(tokenHash(token)) !== undefined),
      'every demo token in the registry bucket',
    );
    for (const [nodeId, token] of Object.entries(tokens)) {
      expect(harness.mirror.token(tokenHash(token))).toMatchObject({ nodeId, revokedAt: null });
    }
    const db = new Client({ connectionString: harness.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ node_id: string; hash: string }>('SELECT node_id, hash FROM registry.tokens');
      expect(rows.map((row) => [row.node_id, row.hash]).sort()).toEqual(
        Object.entries(tokens)
          .map(([nodeId, token]) => [nodeId, tokenHash(token)])
          .sort(),
      );
      const stored = JSON.stringify((await db.query('SELECT * FROM registry.tokens')).rows);
      for (const token of Object.values(tokens)) expect(stored).not.toContain(token);
    } finally {
      await db.end();
    }
  });

  it('derives nothing from the admin token: another registry with the same one seeds other tokens', async () => {
    const tokens = readDemoTokens(file);
    // The derivation demo tokens used to have.
    const derived = (nodeId: string) =>
      'irn_' + createHmac('sha256', ADMIN_TOKEN).update(`demo-officer:${nodeId}`).digest('base64url');
    for (const [nodeId, token] of Object.entries(tokens)) expect(token).not.toBe(derived(nodeId));
    const other = await seededRegistry(dir, 'demo_seed_again');
    try {
      const again = readDemoTokens(other.file);
      for (const nodeId of Object.keys(tokens)) expect(again[nodeId]).not.toBe(tokens[nodeId]);
    } finally {
      await other.harness.stop();
    }
  });

  it('leaves the file as it is on a start that does not seed', async () => {
    const before = { text: readFileSync(file, 'utf8'), inode: statSync(file).ino };
    // As at a second start: the registry has members, so nothing is seeded or written.
    await harness.app.get(DemoSeeder).onApplicationBootstrap();
    expect({ text: readFileSync(file, 'utf8'), inode: statSync(file).ino }).toEqual(before);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe(`${DemoSeeder.name} with several registries on one empty database`, () => {
  let harness: RegistryHarness;

  beforeAll(async () => {
    harness = await startRegistryHarness('demo_seed_race');
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('seeds the region once: the registries take turns, and those after the first find its members', async () => {
    const seeder = () =>
      new DemoSeeder(
        { enabled: true },
        harness.app.get(NodesService),
        harness.app.get(SubscriptionsService),
        harness.app.get(DataSource),
        pino({ level: 'silent' }),
      );
    await Promise.all([seeder(), seeder(), seeder()].map((s) => s.onApplicationBootstrap()));
    const db = new Client({ connectionString: harness.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string }>('SELECT id FROM registry.nodes ORDER BY id');
      expect(rows.map((row) => row.id)).toEqual(DEMO_REGION.map((node) => node.id).sort());
      const tokens = await db.query('SELECT 1 FROM registry.tokens');
      expect(tokens.rowCount).toBe(DEMO_REGION.length);
    } finally {
      await db.end();
    }
  });
});
