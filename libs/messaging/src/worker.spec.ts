import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import pino from 'pino';
import { DEAD_LETTER_HEADERS, ExchangeNames } from '@iren/contracts';
import { UnavailableError } from '@iren/platform';
import { PermanentError, TransientError } from './handler-errors';
import { CONSUMER_POLICY } from './streams';
import { backoffFor, type BatchHandler, JetStreamWorker } from './worker';

function fakeMsg(deliveryCount: number, seq = 42) {
  const h = natsHeaders();
  h.set('Iren-Signature', 'c2lnbmF0dXJl');
  h.set('Nats-Msg-Id', 'the-original-id');
  return {
    subject: 'iren.pub.KZ.KZ-PCU-AKTAU.ALERT',
    seq,
    time: new Date('2026-11-30T08:00:00Z'),
    data: new TextEncoder().encode('{}'),
    headers: h,
    info: { deliveryCount, stream: 'iren_EXCHANGE' },
    ack: jest.fn(),
    nak: jest.fn(),
    term: jest.fn(),
    working: jest.fn(),
  };
}
type FakeMsg = ReturnType<typeof fakeMsg>;

/** Hands out `queued` messages to pulls, then pulls that find nothing. */
function fakeJetStream(queued: FakeMsg[], publish = jest.fn().mockResolvedValue({})) {
  const pulls: number[] = [];
  const consumer = {
    fetch: jest.fn(async ({ max_messages }: { max_messages: number }) => {
      pulls.push(max_messages);
      const batch = queued.splice(0, max_messages);
      return {
        stop: () => undefined,
        async *[Symbol.asyncIterator]() {
          if (batch.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
          yield* batch;
        },
      };
    }),
  };
  const js = { publish, consumers: { get: jest.fn().mockResolvedValue(consumer) } } as unknown as JetStreamClient;
  const jsm = {
    consumers: { info: jest.fn().mockResolvedValue({}), update: jest.fn() },
  } as unknown as JetStreamManager;
  return { js, jsm, publish, pulls };
}

function workerWith(handler: (msg: JsMsg) => Promise<void>, queued: FakeMsg[] = [], concurrency = 1) {
  const { js, jsm, publish, pulls } = fakeJetStream(queued);
  const worker = new JetStreamWorker(
    js,
    jsm,
    new ExchangeNames('iren'),
    { stream: 'EXCHANGE', purpose: 'router', concurrency },
    handler as (msg: unknown) => Promise<void>,
    pino({ level: 'silent' }),
  );
  return { worker, publish, pulls };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); !condition();) {
    if (Date.now() - started > 5_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A real pg-shaped failure: what a query meets while PostgreSQL is down. */
const databaseDown = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe(JetStreamWorker.name, () => {
  let worker: JetStreamWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  it('acks only after the handler resolved', async () => {
    const order: string[] = [];
    const msg = fakeMsg(1);
    msg.ack.mockImplementation(() => order.push('ack'));
    ({ worker } = workerWith(async () => {
      await Promise.resolve();
      order.push('handled');
    }, [msg]));
    await worker.start();
    await until(() => order.length === 2, 'the ack');
    expect(order).toEqual(['handled', 'ack']);
    expect(msg.nak).not.toHaveBeenCalled();
    expect(worker.state()).toMatchObject({ state: 'running', acked: 1, held: 0 });
  });

  it('holds a message while a dependency is down: no nak, no dead letter, nothing new pulled, degraded until it is back', async () => {
    const first = fakeMsg(1, 1);
    const second = fakeMsg(1, 2);
    let down = true;
    const seen: number[] = [];
    const setup = workerWith(
      async (msg) => {
        seen.push(msg.seq);
        if (down) throw databaseDown();
      },
      [first, second],
    );
    worker = setup.worker;
    await worker.start();
    await until(() => seen.filter((s) => s === 1).length >= 3, 'three tries of the held message');
    expect(worker.state()).toMatchObject({
      state: 'degraded',
      held: 1,
      waitingFor: expect.stringContaining('ECONNREFUSED'),
    });
    expect(seen).not.toContain(2);
    expect(setup.pulls).toEqual([1]);
    down = false;
    await until(() => second.ack.mock.calls.length === 1, 'the second message');
    expect(first.ack).toHaveBeenCalledTimes(1);
    for (const msg of [first, second]) {
      expect(msg.nak).not.toHaveBeenCalled();
      expect(msg.term).not.toHaveBeenCalled();
    }
    expect(setup.publish).not.toHaveBeenCalled();
    expect(worker.state()).toMatchObject({ state: 'running', held: 0, acked: 2, deadLettered: 0 });
  });

  it('takes a service that does not answer for an outage too', async () => {
    const msg = fakeMsg(1);
    let tries = 0;
    ({ worker } = workerWith(async () => {
      if (++tries < 3) throw new UnavailableError('the registry mirror could not catch up');
    }, [msg]));
    await worker.start();
    await until(() => msg.ack.mock.calls.length === 1, 'the ack');
    expect(msg.nak).not.toHaveBeenCalled();
  });

  it('leaves a held message for another instance when it stops', async () => {
    const msg = fakeMsg(1);
    const setup = workerWith(() => Promise.reject(databaseDown()), [msg]);
    await setup.worker.start();
    await until(() => setup.worker.state().held === 1, 'the hold');
    await setup.worker.stop();
    expect(msg.nak).toHaveBeenCalledWith();
    expect(msg.ack).not.toHaveBeenCalled();
    expect(setup.publish).not.toHaveBeenCalled();
  });

  it('puts back any other failure with back-off, counting against the budget', async () => {
    for (const error of [new TransientError('not delivered here yet'), new Error('unexpected')]) {
      const msg = fakeMsg(1);
      const setup = workerWith(() => Promise.reject(error), [msg]);
      await setup.worker.start();
      await until(() => msg.nak.mock.calls.length === 1, 'the nak');
      await setup.worker.stop();
      expect(msg.nak).toHaveBeenCalledWith(backoffFor(1));
      expect(msg.term).not.toHaveBeenCalled();
      expect(setup.publish).not.toHaveBeenCalled();
    }
  });

  it('dead-letters a permanent failure at once, with the reason and every header the message had', async () => {
    const msg = fakeMsg(1);
    const setup = workerWith(() => Promise.reject(new PermanentError('invalid_envelope', 'bad body')), [msg]);
    worker = setup.worker;
    await worker.start();
    await until(() => msg.term.mock.calls.length === 1, 'the term');
    expect(setup.publish).toHaveBeenCalledTimes(1);
    const [subject, data, options] = setup.publish.mock.calls[0];
    expect(subject).toBe('iren.dlq.invalid_envelope');
    expect(data).toBe(msg.data);
    expect(options.msgID).toBe('iren_EXCHANGE:42:iren_router');
    const h = options.headers;
    expect(h.get(DEAD_LETTER_HEADERS.reason)).toBe('invalid_envelope');
    expect(h.get(DEAD_LETTER_HEADERS.error)).toBe('bad body');
    expect(h.get(DEAD_LETTER_HEADERS.subject)).toBe(msg.subject);
    expect(h.get(DEAD_LETTER_HEADERS.stream)).toBe('iren_EXCHANGE');
    expect(h.get(DEAD_LETTER_HEADERS.seq)).toBe('42');
    expect(h.get(DEAD_LETTER_HEADERS.consumer)).toBe('iren_router');
    expect(h.get(DEAD_LETTER_HEADERS.storedAt)).toBe('2026-11-30T08:00:00.000Z');
    expect(h.get('Iren-Signature')).toBe('c2lnbmF0dXJl');
    expect(h.has('Nats-Msg-Id')).toBe(false);
    expect(msg.term).toHaveBeenCalledWith();
    expect(worker.state()).toMatchObject({ deadLettered: 1 });
  });

  it('dead-letters a message whose header block nats.js cannot decode, without its headers', async () => {
    const msg = fakeMsg(1);
    Object.defineProperty(msg, 'headers', {
      get: () => {
        throw new Error('invalid header line: Bad Key: x');
      },
    });
    const setup = workerWith(() => Promise.reject(new PermanentError('unsigned', 'no signature')), [msg]);
    worker = setup.worker;
    await worker.start();
    await until(() => msg.term.mock.calls.length === 1, 'the term');
    const h = setup.publish.mock.calls[0][2].headers;
    expect(h.get(DEAD_LETTER_HEADERS.reason)).toBe('unsigned');
    expect(h.has('Iren-Signature')).toBe(false);
  });

  it('dead-letters a failure that used up its budget, counting the deliveries it saw', async () => {
    // The same message delivered again after each failure, as the server does after a nak.
    const deliveries = Array.from({ length: CONSUMER_POLICY.retryBudget }, (_, i) => fakeMsg(i + 1));
    const setup = workerWith(() => Promise.reject(new Error('still failing')), deliveries);
    worker = setup.worker;
    await worker.start();
    const last = deliveries[deliveries.length - 1];
    await until(() => last.term.mock.calls.length === 1, 'the term');
    expect(deliveries.slice(0, -1).map((m) => [m.nak.mock.calls.length, m.term.mock.calls.length])).toEqual(
      deliveries.slice(0, -1).map(() => [1, 0]),
    );
    expect(setup.publish.mock.calls[0][0]).toBe('iren.dlq.max_deliveries');
  });

  it('gives a message the whole budget when it first arrives delivered hundreds of times (a dead pull on NATS 2.9)', async () => {
    const first = fakeMsg(513);
    const again = fakeMsg(514);
    const setup = workerWith(() => Promise.reject(new Error('failing')), [first, again]);
    worker = setup.worker;
    await worker.start();
    await until(() => again.nak.mock.calls.length === 1, 'the second nak');
    expect(first.nak).toHaveBeenCalledWith(backoffFor(1));
    expect(again.nak).toHaveBeenCalledWith(backoffFor(2));
    expect([first.term, again.term].map((t) => t.mock.calls.length)).toEqual([0, 0]);
    expect(setup.publish).not.toHaveBeenCalled();
  });

  it('keeps the message (nak with delay) when the dead letter cannot be published: the server never gives up on it', async () => {
    expect(CONSUMER_POLICY.maxDeliver).toBe(-1);
    const msg = fakeMsg(CONSUMER_POLICY.retryBudget);
    const { js, jsm } = fakeJetStream([msg], jest.fn().mockRejectedValue(new Error('nats down')));
    worker = new JetStreamWorker(
      js,
      jsm,
      new ExchangeNames('iren'),
      { stream: 'EXCHANGE', purpose: 'router' },
      () => Promise.reject(new PermanentError('invalid_envelope', 'bad')),
      pino({ level: 'silent' }),
    );
    await worker.start();
    await until(() => msg.nak.mock.calls.length === 1, 'the nak');
    // The first attempt this worker saw: the shortest back-off.
    expect(msg.nak).toHaveBeenCalledWith(backoffFor(1));
    expect(msg.term).not.toHaveBeenCalled();
  });

  it('pulls only as many messages as it has free slots', async () => {
    const queued = Array.from({ length: 5 }, (_, i) => fakeMsg(1, i + 1));
    const release: (() => void)[] = [];
    const setup = workerWith(() => new Promise<void>((resolve) => release.push(resolve)), queued, 3);
    worker = setup.worker;
    await worker.start();
    await until(() => release.length === 3, 'three messages in hand');
    expect(setup.pulls).toEqual([3]);
    release.shift()!();
    await until(() => release.length === 3, 'a fourth message');
    expect(setup.pulls).toEqual([3, 1]);
    await until(() => {
      release.splice(0).forEach((resolve) => resolve());
      return worker!.state().acked === 5;
    }, 'the rest');
  });

  it('backs off further on later attempts, up to the last step', () => {
    const steps = CONSUMER_POLICY.backoffMs;
    expect(backoffFor(1)).toBe(steps[0]);
    expect(backoffFor(2)).toBeGreaterThan(backoffFor(1));
    expect(backoffFor(100)).toBe(steps[steps.length - 1]);
  });
});

describe(`${JetStreamWorker.name} in batches`, () => {
  let worker: JetStreamWorker | undefined;
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
  });

  function batchWorkerWith(handler: BatchHandler, queued: FakeMsg[], max = 4) {
    const { js, jsm, publish, pulls } = fakeJetStream(queued);
    const batches: number[] = [];
    const observer = { batchHandled: (_consumer: string, size: number) => batches.push(size) };
    const created = new JetStreamWorker(
      js,
      jsm,
      new ExchangeNames('iren'),
      { stream: 'EVENTS', purpose: 'audit_events', batch: { max, lingerMs: 5 } },
      { batch: handler },
      pino({ level: 'silent' }),
      observer,
    );
    return { worker: created, publish, pulls, batches };
  }

  const messages = (n: number) => Array.from({ length: n }, (_, i) => fakeMsg(1, i + 1));

  it('hands over up to `max` messages at once and acks each only after the batch resolved', async () => {
    const queued = messages(6);
    const all = [...queued];
    const seen: number[][] = [];
    const setup = batchWorkerWith(async (msgs) => {
      seen.push(msgs.map((m) => m.seq));
      expect(all.every((m) => m.ack.mock.calls.length === 0 || !msgs.some((x) => x.seq === m.seq))).toBe(true);
      return msgs.map(() => undefined);
    }, queued);
    worker = setup.worker;
    await worker.start();
    await until(() => all.every((m) => m.ack.mock.calls.length === 1), 'every ack');
    expect(seen).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
    expect(setup.batches).toEqual([4, 2]);
    expect(worker.state()).toMatchObject({ acked: 6, deadLettered: 0 });
  });

  it('treats a failure reported for one message as that message’s alone', async () => {
    const all = messages(3);
    const setup = batchWorkerWith(
      async (msgs) =>
        msgs.map((m) => (m.seq === 2 ? new PermanentError('invalid_audit_input', 'not JSON') : undefined)),
      [...all],
    );
    worker = setup.worker;
    await worker.start();
    await until(() => all[1].term.mock.calls.length === 1, 'the dead letter');
    expect(all[0].ack).toHaveBeenCalledTimes(1);
    expect(all[2].ack).toHaveBeenCalledTimes(1);
    expect(all[1].ack).not.toHaveBeenCalled();
    expect(setup.publish).toHaveBeenCalledTimes(1);
    expect(setup.publish.mock.calls[0][0]).toBe('iren.dlq.invalid_audit_input');
  });

  it('tries each message alone when the batch fails as a whole, so only the poison one is put back', async () => {
    const all = messages(3);
    const calls: number[][] = [];
    const setup = batchWorkerWith(
      async (msgs) => {
        calls.push(msgs.map((m) => m.seq));
        if (msgs.some((m) => m.seq === 2)) throw new Error('duplicate key value violates unique constraint');
        return msgs.map(() => undefined);
      },
      [...all],
    );
    worker = setup.worker;
    await worker.start();
    await until(() => all[1].nak.mock.calls.length === 1, 'the poison message put back');
    expect(calls).toEqual([[1, 2, 3], [1], [2], [3]]);
    expect(all[0].ack).toHaveBeenCalledTimes(1);
    expect(all[2].ack).toHaveBeenCalledTimes(1);
    expect(all[1].nak).toHaveBeenCalledWith(backoffFor(1));
    expect(all[1].term).not.toHaveBeenCalled();
  });

  it('holds the whole batch while a dependency is down, and acks it all when it is back', async () => {
    const all = messages(3);
    let down = true;
    let tries = 0;
    const setup = batchWorkerWith(
      async (msgs) => {
        tries += 1;
        if (down) throw databaseDown();
        return msgs.map(() => undefined);
      },
      [...all],
    );
    worker = setup.worker;
    await worker.start();
    await until(() => tries >= 2, 'a retry of the held batch');
    expect(worker.state()).toMatchObject({ state: 'degraded', held: 3 });
    expect(all.every((m) => m.nak.mock.calls.length === 0 && m.term.mock.calls.length === 0)).toBe(true);
    // Free slots may be pulled for until the failure is known; nothing is pulled while the batch is held.
    const pullsWhenHeld = setup.pulls.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(setup.pulls.length).toBe(pullsWhenHeld);
    down = false;
    await until(() => all.every((m) => m.ack.mock.calls.length === 1), 'every ack');
    expect(worker.state()).toMatchObject({ state: 'running', held: 0, acked: 3, retried: 0 });
  });

  it('waits alone for a dependency one message reported unavailable, while the others are acked', async () => {
    const all = messages(3);
    let registryUp = false;
    const setup = batchWorkerWith(
      async (msgs) =>
        msgs.map((m) =>
          m.seq === 3 && !registryUp ? new UnavailableError('the registry mirror could not catch up') : undefined,
        ),
      [...all],
    );
    worker = setup.worker;
    await worker.start();
    await until(() => worker!.state().held === 1, 'the third message held');
    expect(all[0].ack).toHaveBeenCalledTimes(1);
    expect(all[1].ack).toHaveBeenCalledTimes(1);
    registryUp = true;
    await until(() => all[2].ack.mock.calls.length === 1, 'the third message');
    expect(all[2].nak).not.toHaveBeenCalled();
  });
});
