import type { INestApplication } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { headers, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ExchangeNames, HEADERS, RPC, type Envelope } from '@iren/contracts';
import { deleteStreams, drainNats, type LeaseState } from '@iren/messaging';
import { StandInRegistry } from '@iren/messaging/testing';
import { appDataSourceOptions, createRootLogger, dropDatabase } from '@iren/platform';
import { AUDIT_ENTITIES, AUDIT_MIGRATIONS } from './audit.module';
import { CheckpointSigner } from './checkpoints/checkpoint-signer';
import type { AuditEventsPage } from './events-query/audit-events.types';
import { AppendLedgerEntry } from './ledger/append-ledger-entry.usecase';
import { firstBrokenEntry } from './ledger/ledger-hashing';
import { LedgerRepository } from './ledger/ledger.repository';
import {
  SECRET_TITLE,
  alertEnvelope,
  connectPlumbing,
  draft,
  exchangeEvent,
  startTestAudit,
  testAuditConfig,
} from './testing/fixtures';

jest.setTimeout(60_000);

const suffix = randomBytes(5).toString('hex');
const names = new ExchangeNames(`t${suffix}`);
const config = testAuditConfig('audit', suffix, names.namespace, {
  checkpointEvery: 100,
  checkpointSeconds: 10,
  ledgerLeaseSeconds: 7,
});
const logger = createRootLogger('audit', config.logLevel);

let app: INestApplication;
let nc: NatsConnection;
let js: JetStreamClient;
let jsm: JetStreamManager;
let ledger: LedgerRepository;
let registry: StandInRegistry;

const alert = alertEnvelope({ createdAt: '2026-03-01T10:00:00.000Z' });
const profile: Envelope = alertEnvelope({
  kind: 'RISK_PROFILE',
  origin: 'UZ-HQ-TASHKENT',
  createdAt: '2026-03-01T11:00:00.000Z',
  tlp: 'GREEN',
  to: { nodes: [], countries: ['KZ'], groups: [] },
});
const routed = exchangeEvent({ messageId: alert.id, at: '2026-03-01T10:00:01.000Z' });
const delivered = exchangeEvent({
  type: 'message.delivered',
  messageId: alert.id,
  at: '2026-03-01T10:05:00.000Z',
  node: 'AZ-PCU-BAKU',
  nodes: ['AZ-PCU-BAKU'],
  correlationId: 'corr-delivered',
  data: { attempt: 1 },
});
const registered = exchangeEvent({
  type: 'registry.node.registered',
  messageId: undefined,
  at: '2026-03-01T12:00:00.000Z',
  node: 'UZ-HQ-TASHKENT',
  nodes: ['UZ-HQ-TASHKENT'],
  data: { type: 'HQ', country: 'UZ' },
});

/** Publishes as nobody in particular: no service vouches for it. */
async function publishRaw(subject: string, payload: unknown, msgID: string, correlationId?: string) {
  const h = headers();
  if (correlationId) h.set(HEADERS.correlationId, correlationId);
  return js.publish(subject, typeof payload === 'string' ? payload : JSON.stringify(payload), { msgID, headers: h });
}

async function eventually(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function consumerIdle(purpose: string): Promise<boolean> {
  const stream = purpose === 'audit_exchange' ? 'EXCHANGE' : 'EVENTS';
  const info = await jsm.consumers.info(names.stream(stream), names.consumer(purpose));
  return info.num_pending === 0 && info.num_ack_pending === 0;
}

const allEntries = () => ledger.page({}, 10_000);

type QueryReply = {
  response?: AuditEventsPage;
  err?: { code: string; message?: string; fields?: { field: string }[] };
};

/**
 * Asks the audit service over NATS as the gateway's client would: `{ pattern, data, id }`, signed
 * as the gateway (or with the headers given), answered `{ response | err }`.
 */
async function query(data: Record<string, unknown>, headers?: MsgHdrs): Promise<QueryReply> {
  const subject = names.rpc(RPC.queryAuditEvents);
  const signed = headers ?? registry.signer('gateway').requestHeaders(subject, data);
  const body = JSON.stringify({ pattern: RPC.queryAuditEvents, data, id: randomUUID() });
  return (await nc.request(subject, body, { timeout: 5000, headers: signed })).json();
}

async function indexesOf(filter: Record<string, unknown>): Promise<number[]> {
  const { response, err } = await query(filter);
  if (!response) throw new Error(`query failed: ${JSON.stringify(err)}`);
  return response.items.map((item) => item.index);
}

beforeAll(async () => {
  nc = await connectPlumbing();
  js = jetstream(nc);
  jsm = await jetstreamManager(nc);
  registry = await StandInRegistry.start(nc, names);
  app = await startTestAudit(config, logger);
  ledger = app.get(LedgerRepository);
});

afterAll(async () => {
  await app?.close();
  if (jsm) await deleteStreams(jsm, names);
  await drainNats(nc);
  await dropDatabase(config.databaseUrl);
});

describe('audit service', () => {
  it('records each published message once, whatever the redeliveries', async () => {
    await registry.publishEnvelope(js, alert, alert.id, 'corr-alert');
    expect((await registry.publishEnvelope(js, alert, alert.id, 'corr-alert')).duplicate).toBe(true);
    // A relay that lost its dedupe window publishes the same envelope under another msg id.
    expect((await registry.publishEnvelope(js, alert, `${alert.id}:again`, 'corr-alert')).duplicate).toBe(false);
    await registry.publishEnvelope(js, profile);
    await eventually(
      async () => (await allEntries()).length === 2 && (await consumerIdle('audit_exchange')),
      'two published entries',
    );

    const entries = await allEntries();
    expect(entries.map((e) => [e.index, e.sourceId, e.type])).toEqual([
      [0, `exchange:${alert.id}`, 'message.published'],
      [1, `exchange:${profile.id}`, 'message.published'],
    ]);
    expect(entries[0]).toMatchObject({
      node: 'KZ-PCU-AKTAU',
      nodes: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'],
      country: 'KZ',
      kind: 'ALERT',
      correlationId: 'corr-alert',
    });
    expect(entries[1]).toMatchObject({
      node: 'UZ-HQ-TASHKENT',
      country: 'UZ',
      kind: 'RISK_PROFILE',
      correlationId: null,
    });
  });

  it('appends the events after them, in order, with their correlation ids', async () => {
    await registry.publishEvent(js, routed, routed.id, 'corr-routed');
    await registry.publishEvent(js, delivered);
    await registry.publishEvent(js, registered);
    await eventually(
      async () => (await allEntries()).length === 5 && (await consumerIdle('audit_events')),
      'five entries',
    );

    const entries = await allEntries();
    expect(entries.map((e) => [e.index, e.sourceId])).toEqual([
      [0, `exchange:${alert.id}`],
      [1, `exchange:${profile.id}`],
      [2, `event:${routed.id}`],
      [3, `event:${delivered.id}`],
      [4, `event:${registered.id}`],
    ]);
    expect(entries.map((e) => e.correlationId)).toEqual(['corr-alert', null, 'corr-routed', 'corr-delivered', null]);
    expect(firstBrokenEntry(entries)).toBeNull();
  });

  it('stores no message content anywhere', async () => {
    const rows: { row: string }[] = await app.get(DataSource).query(`SELECT l::text AS row FROM "audit"."ledger" l`);
    expect(rows).toHaveLength(5);
    for (const secret of [SECRET_TITLE, 'CSQU3054383', 'Antibiotics, retail packs', 'c2lnbmF0dXJl']) {
      expect(rows.filter((r) => r.row.includes(secret))).toEqual([]);
    }
  });

  it('dead-letters an event it cannot read or that no producer signed, and appends nothing for it', async () => {
    const misfiled = JSON.stringify({ ...exchangeEvent(), type: 'message.delivered' });
    await registry
      .signer('router')
      .publish(js, names.eventSubject('message.routed'), misfiled, { msgId: randomUUID() });
    await publishRaw(names.eventSubject('message.routed'), exchangeEvent(), randomUUID());
    const deadLetters = async (reason: string) => {
      const subject = names.dlqSubject(reason);
      const info = await jsm.streams.info(names.stream('DLQ'), { subjects_filter: subject });
      return info.state.subjects?.[subject] ?? 0;
    };
    await eventually(async () => (await deadLetters('unsigned')) === 1, 'the unsigned event dead-lettered');
    await eventually(async () => (await deadLetters('invalid_audit_input')) === 1, 'the misfiled event dead-lettered');
    expect(await allEntries()).toHaveLength(5);
  });

  it('records what is not authentic on EXCHANGE as refused, for no node', async () => {
    const forged = { ...alertEnvelope({ createdAt: new Date().toISOString() }), signature: undefined };
    await publishRaw(names.publishSubject('KZ-PCU-AKTAU', 'ALERT'), forged, forged.id);
    await eventually(async () => (await allEntries()).length === 6, 'the refused entry');
    expect((await allEntries())[5]).toMatchObject({
      type: 'message.refused',
      node: null,
      nodes: [],
      country: null,
      messageId: forged.id,
      data: { reason: 'unsigned', claimedOrigin: 'KZ-PCU-AKTAU' },
    });
  });

  it('leaves nothing pending once a message is dead-lettered', async () => {
    // Terminated at once rather than redelivered after the ack wait.
    await eventually(
      async () => (await consumerIdle('audit_exchange')) && (await consumerIdle('audit_events')),
      'consumers idle',
      5_000,
    );
  });

  it('answers queries filtered by node, country, kind, message and time', async () => {
    expect(await indexesOf({})).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await indexesOf({ kind: 'message.refused' })).toEqual([5]);
    expect(await indexesOf({ node: 'AZ-PCU-BAKU' })).toEqual([0, 2, 3]);
    expect(await indexesOf({ country: 'UZ' })).toEqual([1, 4]);
    expect(await indexesOf({ kind: 'ALERT' })).toEqual([0, 2]);
    expect(await indexesOf({ kind: 'message.published' })).toEqual([0, 1]);
    expect(await indexesOf({ kind: 'message.delivered' })).toEqual([3]);
    expect(await indexesOf({ messageId: alert.id })).toEqual([0, 2, 3]);
    expect(await indexesOf({ from: '2026-03-01T10:00:01Z', to: '2026-03-01T11:00:00Z' })).toEqual([2, 3]);
    expect(await indexesOf({ node: 'UZ-HQ-TASHKENT', kind: 'RISK_PROFILE' })).toEqual([1]);
  });

  it('answers the public view of an entry, with every field its leaf hash covers', async () => {
    const { response } = await query({ messageId: alert.id, limit: 1 });
    const entries = await allEntries();
    expect(response?.items[0]).toEqual({
      index: 0,
      leafHash: entries[0].leafHash,
      sourceId: entries[0].sourceId,
      recordedAt: entries[0].recordedAt,
      type: 'message.published',
      at: '2026-03-01T10:00:00.000Z',
      node: 'KZ-PCU-AKTAU',
      messageId: alert.id,
      correlationId: 'corr-alert',
      data: entries[0].data,
      country: 'KZ',
      kind: 'ALERT',
      nodes: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'],
    });
  });

  it('pages with an opaque cursor until next is null', async () => {
    const pages: number[][] = [];
    let after: string | undefined;
    do {
      const { response } = await query({ limit: 2, ...(after && { after }) });
      pages.push(response!.items.map((i) => i.index));
      after = response!.next ?? undefined;
    } while (after);
    expect(pages).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it('answers only what the gateway asked: not an unsigned query, nor one signed by another, nor a replay', async () => {
    expect((await query({}, headers())).err).toMatchObject({ code: 'FORBIDDEN', message: /^unsigned/ });
    const subject = names.rpc(RPC.queryAuditEvents);
    const byRouter = registry.signer('router').requestHeaders(subject, {});
    expect((await query({}, byRouter)).err).toMatchObject({ code: 'FORBIDDEN', message: /^wrong_signer/ });
    const once = registry.signer('gateway').requestHeaders(subject, {});
    expect((await query({}, once)).response).toBeDefined();
    expect((await query({}, once)).err).toMatchObject({ code: 'FORBIDDEN', message: /^replayed/ });
    const changed = registry.signer('gateway').requestHeaders(subject, { limit: 1 });
    expect((await query({ limit: 500 }, changed)).err).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses an invalid query with the failing field', async () => {
    expect((await query({ limit: 501 })).err).toMatchObject({ code: 'INVALID_INPUT', fields: [{ field: 'limit' }] });
    expect((await query({ after: 'not-a-cursor' })).err).toMatchObject({
      code: 'INVALID_INPUT',
      fields: [{ field: 'after' }],
    });
    expect((await query({ body: 'x' })).err).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('keeps one dense chain when two appenders race', async () => {
    // A second data source stands for a second audit instance: its own pool, the same table.
    const other = await new DataSource(
      appDataSourceOptions({
        databaseUrl: config.databaseUrl,
        schema: 'audit',
        entities: AUDIT_ENTITIES,
        migrations: AUDIT_MIGRATIONS,
      }),
    ).initialize();
    try {
      const appenders = [
        app.get(AppendLedgerEntry),
        new AppendLedgerEntry(new LedgerRepository(other), app.get(CheckpointSigner)),
      ];
      const drafts = Array.from({ length: 50 }, (_, i) => draft({ data: { racer: i } }));
      const outcomes = await Promise.all(drafts.map((d, i) => appenders[i % 2].execute(d)));
      expect(outcomes.every((o) => o !== null)).toBe(true);
      const again = await Promise.all(drafts.map((d, i) => appenders[(i + 1) % 2].execute(d)));
      expect(again.every((o) => o === null)).toBe(true);
    } finally {
      await other.destroy();
    }
    const entries = await allEntries();
    expect(entries.map((e) => e.index)).toEqual(Array.from({ length: 56 }, (_, i) => i));
    expect(firstBrokenEntry(entries)).toBeNull();
  });

  it('records a burst of events in batches, in stream order, once each', async () => {
    const before = (await allEntries()).length;
    const burst = Array.from({ length: 600 }, (_, i) => exchangeEvent({ data: { kind: 'ALERT', burst: i } }));
    const acks = await Promise.all(burst.map((event) => registry.publishEvent(js, event)));
    // One of them again under another msg id, as a relay that lost its dedupe window would: recorded once.
    await registry.publishEvent(js, burst[0], `${burst[0].id}:again`);
    await eventually(
      async () => (await allEntries()).length === before + burst.length && (await consumerIdle('audit_events')),
      'the burst recorded',
    );
    const inStreamOrder = burst.map((event, i) => ({ id: `event:${event.id}`, seq: acks[i].seq }));
    inStreamOrder.sort((a, b) => a.seq - b.seq);
    const entries = await allEntries();
    expect(entries.slice(before).map((e) => e.sourceId)).toEqual(inStreamOrder.map((e) => e.id));
    expect(firstBrokenEntry(entries)).toBeNull();
  });

  it('reports its database and NATS as healthy', async () => {
    const { port } = app.getHttpServer().address() as { port: number };
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', checks: { database: 'up', nats: 'up' } });
  });

  it('holds the ledger writer’s lease, alone, with the TTL it was given (IREN_LEDGER_LEASE_SECONDS)', async () => {
    const { port } = app.getHttpServer().address() as { port: number };
    const health = (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as {
      details: { leases: LeaseState[] };
    };
    expect(health.details.leases).toEqual([
      expect.objectContaining({ lease: 'audit.ledger-writer', held: true, ttlSeconds: 7 }),
    ]);
  });
});
