import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { headers as natsHeaders, nanos } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { type ExchangeNames, HEADERS, type StreamName } from '@iren/contracts';
import { PermanentError } from './handler-errors';
import { CONSUMER_POLICY, isNotFound } from './streams';

export interface ConsumerSpec {
  stream: StreamName;
  /** Purpose of the consumer; the durable name is `<namespace>_<purpose>`. */
  purpose: string;
  filterSubject?: string;
  /**
   * Messages handled at once (default 1, in stream order). Above 1 only for handlers that do not
   * depend on the order of messages, or that retry (nak) when a message arrives before the one it
   * depends on.
   */
  concurrency?: number;
}

export type MessageHandler = (msg: JsMsg) => Promise<void>;

/** Creates or updates a durable pull consumer with the shared redelivery policy. */
export async function ensureConsumer(jsm: JetStreamManager, names: ExchangeNames, spec: ConsumerSpec): Promise<string> {
  const durable = names.consumer(spec.purpose);
  const config = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(CONSUMER_POLICY.ackWaitMs),
    max_deliver: CONSUMER_POLICY.maxDeliver,
    max_ack_pending: 1000,
    ...(spec.filterSubject && { filter_subject: spec.filterSubject }),
  };
  try {
    await jsm.consumers.info(names.stream(spec.stream), durable);
    await jsm.consumers.update(names.stream(spec.stream), durable, config);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await jsm.consumers.add(names.stream(spec.stream), config);
  }
  return durable;
}

/**
 * At-least-once processing of one durable consumer: ack only after the handler resolved (that is,
 * after its own commit); nak with back-off on failure; dead-letter and terminate on a
 * PermanentError or on the last allowed delivery, never on a first transient failure.
 */
export class JetStreamWorker {
  private running = false;
  private loop?: Promise<void>;
  private stopCurrent?: () => void;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly names: ExchangeNames,
    private readonly spec: ConsumerSpec,
    private readonly handler: MessageHandler,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await ensureConsumer(this.jsm, this.names, this.spec);
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopCurrent?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const consumer = await this.js.consumers.get(
          this.names.stream(this.spec.stream),
          this.names.consumer(this.spec.purpose),
        );
        const messages = await consumer.consume({ max_messages: 64 });
        this.stopCurrent = () => void messages.stop();
        const inFlight = new Set<Promise<void>>();
        for await (const msg of messages) {
          const handled = this.process(msg).finally(() => inFlight.delete(handled));
          inFlight.add(handled);
          if (inFlight.size >= (this.spec.concurrency ?? 1)) await Promise.race(inFlight);
          if (!this.running) break;
        }
        await Promise.all(inFlight);
      } catch (error) {
        if (this.running)
          this.logger.warn({ err: error, consumer: this.spec.purpose }, 'consumer interrupted; resuming');
      }
      if (this.running) await sleep(1000);
    }
  }

  /** Handles one message; exposed for tests that drive the policy directly. */
  async process(msg: JsMsg): Promise<void> {
    const attempt = msg.info.deliveryCount;
    try {
      await this.handler(msg);
      msg.ack();
    } catch (error) {
      const permanent = error instanceof PermanentError;
      const last = attempt >= CONSUMER_POLICY.maxDeliver;
      const log = { err: error, consumer: this.spec.purpose, subject: msg.subject, seq: msg.seq, attempt };
      if (!permanent && !last) {
        this.logger.warn(log, 'handler failed; will retry');
        msg.nak(backoffFor(attempt));
        return;
      }
      const reason = permanent ? error.reason : 'max_deliveries';
      this.logger.error({ ...log, reason }, 'dead-lettering message');
      try {
        await this.deadLetter(msg, reason, (error as Error).message);
        // No reason argument: NATS 2.9 ignores a TERM that carries one (reasons came with 2.10); it is in the DLQ headers.
        msg.term();
      } catch (dlqError) {
        this.logger.error({ err: dlqError }, 'dead-letter publish failed; will retry');
        msg.nak(backoffFor(attempt));
      }
    }
  }

  private async deadLetter(msg: JsMsg, reason: string, message: string): Promise<void> {
    const h = natsHeaders();
    const correlationId = msg.headers?.get(HEADERS.correlationId);
    if (correlationId) h.set(HEADERS.correlationId, correlationId);
    h.set('Iren-Dlq-Reason', reason);
    h.set('Iren-Dlq-Error', message.slice(0, 1000));
    h.set('Iren-Dlq-Subject', msg.subject);
    h.set('Iren-Dlq-Stream', msg.info.stream);
    h.set('Iren-Dlq-Seq', String(msg.seq));
    await this.js.publish(this.names.dlqSubject(reason), msg.data, {
      headers: h,
      msgID: `${msg.info.stream}:${msg.seq}`,
    });
  }
}

export function backoffFor(attempt: number): number {
  const steps = CONSUMER_POLICY.backoffMs;
  return steps[Math.min(attempt - 1, steps.length - 1)];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
