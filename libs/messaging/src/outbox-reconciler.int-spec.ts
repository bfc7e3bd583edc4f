import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { ExchangeNames, HEADERS } from '@iren/contracts';
import { testSigner } from '@iren/messaging/testing';
import { dropDatabase, ensureDatabase } from '@iren/platform';
import { connectPlumbing } from '../../../test/support/test-bus';
import { EventOutbox } from './event-outbox';
import { outboxTableSql, outboxVerificationSql, OutboxRepository } from './outbox';
import { OutboxReconciler, streamOfSubject } from './outbox-reconciler';
import { OutboxRelay } from './outbox-relay';
import { deleteStreams, ensureStreams } from './streams';

const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const SCHEMA = 'reconciletest';

describe(OutboxReconciler.name, () => {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  const names = new ExchangeNames(`t${id}r`);
  const databaseUrl = `${PG}/iren_test_reconcile_${id}`;
  const logger = pino({ level: 'silent' });
  let dataSource: DataSource;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let outbox: OutboxRepository;
  let relay: OutboxRelay;

  /** A reconciler that counts a message as on disk `settleMs` after it was sent. */
  const reconciler = (settleMs: number) =>
    new OutboxReconciler(
      dataSource,
      outbox,
      new EventOutbox(names, outbox),
      jsm,
      names,
      (row) => relay.publish(row),
      'gateway',
      logger,
      { settleMs, pageSize: 7 },
    );

  const alert = (n: number) => ({
    subject: names.publishSubject('KZ-PCU-AKTAU', 'ALERT'),
    msgId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    payload: { id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, origin: 'KZ-PCU-AKTAU', kind: 'ALERT' },
    correlationId: `c-${n}`,
  });

  async function rows(): Promise<{ id: string; msgId: string; seq: number; verified: boolean; subject: string }[]> {
    return (
      await dataSource.query(
        `SELECT o.id::text AS id, msg_id AS "msgId", stream_seq::int AS seq, verified_at IS NOT NULL AS verified, subject
           FROM ${SCHEMA}.outbox o ORDER BY o.id`,
      )
    ).map((r: { seq: number }) => r);
  }

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    dataSource = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
    await dataSource.query(`CREATE SCHEMA ${SCHEMA}`);
    for (const sql of [...outboxTableSql(SCHEMA).up, ...outboxVerificationSql(SCHEMA).up]) await dataSource.query(sql);
    nc = await connectPlumbing();
    jsm = await jetstreamManager(nc);
    await ensureStreams(jsm, names, { replicas: 1, maxBytes: 64 * 1024 ** 2 });
    outbox = new OutboxRepository(dataSource, SCHEMA);
    relay = new OutboxRelay(outbox, jetstream(nc), testSigner('gateway'), logger);
  });

  afterAll(async () => {
    await deleteStreams(jsm, names);
    await nc.close();
    await dataSource.destroy();
    await dropDatabase(databaseUrl);
  });

  beforeEach(async () => {
    await dataSource.query(`TRUNCATE ${SCHEMA}.outbox`);
  });

  it('records where each message was stored, and verifies only what was sent longer ago than the settle time', async () => {
    await dataSource.transaction((m) =>
      outbox.add(
        m,
        Array.from({ length: 12 }, (_, i) => alert(i + 1)),
      ),
    );
    await relay.flush();
    const sent = await rows();
    // In the order they were written, past row 9 too (ids are numbers, not text).
    const seqs = sent.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[0]).toBeGreaterThan(0);
    for (const row of sent) {
      const stored = await jsm.streams.getMessage(names.stream('EXCHANGE'), { seq: row.seq });
      expect(stored?.header.get(HEADERS.msgId)).toBe(row.msgId);
    }

    expect(await reconciler(60_000).reconcile()).toEqual({ checked: 12, verified: 0, recent: 12, resent: 0 });
    expect((await rows()).some((r) => r.verified)).toBe(false);
    expect(await reconciler(0).reconcile()).toEqual({ checked: 12, verified: 12, recent: 0, resent: 0 });
    expect(await reconciler(0).reconcile()).toEqual({ checked: 0, verified: 0, recent: 0, resent: 0 });
  });

  it('does not look up what it saw sent while it settles, until the connection drops; then it finds a loss at once', async () => {
    const watching = reconciler(60_000);
    await dataSource.transaction((m) =>
      outbox.add(
        m,
        Array.from({ length: 5 }, (_, i) => alert(50 + i)),
      ),
    );
    await relay.flush();
    expect(await watching.reconcile()).toEqual({ checked: 0, verified: 0, recent: 0, resent: 0 });

    const [lost] = await rows();
    await jsm.streams.deleteMessage(names.stream('EXCHANGE'), lost.seq);
    watching.sightLost();
    expect(await watching.reconcile()).toEqual({ checked: 5, verified: 0, recent: 4, resent: 1 });
    // Once settled, each row is looked up (and verified) whenever it was sent.
    await relay.flush();
    const later = new Date(Date.now() + 61_000);
    expect(await watching.reconcile(later)).toEqual({ checked: 6, verified: 6, recent: 0, resent: 0 });
  });

  it('sends again what the stream no longer holds, or holds another message at, and records it in the ledger', async () => {
    await dataSource.transaction((m) =>
      outbox.add(
        m,
        Array.from({ length: 10 }, (_, i) => alert(100 + i)),
      ),
    );
    await relay.flush();
    const [kept, deleted, ...rest] = await rows();
    const overwritten = rest[0];
    // Lost: gone from its place, and a place now holding a different message (a sequence reused after a restart).
    await jsm.streams.deleteMessage(names.stream('EXCHANGE'), deleted.seq);
    await jsm.streams.deleteMessage(names.stream('EXCHANGE'), overwritten.seq);
    await dataSource.query(`UPDATE ${SCHEMA}.outbox SET stream_seq = $1 WHERE id = $2`, [kept.seq, overwritten.id]);

    const report = await reconciler(0).reconcile();
    expect(report).toEqual({ checked: 10, verified: 8, recent: 0, resent: 2 });

    const after = await rows();
    const events = after.filter((r) => r.subject === names.eventSubject('bus.resent'));
    expect(events).toHaveLength(2);
    for (const lost of [deleted, { ...overwritten, seq: kept.seq }]) {
      const row = after.find((r) => r.id === lost.id)!;
      expect(row.verified).toBe(false);
      const stored = await jsm.streams.getMessage(names.stream('EXCHANGE'), { seq: row.seq });
      // Deleting a message does not clear its id from the stream's duplicate window (losing the
      // tail in a restart does): the message goes again under an id of its own.
      expect(stored?.header.get(HEADERS.msgId)).toBe(`${lost.msgId}:resent:${lost.seq}`);
      expect(row.msgId).toBe(`${lost.msgId}:resent:${lost.seq}`);
      expect(stored?.json()).toMatchObject({ id: lost.msgId });
      expect(stored?.header.get(HEADERS.correlationId)).toBeTruthy();
    }
    const [payload] = await dataSource.query(
      `SELECT payload FROM ${SCHEMA}.outbox WHERE subject = $1 AND payload->>'messageId' = $2`,
      [names.eventSubject('bus.resent'), deleted.msgId],
    );
    expect(payload.payload).toMatchObject({
      type: 'bus.resent',
      node: 'KZ-PCU-AKTAU',
      messageId: deleted.msgId,
      data: {
        service: 'gateway',
        stream: 'EXCHANGE',
        msgId: `${deleted.msgId}:resent:${deleted.seq}`,
        lostSeq: deleted.seq,
      },
    });

    // The events go out like any other row; the next pass verifies everything.
    await relay.flush();
    expect(await reconciler(0).reconcile()).toEqual({ checked: 4, verified: 4, recent: 0, resent: 0 });
  });

  it('knows which stream keeps each subject', () => {
    expect(streamOfSubject(names, names.publishSubject('KZ-PCU-AKTAU', 'ALERT'))).toBe('EXCHANGE');
    expect(streamOfSubject(names, names.eventSubject('message.routed'))).toBe('EVENTS');
    expect(streamOfSubject(names, names.inboxSubject('KZ-PCU-AKTAU'))).toBe('INBOX');
    expect(streamOfSubject(names, 'elsewhere.pub.x')).toBeUndefined();
  });
});
