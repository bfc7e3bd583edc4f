import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { ExchangeNames } from '@iren/contracts';
import { testSigner } from '@iren/messaging/testing';
import { dropDatabase, ensureDatabase } from '@iren/platform';
import { connectPlumbing } from '../../../test/support/test-bus';
import { outboxTableSql, outboxVerificationSql, OutboxRepository } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { deleteStreams, ensureStreams } from './streams';

const PG = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** Wraps a JetStream client to count every publish attempt that reached the server. */
function countingJetStream(js: JetStreamClient, published: string[]): JetStreamClient {
  return new Proxy(js, {
    get(target, property, receiver) {
      if (property !== 'publish') return Reflect.get(target, property, receiver);
      return async (subject: string, data: unknown, options: { msgID: string }) => {
        const ack = await target.publish(subject, data as string, options);
        published.push(options.msgID);
        return ack;
      };
    },
  });
}

describe(OutboxRelay.name, () => {
  const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`;
  const names = new ExchangeNames(`t${id}`);
  const databaseUrl = `${PG}/iren_test_outbox_${id}`;
  let dataSource: DataSource;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const logger = pino({ level: 'silent' });
  const signer = testSigner('gateway');

  beforeAll(async () => {
    await ensureDatabase(databaseUrl);
    dataSource = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
    await dataSource.query('CREATE SCHEMA relaytest');
    for (const statement of [...outboxTableSql('relaytest').up, ...outboxVerificationSql('relaytest').up]) {
      await dataSource.query(statement);
    }
    nc = await connectPlumbing();
    jsm = await jetstreamManager(nc);
    await ensureStreams(jsm, names, { replicas: 1, maxBytes: 64 * 1024 ** 2 });
  });

  afterAll(async () => {
    await deleteStreams(jsm, names);
    await nc.close();
    await dataSource.destroy();
    await dropDatabase(databaseUrl);
  });

  it('publishes every committed row exactly once with two relays running, and leaves uncommitted rows alone', async () => {
    const repository = new OutboxRepository(dataSource, 'relaytest');
    const total = 600;
    const rows = Array.from({ length: total }, (_, i) => ({
      subject: names.eventSubject('message.delivered'),
      msgId: `row-${i}`,
      payload: { i },
      correlationId: `c-${i}`,
    }));
    // Committed in several transactions while the relays run; one more transaction rolls back.
    const published: string[] = [];
    const relays = [0, 1].map(
      () =>
        new OutboxRelay(repository, countingJetStream(jetstream(nc), published), signer, logger, {
          batchSize: 25,
          pollMs: 20,
        }),
    );
    relays.forEach((r) => r.start());
    for (let i = 0; i < total; i += 50) {
      await dataSource.transaction((m) => repository.add(m, rows.slice(i, i + 50)));
    }
    await dataSource
      .transaction(async (m) => {
        await repository.add(m, [
          { subject: names.eventSubject('message.delivered'), msgId: 'rolled-back', payload: {} },
        ]);
        throw new Error('roll back');
      })
      .catch(() => undefined);

    const deadline = Date.now() + 30_000;
    while ((await repository.pendingCount()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(relays.map((r) => r.stop()));

    expect(await repository.pendingCount()).toBe(0);
    expect(published).toHaveLength(total);
    expect(new Set(published).size).toBe(total);
    expect(published).not.toContain('rolled-back');
    const info = await jsm.streams.info(names.stream('EVENTS'));
    expect(info.state.messages).toBe(total);
  });

  it('sends a row committed while a flush is under way at once, not after a poll interval', async () => {
    const repository = new OutboxRepository(dataSource, 'relaytest');
    const subject = names.eventSubject('message.delivered');
    const published: string[] = [];
    // The first row's publish is where the second row is committed (and the relay told): after the
    // flush claimed its rows, before it is done.
    const committingDuringPublish = new Proxy(jetstream(nc), {
      get(target, property, receiver) {
        if (property !== 'publish') return Reflect.get(target, property, receiver);
        return async (s: string, data: string, options: { msgID: string }) => {
          if (options.msgID === 'first') {
            await dataSource.transaction((m) => repository.add(m, [{ subject, msgId: 'second', payload: {} }]));
            relay.notify();
          }
          const ack = await target.publish(s, data, options);
          published.push(options.msgID);
          return ack;
        };
      },
    });
    // Polling once a minute: only being told makes the relay look before the test ends.
    const relay = new OutboxRelay(repository, committingDuringPublish, signer, logger, { pollMs: 60_000 });
    relay.start();
    await dataSource.transaction((m) => repository.add(m, [{ subject, msgId: 'first', payload: {} }]));
    relay.notify();

    const deadline = Date.now() + 5_000;
    while (published.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await relay.stop();
    expect(published).toEqual(['first', 'second']);
    expect(await repository.pendingCount()).toBe(0);
  });

  it('keeps rows unsent while NATS refuses them and sends them once it accepts', async () => {
    const repository = new OutboxRepository(dataSource, 'relaytest');
    const failing = new Proxy(jetstream(nc), {
      get: (target, property, receiver) =>
        property === 'publish'
          ? async () => Promise.reject(new Error('nats unavailable'))
          : Reflect.get(target, property, receiver),
    });
    await dataSource.transaction((m) =>
      repository.add(m, [{ subject: names.eventSubject('message.routed'), msgId: 'late-1', payload: { late: true } }]),
    );
    await expect(new OutboxRelay(repository, failing, signer, logger).flush()).rejects.toThrow('nats unavailable');
    expect(await repository.pendingCount()).toBe(1);
    expect(await new OutboxRelay(repository, jetstream(nc), signer, logger).flush()).toBe(1);
    expect(await repository.pendingCount()).toBe(0);
  });
});
