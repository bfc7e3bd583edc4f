import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { NATS_SERVER, sparePort, withNatsServer } from '@iren/messaging/testing';
import { startNatsServer, type NatsServerProcess } from './bus-auth/nats-server-process';
import { ensureConsumer } from './consumer-definition';
import { ensureStreams } from './streams';
import { JetStreamWorker } from './worker';

const names = new ExchangeNames('iren');

/**
 * A process killed -9 leaves its pull request waiting at the server. On NATS 2.9 with leaf nodes
 * configured (a hub with national sites, a site), the server then takes each new message as
 * delivered to that pull, and at once again, up to the pull's batch size in a millisecond: with a
 * delivery limit it dropped the message from the consumer before a live worker saw it.
 */
withNatsServer(describe, 'the dead pull test')(
  'a durable consumer after a worker was killed with its pull waiting',
  () => {
    let dir: string;
    let server: NatsServerProcess;
    let nc: NatsConnection;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'iren-dead-pull-'));
      const port = await sparePort();
      const config = join(dir, 'nats.conf');
      writeFileSync(
        config,
        `listen: 127.0.0.1:${port}\njetstream { store_dir: "${dir}/js" }\nleafnodes { listen: 127.0.0.1:${await sparePort()} }\n`,
      );
      server = await startNatsServer({ binary: NATS_SERVER!, config, port });
      nc = await connect({ servers: `127.0.0.1:${port}` });
      await ensureStreams(await jetstreamManager(nc), names, { replicas: 1, maxBytes: 16 * 1024 ** 2 });
    }, 30_000);

    afterAll(async () => {
      await nc?.close();
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('delivers a message published while the dead pull waits to the next live worker, once', async () => {
      const spec = { stream: 'EXCHANGE' as const, purpose: 'router_dead_pull', batch: { max: 256, lingerMs: 5 } };
      await ensureConsumer(await jetstreamManager(nc), names, spec);
      // The pull a worker killed -9 left behind: a batch asked for, on a reply subject nobody reads any more.
      const stream = names.stream('EXCHANGE');
      const durable = names.consumer(spec.purpose);
      nc.publish(`$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`, JSON.stringify({ batch: 256, expires: 5e9 }), {
        reply: '_INBOX.killed.1',
      });
      await nc.flush();
      const ack = await jetstream(nc).publish(names.publishSubject('KZ-PCU-AKTAU', 'ALERT'), '{"id":"after the kill"}');

      const seen: { seq: number; deliveryCount: number }[] = [];
      const worker = new JetStreamWorker(
        jetstream(nc),
        await jetstreamManager(nc),
        names,
        spec,
        {
          batch: async (msgs) => {
            seen.push(...msgs.map((m) => ({ seq: m.seq, deliveryCount: (m as JsMsg).info.deliveryCount })));
            return msgs.map(() => undefined);
          },
        },
        pino({ level: 'silent' }),
      );
      try {
        await worker.start();
        for (const started = Date.now(); seen.length === 0 && Date.now() - started < 10_000;) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        console.log(`the message reached the live worker delivered ${seen[0]?.deliveryCount} times`);
        expect(seen.map((s) => s.seq)).toEqual([ack.seq]);
        const info = await (await jetstreamManager(nc)).consumers.info(stream, durable);
        expect([info.ack_floor.stream_seq, info.num_ack_pending, info.num_pending]).toEqual([ack.seq, 0, 0]);
      } finally {
        await worker.stop();
      }
    }, 30_000);
  },
);
