import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { NATS_SERVER, sparePort } from '@iren/messaging/testing';
import { type NatsServerProcess, startNatsServer } from './bus-auth/nats-server-process';
import { ensureStreams } from './streams';
import { JetStreamWorker } from './worker';

async function until(probe: () => boolean, what: string, ms = 20_000): Promise<void> {
  for (const started = Date.now(); !probe();) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A single NATS server that loses the unsynced tail of a stream (stopped, its newest block file cut
 * back, started again on the same store): the messages published next take the lost sequences,
 * which the consumer would skip as already delivered. The worker notices and consumes them.
 */
describe(`${JetStreamWorker.name} after the broker lost a stream's tail`, () => {
  jest.setTimeout(60_000);
  const names = new ExchangeNames('tail');
  const dir = mkdtempSync(join(tmpdir(), 'iren-lost-tail-'));
  const store = join(dir, 'js');
  let port: number;
  let server: NatsServerProcess;
  let nc: NatsConnection;

  const start = async () => {
    server = await startNatsServer({ binary: NATS_SERVER!, config: join(dir, 'nats.conf'), port });
  };

  beforeAll(async () => {
    port = await sparePort();
    writeFileSync(
      join(dir, 'nats.conf'),
      `listen: 127.0.0.1:${port}\njetstream { store_dir: ${JSON.stringify(store)} }\n`,
    );
    await start();
    nc = await connect({ servers: `127.0.0.1:${port}`, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    await ensureStreams(await jetstreamManager(nc), names, { replicas: 1, maxBytes: 16 * 1024 ** 2 });
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('consumes the messages that took the lost sequences', async () => {
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const handled: string[] = [];
    const worker = new JetStreamWorker(
      js,
      jsm,
      names,
      { stream: 'EVENTS', purpose: 'tail_test' },
      async (msg) => {
        handled.push(msg.headers!.get('Nats-Msg-Id'));
      },
      pino({ level: 'silent' }),
    );
    await worker.start();
    try {
      for (let i = 1; i <= 5; i++) await js.publish(names.eventSubject('test.kept'), `${i}`, { msgID: `kept-${i}` });
      await until(() => handled.length === 5, 'the kept messages');
      const blockDir = join(store, 'jetstream', '$G', 'streams', names.stream('EVENTS'), 'msgs');
      const block = join(
        blockDir,
        readdirSync(blockDir)
          .filter((f) => f.endsWith('.blk'))
          .sort()
          .at(-1)!,
      );
      const onDisk = statSync(block).size;
      for (let i = 1; i <= 5; i++) await js.publish(names.eventSubject('test.lost'), `${i}`, { msgID: `lost-${i}` });
      await until(() => handled.length === 10, 'the messages about to be lost');

      await server.stop();
      truncateSync(block, onDisk);
      await start();
      // The next messages take sequences 6 to 8, which the consumer already delivered before the loss.
      const after = await (async () => {
        const acks = [];
        for (let i = 1; i <= 3; i++) {
          acks.push(await retrying(() => js.publish(names.eventSubject('test.new'), `${i}`, { msgID: `new-${i}` })));
        }
        return acks;
      })();
      expect(after.map((a) => a.seq)).toEqual([6, 7, 8]);
      await worker.checkPosition();
      await until(() => handled.filter((id) => id.startsWith('new-')).length === 3, 'the new messages');
      expect(worker.state().rewound).toBe(1);
      expect(handled.filter((id) => id.startsWith('new-'))).toEqual(['new-1', 'new-2', 'new-3']);
    } finally {
      await worker.stop();
    }
  });
});

async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries > 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
