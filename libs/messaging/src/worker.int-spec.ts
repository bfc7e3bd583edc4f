import {
  AckPolicy,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Client } from 'pg';
import pino from 'pino';
import { type MaxDeliveriesAdvisory, ExchangeNames } from '@iren/contracts';
import { sparePort } from '@iren/messaging/testing';
import { isDependencyUnavailable } from '@iren/platform';
import { connectPlumbing } from '../../../test/support/test-bus';
import { PermanentError } from './handler-errors';
import { CONSUMER_POLICY, deleteStreams, ensureStreams } from './streams';
import { ensureConsumer } from './consumer-definition';
import { JetStreamWorker } from './worker';

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 15_000): Promise<T> {
  for (const started = Date.now(); ;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A query on a PostgreSQL that is not there: the error the driver really raises. */
async function queryNowhere(port: number): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe(`${JetStreamWorker.name} on a real NATS server`, () => {
  jest.setTimeout(30_000);
  const names = new ExchangeNames(`t${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}w`);
  const logger = pino({ level: 'silent' });
  let nc: NatsConnection;
  let js: JetStreamClient;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    nc = await connectPlumbing();
    jsm = await jetstreamManager(nc);
    js = jetstream(nc);
    await ensureStreams(jsm, names, { replicas: 1, maxBytes: 64 * 1024 ** 2 });
  });

  afterAll(async () => {
    await deleteStreams(jsm, names);
    await nc.close();
  });

  it('waits out a database that refuses connections without spending the delivery budget or pulling more', async () => {
    const deadPort = await sparePort();
    let databaseUp = false;
    const handled: { seq: number; at: number }[] = [];
    const worker = new JetStreamWorker(
      js,
      jsm,
      names,
      { stream: 'EVENTS', purpose: 'outage_test' },
      async (msg) => {
        if (!databaseUp) await queryNowhere(deadPort);
        handled.push({ seq: msg.seq, at: Date.now() });
      },
      logger,
    );
    await js.publish(names.eventSubject('test.first'), '{}');
    await js.publish(names.eventSubject('test.second'), '{}');
    await worker.start();
    try {
      const state = await until(() => {
        const s = worker.state();
        return s.state === 'degraded' ? s : undefined;
      }, 'the worker to hold');
      expect(state.waitingFor).toMatch(/ECONNREFUSED/);
      // Longer than several retries: the message stays with this worker, un-acked and not redelivered.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      const during = await jsm.consumers.info(names.stream('EVENTS'), names.consumer('outage_test'));
      expect(during.num_ack_pending).toBe(1);
      expect(during.num_redelivered).toBe(0);
      expect(handled).toEqual([]);

      databaseUp = true;
      await until(() => handled.length === 2 || undefined, 'both messages');
      expect(handled.map((h) => h.seq)).toEqual([1, 2]);
      const after = await until(async () => {
        const info = await jsm.consumers.info(names.stream('EVENTS'), names.consumer('outage_test'));
        return info.num_ack_pending === 0 ? info : undefined;
      }, 'the acks');
      expect(after.num_redelivered).toBe(0);
      expect(after.delivered.consumer_seq).toBe(2);
      expect(worker.state()).toMatchObject({ state: 'running', held: 0, acked: 2, deadLettered: 0 });
      expect((await jsm.streams.info(names.stream('DLQ'))).state.messages).toBe(0);
    } finally {
      await worker.stop();
    }
  });

  it('does not ack what it pulled before the connection dropped: the server delivers that sequence again', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const handled: number[] = [];
    const worker = new JetStreamWorker(
      js,
      jsm,
      names,
      { stream: 'EVENTS', purpose: 'drop_test', filterSubject: names.eventSubject('test.drop.*') },
      async (msg) => {
        if (handled.length === 0) await released;
        handled.push(msg.seq);
      },
      logger,
    );
    const consumer = () => jsm.consumers.info(names.stream('EVENTS'), names.consumer('drop_test'));
    const { seq } = await js.publish(names.eventSubject('test.drop.first'), '{}');
    await worker.start();
    try {
      await until(async () => (await consumer()).num_ack_pending === 1 || undefined, 'the message in hand');
      worker.connectionLost();
      release();
      await until(() => handled.length === 1 || undefined, 'the handler');
      expect(worker.state()).toMatchObject({ acked: 0, leftForRedelivery: 1 });
      // Still pending at the server: it is redelivered after the ack wait, not lost.
      expect((await consumer()).num_ack_pending).toBe(1);

      // What is pulled on the connection as it is now is acked as ever.
      await js.publish(names.eventSubject('test.drop.after'), '{}');
      await until(() => worker.state().acked === 1 || undefined, 'the next message acked');
      expect(worker.state()).toMatchObject({ leftForRedelivery: 1 });
      // The first is still pending, the second acked.
      expect((await consumer()).num_ack_pending).toBe(1);
      expect((await consumer()).ack_floor.stream_seq).toBeLessThan(seq);
    } finally {
      await worker.stop();
    }
  });

  it('the driver error it waits on is one isDependencyUnavailable recognises', async () => {
    const error = await queryNowhere(await sparePort()).catch((e: unknown) => e);
    expect(isDependencyUnavailable(error)).toBe(true);
  });

  it('dead-letters a poison message with its headers, and moves on to the next', async () => {
    const handled: string[] = [];
    const worker = new JetStreamWorker(
      js,
      jsm,
      names,
      { stream: 'EXCHANGE', purpose: 'poison_test' },
      async (msg) => {
        if (msg.subject.endsWith('BAD')) throw new PermanentError('invalid_envelope', 'not an envelope');
        handled.push(msg.subject);
      },
      logger,
    );
    await js.publish(names.publishSubject('KZ-PCU-AKTAU', 'BAD' as never), 'junk');
    await js.publish(names.publishSubject('KZ-PCU-AKTAU', 'ALERT'), '{}');
    await worker.start();
    try {
      await until(() => handled.length === 1 || undefined, 'the good message');
      const letter = await until(
        () =>
          jsm.streams
            .getMessage(names.stream('DLQ'), { last_by_subj: names.dlqSubject('invalid_envelope') })
            .then((m) => m ?? undefined),
        'the dead letter',
      );
      expect(letter.string()).toBe('junk');
      expect(letter.header.get('Iren-Dlq-Consumer')).toBe(names.consumer('poison_test'));
      expect(letter.header.get('Iren-Dlq-Stream')).toBe(names.stream('EXCHANGE'));
    } finally {
      await worker.stop();
    }
  });

  it('keeps the server’s max-deliveries advisory in the DLQ stream, for a consumer made with a delivery limit', async () => {
    // The network's consumers have none (CONSUMER_POLICY.maxDeliver); one an operator makes may.
    const durable = names.consumer('advisory_test');
    const maxDeliver = 3;
    await jsm.consumers.add(names.stream('INBOX'), {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      max_deliver: maxDeliver,
      filter_subject: names.inboxSubject('KZ-PCU-AKTAU'),
    });
    const ack = await js.publish(names.inboxSubject('KZ-PCU-AKTAU'), '{"never":"acked"}');
    const consumer = await js.consumers.get(names.stream('INBOX'), durable);
    // A consumer that crashes on the message every time: nothing acks, nothing dead-letters.
    for (let delivery = 1; delivery <= maxDeliver; delivery++) {
      const msg = await consumer.next({ expires: 5_000 });
      expect(msg?.info.deliveryCount).toBe(delivery);
      msg!.nak();
    }
    // The server gives up when it would deliver once more: to the consumer's next pull.
    expect(await consumer.next({ expires: 2_000 })).toBeNull();
    const subject = `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${names.stream('INBOX')}.${durable}`;
    const kept = await until(
      () => jsm.streams.getMessage(names.stream('DLQ'), { last_by_subj: subject }).then((m) => m ?? undefined),
      'the advisory in the DLQ stream',
    );
    const advisory = kept.json<MaxDeliveriesAdvisory>();
    expect(advisory).toMatchObject({
      stream: names.stream('INBOX'),
      consumer: durable,
      stream_seq: ack.seq,
      deliveries: 3,
    });
  });

  it('makes the network’s consumers with no delivery limit, lifting the limit of one made before: the worker, not the server, gives a message up', async () => {
    // As an earlier release made it, with the server's limit at 20.
    await jsm.consumers.add(names.stream('INBOX'), {
      durable_name: names.consumer('no_limit_test'),
      ack_policy: AckPolicy.Explicit,
      max_deliver: 20,
    });
    await ensureConsumer(jsm, names, { stream: 'INBOX', purpose: 'no_limit_test' });
    const info = await jsm.consumers.info(names.stream('INBOX'), names.consumer('no_limit_test'));
    expect(info.config.max_deliver).toBe(-1);
  });

  it('gathers what arrives into batches without waiting for the pull to end, and acks them after the handler', async () => {
    const batches: number[][] = [];
    const worker = new JetStreamWorker(
      js,
      jsm,
      names,
      {
        stream: 'EVENTS',
        purpose: 'batch_test',
        filterSubject: names.eventSubject('test.batch'),
        batch: { max: 50, lingerMs: 20 },
      },
      {
        batch: async (msgs) => {
          batches.push(msgs.map((m) => m.seq));
          return msgs.map(() => undefined);
        },
      },
      logger,
    );
    await worker.start();
    try {
      // The pull is open for CONSUMER_POLICY.pullExpiresMs; seven messages must not wait for it to end.
      const sent = Date.now();
      await Promise.all(Array.from({ length: 7 }, () => js.publish(names.eventSubject('test.batch'), '{}')));
      await until(() => batches.flat().length === 7 || undefined, 'seven messages');
      expect(Date.now() - sent).toBeLessThan(CONSUMER_POLICY.pullExpiresMs);
      expect(batches.length).toBeLessThan(7);
      const info = await until(async () => {
        const i = await jsm.consumers.info(names.stream('EVENTS'), names.consumer('batch_test'));
        return i.num_ack_pending === 0 ? i : undefined;
      }, 'the acks');
      expect(info.delivered.consumer_seq).toBe(7);
      expect(info.num_redelivered).toBe(0);
    } finally {
      await worker.stop();
    }
  });
});
