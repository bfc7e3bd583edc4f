import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import pino from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { PermanentError, TransientError } from './handler-errors';
import { CONSUMER_POLICY } from './streams';
import { backoffFor, JetStreamWorker } from './worker';

function fakeMsg(deliveryCount: number) {
  return {
    subject: 'iren.pub.KZ.KZ-PCU-AKTAU.ALERT',
    seq: 42,
    data: new TextEncoder().encode('{}'),
    headers: undefined,
    info: { deliveryCount, stream: 'iren_EXCHANGE' },
    ack: jest.fn(),
    nak: jest.fn(),
    term: jest.fn(),
  };
}

function workerWith(handler: () => Promise<void>, publish = jest.fn().mockResolvedValue({})) {
  const js = { publish } as unknown as JetStreamClient;
  const worker = new JetStreamWorker(
    js,
    {} as JetStreamManager,
    new ExchangeNames('iren'),
    { stream: 'EXCHANGE', purpose: 'router' },
    handler,
    pino({ level: 'silent' }),
  );
  return { worker, publish };
}

describe(JetStreamWorker.name, () => {
  it('acks only after the handler resolved', async () => {
    const order: string[] = [];
    const msg = fakeMsg(1);
    msg.ack.mockImplementation(() => order.push('ack'));
    const { worker } = workerWith(async () => {
      await Promise.resolve();
      order.push('handled');
    });
    await worker.process(msg as unknown as JsMsg);
    expect(order).toEqual(['handled', 'ack']);
    expect(msg.nak).not.toHaveBeenCalled();
  });

  it('naks with back-off on a transient failure and never terminates on a first failure', async () => {
    for (const error of [new TransientError('db down'), new Error('unexpected')]) {
      const msg = fakeMsg(1);
      const { worker, publish } = workerWith(() => Promise.reject(error));
      await worker.process(msg as unknown as JsMsg);
      expect(msg.nak).toHaveBeenCalledWith(backoffFor(1));
      expect(msg.ack).not.toHaveBeenCalled();
      expect(msg.term).not.toHaveBeenCalled();
      expect(publish).not.toHaveBeenCalled();
    }
  });

  it('dead-letters and terminates a permanent failure at once, with the reason in headers', async () => {
    const msg = fakeMsg(1);
    const { worker, publish } = workerWith(() => Promise.reject(new PermanentError('invalid_envelope', 'bad body')));
    await worker.process(msg as unknown as JsMsg);
    expect(publish).toHaveBeenCalledTimes(1);
    const [subject, , options] = publish.mock.calls[0];
    expect(subject).toBe('iren.dlq.invalid_envelope');
    expect(options.msgID).toBe('iren_EXCHANGE:42');
    expect(options.headers.get('Iren-Dlq-Reason')).toBe('invalid_envelope');
    expect(options.headers.get('Iren-Dlq-Subject')).toBe(msg.subject);
    expect(msg.term).toHaveBeenCalledWith();
    expect(msg.nak).not.toHaveBeenCalled();
  });

  it('dead-letters a transient failure on the last allowed delivery', async () => {
    const msg = fakeMsg(CONSUMER_POLICY.maxDeliver);
    const { worker, publish } = workerWith(() => Promise.reject(new TransientError('still down')));
    await worker.process(msg as unknown as JsMsg);
    expect(publish.mock.calls[0][0]).toBe('iren.dlq.max_deliveries');
    expect(msg.term).toHaveBeenCalled();
  });

  it('keeps the message (nak) when the dead-letter publish itself fails', async () => {
    const msg = fakeMsg(1);
    const { worker } = workerWith(
      () => Promise.reject(new PermanentError('invalid_envelope', 'bad')),
      jest.fn().mockRejectedValue(new Error('nats down')),
    );
    await worker.process(msg as unknown as JsMsg);
    expect(msg.term).not.toHaveBeenCalled();
    expect(msg.nak).toHaveBeenCalled();
  });

  it('backs off further on later attempts, up to the last step', () => {
    const steps = CONSUMER_POLICY.backoffMs;
    expect(backoffFor(1)).toBe(steps[0]);
    expect(backoffFor(2)).toBeGreaterThan(backoffFor(1));
    expect(backoffFor(100)).toBe(steps[steps.length - 1]);
  });
});
