import type { INestApplication } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ExchangeNames } from '@iren/contracts';
import { CheckpointWatchService, LEDGER_INCONSISTENT_EVENT } from '@iren/messaging';
import { createRootLogger, dropDatabase, loadAuditConfig, loadGatewayConfig, loadRegistryConfig } from '@iren/platform';
import { startAudit } from '../apps/audit/src/audit.app';
import { AppendLedgerEntry } from '../apps/audit/src/ledger/append-ledger-entry.usecase';
import { draft } from '../apps/audit/src/testing/fixtures';
import { startGateway } from '../apps/gateway/src/gateway.app';
import { startRegistry } from '../apps/registry/src/registry.app';
import { apiClient, eventually } from './support/http';
import { connectPlumbing, layOutTopology, NATS_URL, removeRunCreds, runCredsDir } from './support/test-bus';
import { removeNamespace, runId } from './support/test-network';

// Rollback: the audit database is restored from an older copy and grows again. The gateway, which
// saw a later checkpoint, must refuse the new ones and raise the alert.
const PG_SERVER = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const id = runId();
const namespace = `t${id}`;
const databaseUrl = `${PG_SERVER}/iren_test_rollback_${id}`;
const adminToken = `admin-${randomBytes(18).toString('hex')}`;
const logLevel = process.env.TEST_LOG_LEVEL ?? 'silent';
const env = {
  NATS_URL,
  DATABASE_URL: databaseUrl,
  IREN_NAMESPACE: namespace,
  IREN_ADMIN_TOKEN: adminToken,
  PORT: '0',
  LOG_LEVEL: logLevel,
  IREN_STREAM_MAX_BYTES: String(64 * 1024 ** 2),
  IREN_CHECKPOINT_EVERY: '3',
  IREN_CHECKPOINT_SECONDS: '1',
};
const dumpDir = mkdtempSync(join(tmpdir(), 'iren-rollback-'));
const dumpFile = join(dumpDir, 'audit.sql');

let audit: INestApplication | undefined;
let registry: INestApplication;
let gateway: INestApplication;
let baseUrl: string;
let credsDir: string | undefined;

const startAuditApp = () => startAudit(loadAuditConfig(env), createRootLogger('audit', logLevel));
const append = async (app: INestApplication, count: number, tag: string) => {
  for (let i = 0; i < count; i += 1) await app.get(AppendLedgerEntry).execute(draft({ data: { tag, i } }));
};
const watch = () => gateway.get(CheckpointWatchService);
const heldSize = async () => (await watch().state()).checkpoint?.size;
/**
 * Waits until the gateway holds a checkpoint of the whole ledger as it stands (the test's entries
 * and whatever events the apps recorded meanwhile, which a busy machine may interleave); its size.
 */
const settled = (what: string) =>
  eventually(
    async () => {
      const db = new Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        const [{ entries }] = (await db.query('SELECT count(*)::int AS entries FROM "audit"."ledger"')).rows;
        return (await heldSize()) === entries ? (entries as number) : undefined;
      } finally {
        await db.end();
      }
    },
    20_000,
    what,
  );

beforeAll(async () => {
  // The apps' own users on a closed bus.
  await layOutTopology(namespace);
  credsDir = await runCredsDir(namespace);
  if (credsDir) Object.assign(env, { NATS_CREDS_DIR: credsDir });
  // The registry publishes the keys the audit and the gateway pin, and registers the gateway's.
  registry = await startRegistry(
    loadRegistryConfig({ ...env, IREN_SEED_DEMO: 'false' }),
    createRootLogger('registry', logLevel),
  );
  audit = await startAuditApp();
  gateway = await startGateway(loadGatewayConfig(env), createRootLogger('gateway', logLevel));
  const { port } = gateway.getHttpServer().address() as { port: number };
  baseUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await gateway?.close();
  await audit?.close();
  await registry?.close();
  await removeNamespace(namespace);
  await dropDatabase(databaseUrl);
  rmSync(dumpDir, { recursive: true, force: true });
  removeRunCreds(credsDir);
});

it('refuses the checkpoints of a rolled-back audit ledger and raises the alert until acknowledged', async () => {
  const api = apiClient(baseUrl);
  const auditApp = audit as INestApplication;
  await append(auditApp, 3, 'before the copy');
  const copied = await settled('the gateway to hold the first entries');
  // The older copy of the audit schema, taken while the ledger held them.
  execFileSync('pg_dump', ['--schema=audit', '--file', dumpFile, databaseUrl]);

  await append(auditApp, 3, 'after the copy');
  const seen = await settled('the gateway to hold the later entries too');
  expect(seen).toBeGreaterThanOrEqual(copied + 3);
  expect((await fetch(`${baseUrl}/health`)).status).toBe(200);

  // Stop the audit service, put the older copy back, start again and append other entries.
  await auditApp.close();
  audit = undefined;
  const superuser = new Client({ connectionString: databaseUrl });
  await superuser.connect();
  await superuser.query('DROP SCHEMA "audit" CASCADE');
  await superuser.end();
  execFileSync('psql', ['--quiet', '--set', 'ON_ERROR_STOP=1', '--file', dumpFile, databaseUrl]);
  audit = await startAuditApp();
  await append(audit, 6, 'rewritten history');

  const refused = await eventually(
    async () => (await watch().state()).alert ?? undefined,
    20_000,
    'the gateway to refuse the new checkpoint',
  );
  const held = (await watch().state()).checkpoint;
  expect(held?.size).toBe(seen);
  expect(refused.offered.rootHash).not.toBe(held?.rootHash);
  expect(refused.reason).toMatch(/not consistent|no longer holds/);
  // The next, larger checkpoint of the rewritten ledger is refused too, and the old one kept.
  expect(await watch().watcher.poll()).toMatchObject({ status: 'refused' });
  expect(await heldSize()).toBe(seen);

  const health = await fetch(`${baseUrl}/health`);
  expect(health.status).toBe(503);
  expect(await health.json()).toMatchObject({ checks: { ledger: 'down', database: 'up', nats: 'up' } });

  // The alert went to EVENTS (and so into the audit ledger itself), from the gateway's watch and
  // the registry's, each signed by its service.
  const nc = await connectPlumbing();
  try {
    const names = new ExchangeNames(namespace);
    const jsm = await jetstreamManager(nc);
    const watchers: string[] = [];
    const { last_seq: last } = (await jsm.streams.info(names.stream('EVENTS'))).state;
    for (let seq = 1; seq <= last; seq += 1) {
      const event = await jsm.streams.getMessage(names.stream('EVENTS'), { seq });
      if (event?.subject !== names.eventSubject(LEDGER_INCONSISTENT_EVENT)) continue;
      expect(event.header.get('Iren-Signer')).toMatch(/^(gateway|registry)#/);
      watchers.push(event.json<{ data: { watcher: string } }>().data.watcher);
    }
    expect(watchers).toContain('gateway');
  } finally {
    await nc.close();
  }

  // Only the admin acknowledges; the watch then trusts the ledger as it now is.
  expect((await api('POST', '/audit/watch/acknowledge')).status).toBe(401);
  const acknowledged = await api('POST', '/audit/watch/acknowledge', adminToken);
  expect(acknowledged.status).toBe(200);
  expect(acknowledged.body.alert).toBeNull();
  await eventually(async () => ((await fetch(`${baseUrl}/health`)).status === 200 ? true : undefined));
});
