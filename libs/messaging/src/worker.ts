import { type Consumer, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { ExchangeNames } from '@iren/contracts';
import { isDependencyUnavailable } from '@iren/platform';

import { DeliveryAttempts } from './delivery-attempts';
import { deadLetterHeaders } from './dead-letter-records';
import { PermanentError } from './handler-errors';
import type { WorkerObserver } from './worker-observer';
import { type ConsumerSpec, ensureConsumer } from './consumer-definition';
import { StreamPosition } from './stream-position';
import { CONSUMER_POLICY } from './streams';

/** What a handler reads of a message: a JetStream message, or one put back from the dead letters. */
export type ConsumedMessage = Pick<JsMsg, 'subject' | 'data' | 'headers' | 'seq' | 'time'>;

export type MessageHandler = (msg: ConsumedMessage) => Promise<void>;

/**
 * Per message of a batch, in order: `undefined` once it is handled (committed), or the error it
 * failed with, which is handled as that message's own failure. A batch handler that throws failed
 * as a whole: held and tried again when a dependency is unavailable, else each of its messages is
 * tried alone, so one poison message does not hold back the others.
 */
export type BatchOutcome = (unknown | undefined)[];

export type BatchHandler = (msgs: ConsumedMessage[]) => Promise<BatchOutcome>;

/** A worker as `/health` shows it (`details.consumers`). */
export interface ConsumerState {
  consumer: string;
  /** `degraded`: a dependency is down; the worker holds its messages and pulls no more until it is back. */
  state: 'running' | 'degraded' | 'stopped';
  /** While degraded: since when, and what the dependency last answered. */
  degradedSince?: string;
  waitingFor?: string;
  /** Messages held un-acked, waiting for the dependency. */
  held: number;
  /** Messages pulled and not yet acked, put back or dead-lettered (a stopped worker finishes these first). */
  inHand: number;
  /** Since start: messages acked, put back for a retry, dead-lettered; times the consumer was rewound after a lost tail. */
  acked: number;
  retried: number;
  deadLettered: number;
  rewound: number;
  /** Handled, but received before the connection dropped: left unacked for redelivery. */
  leftForRedelivery: number;
}

/**
 * At-least-once processing of one durable consumer, acked only after the handler resolved (that
 * is, after its own commit), one message at a time or in batches (`ConsumerSpec.batch`: a batch is
 * stored in one transaction and acked after its commit). A failure is handled by what it says:
 * - a dependency is unavailable (`isDependencyUnavailable`: PostgreSQL, NATS, another service, a
 *   timeout): not the message's fault. The worker keeps the message un-acked, extending its ack
 *   deadline, retries it in place with back-off capped at a few seconds, pulls nothing new and
 *   reports itself degraded until it goes through. The message's delivery count does not move.
 * - a `PermanentError` (malformed, forged, refused by a rule): dead-lettered with its reason and
 *   terminated at once.
 * - anything else: put back with back-off, and dead-lettered as `max_deliveries` once it has failed
 *   `retryBudget` times (`DeliveryAttempts`: the deliveries this worker saw, not the server's count).
 * A dead letter that cannot be published leaves the message nak'ed for another try: the server
 * itself never gives a message up (`CONSUMER_POLICY.maxDeliver`).
 * Its position in the stream is guarded against a broker that lost its tail (`StreamPosition`).
 */
export class JetStreamWorker {
  private readonly attempts = new DeliveryAttempts();
  private running = false;
  private stopping = false;
  private loop?: Promise<void>;
  private consumer?: Consumer;
  private batch?: { stop(): void };
  /** Messages in hand, by the batch they were dispatched in. */
  private readonly inFlight = new Map<JsMsg[], Promise<void>>();
  private inHand = 0;
  private readonly held = new Set<JsMsg>();
  private outage?: { since: Date; error: string };
  private pullFailing = false;
  private progressTimer?: NodeJS.Timeout;
  private positionTimer?: NodeJS.Timeout;
  private readonly position: StreamPosition;
  private readonly wakers = new Set<() => void>();
  private readonly counts = { acked: 0, retried: 0, deadLettered: 0 };

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly names: ExchangeNames,
    private readonly spec: ConsumerSpec,
    handler: MessageHandler | { batch: BatchHandler },
    private readonly logger: Logger,
    private readonly observer?: WorkerObserver,
  ) {
    this.handle = typeof handler === 'function' ? one(handler) : handler.batch;
    this.position = new StreamPosition(jsm, names, spec, logger);
  }

  private readonly handle: BatchHandler;

  get purpose(): string {
    return this.spec.purpose;
  }

  async start(): Promise<void> {
    await ensureConsumer(this.jsm, this.names, this.spec);
    // Started again after a stop (an app that regained a lease): pulls and handles as before.
    this.stopping = false;
    this.running = true;
    this.progressTimer = setInterval(() => this.extendDeadlines(), CONSUMER_POLICY.progressEveryMs);
    this.progressTimer.unref();
    this.positionTimer = setInterval(() => void this.checkPosition(), CONSUMER_POLICY.positionCheckMs);
    this.positionTimer.unref();
    this.loop = this.run();
  }

  /** Stops pulling, lets the messages in hand finish, and leaves held ones for redelivery. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    this.batch?.stop();
    for (const wake of this.wakers) wake();
    await this.loop;
    clearInterval(this.progressTimer);
    clearInterval(this.positionTimer);
  }

  state(): ConsumerState {
    const degraded = this.held.size > 0 || this.pullFailing;
    return {
      consumer: this.names.consumer(this.spec.purpose),
      state: !this.running ? 'stopped' : degraded ? 'degraded' : 'running',
      ...(degraded && this.outage && { degradedSince: this.outage.since.toISOString(), waitingFor: this.outage.error }),
      held: this.held.size,
      inHand: this.inHand,
      ...this.counts,
      ...this.position.counts,
    };
  }

  /** Runs the handler on a message put back from the dead letters; its failure is the caller's to report. */
  async replay(msg: ConsumedMessage): Promise<void> {
    const [error] = await this.handle([msg]);
    if (error !== undefined) throw error;
  }

  private async run(): Promise<void> {
    const { max, lingerMs } = this.spec.batch ?? { max: 1, lingerMs: 0 };
    const capacity = max * (this.spec.concurrency ?? 1);
    while (this.running) {
      // Nothing new while a message waits for a dependency, or while every slot is taken.
      if (this.held.size > 0 || this.inHand >= capacity) {
        await Promise.race([...this.inFlight.values(), this.pause(CONSUMER_POLICY.outageRetryMs.max)]);
        continue;
      }
      try {
        this.consumer ??= await this.js.consumers.get(
          this.names.stream(this.spec.stream),
          this.names.consumer(this.spec.purpose),
        );
        // Every message of this pull was asked for on the connection as it is now.
        const fetchedOn = this.position.pullStarts();
        const batch = await this.consumer.fetch({
          max_messages: capacity - this.inHand,
          expires: CONSUMER_POLICY.pullExpiresMs,
        });
        this.batch = batch;
        // A batch goes when it is full, `lingerMs` after its first message, or when the pull ends.
        let gathered: JsMsg[] = [];
        let linger: NodeJS.Timeout | undefined;
        const dispatch = () => {
          clearTimeout(linger);
          linger = undefined;
          if (gathered.length > 0) this.dispatch(gathered);
          gathered = [];
        };
        for await (const msg of batch) {
          if (!this.running) {
            msg.nak(); // pulled while stopping: for another instance, at once
            continue;
          }
          this.position.pulled(msg, fetchedOn);
          this.attempts.seen(msg);
          gathered.push(msg);
          this.inHand += 1;
          if (gathered.length >= max) dispatch();
          else linger ??= setTimeout(dispatch, lingerMs);
        }
        dispatch();
        this.pulled();
      } catch (error) {
        this.consumer = undefined;
        this.pullFailed(error);
        await this.pause(1000);
      }
    }
    await Promise.all(this.inFlight.values());
  }

  private dispatch(msgs: JsMsg[]): void {
    const done = this.processBatch(msgs).finally(() => {
      this.inFlight.delete(msgs);
      this.inHand -= msgs.length;
    });
    this.inFlight.set(msgs, done);
  }

  /** Handles one message to its end (acked, put back or dead-lettered); exposed for tests that drive the policy. */
  process(msg: JsMsg): Promise<void> {
    return this.processBatch([msg]);
  }

  /**
   * Handles a batch to its end: every message acked, put back or dead-lettered, or held with the
   * whole batch while a dependency is unavailable.
   */
  async processBatch(msgs: JsMsg[]): Promise<void> {
    let wait: number = CONSUMER_POLICY.outageRetryMs.first;
    for (;;) {
      const started = performance.now();
      let outcome: BatchOutcome;
      try {
        outcome = await this.handle(msgs);
        // A message alone that failed is a batch that failed: held or put back as such.
        if (msgs.length === 1 && outcome[0] !== undefined) throw outcome[0];
      } catch (error) {
        if (this.stopping || error instanceof PermanentError || !isDependencyUnavailable(error)) {
          for (const msg of msgs) this.release(msg);
          return this.batchFailed(msgs, error);
        }
        for (const msg of msgs) this.hold(msg, error);
        await this.pause(wait);
        wait = Math.min(wait * 2, CONSUMER_POLICY.outageRetryMs.max);
        continue;
      }
      this.observer?.batchHandled(
        this.names.consumer(this.spec.purpose),
        msgs.length,
        (performance.now() - started) / 1000,
      );
      for (const msg of msgs) this.release(msg);
      const retryAlone: JsMsg[] = [];
      for (const [i, msg] of msgs.entries()) {
        const error = outcome[i];
        if (error === undefined) this.acknowledge(msg);
        else if (!this.stopping && !(error instanceof PermanentError) && isDependencyUnavailable(error))
          retryAlone.push(msg);
        else await (this.stopping ? msg.nak() : this.failed(msg, error));
      }
      // Each waits for its dependency on its own (held, its delivery budget untouched).
      for (const msg of retryAlone) await this.processBatch([msg]);
      return;
    }
  }

  /** A batch failed as a whole, not for a dependency: one message failed it, so each is tried alone to find which. */
  private async batchFailed(msgs: JsMsg[], error: unknown): Promise<void> {
    if (msgs.length > 1 && !this.stopping) {
      this.logger.warn(
        { err: error, consumer: this.spec.purpose, size: msgs.length },
        'batch failed; trying its messages one by one',
      );
      for (const msg of msgs) await this.processBatch([msg]);
      return;
    }
    for (const msg of msgs) await (this.stopping ? msg.nak() : this.failed(msg, error));
  }

  /** The connection to NATS dropped: what was pulled before is handled but not acked (`StreamPosition`). */
  connectionLost(): void {
    this.position.connectionLost();
  }

  private acknowledge(msg: JsMsg): void {
    this.attempts.settled(msg);
    if (!this.position.mayAnswer(msg)) return;
    msg.ack();
    this.counts.acked += 1;
    this.position.remember(msg);
  }

  private hold(msg: JsMsg, error: unknown): void {
    const reason = (error as Error)?.message ?? String(error);
    if (!this.outage) {
      this.outage = { since: new Date(), error: reason };
      this.logger.warn(
        { err: error, consumer: this.spec.purpose, seq: msg.seq },
        'a dependency is unavailable; holding messages until it is back',
      );
    } else this.outage.error = reason;
    this.held.add(msg);
  }

  private release(msg: JsMsg): void {
    if (!this.held.delete(msg) || this.held.size > 0 || this.pullFailing || !this.outage) return;
    const heldForMs = Date.now() - this.outage.since.getTime();
    this.logger.info({ consumer: this.spec.purpose, heldForMs }, 'dependency back; consuming again');
    this.outage = undefined;
  }

  private async failed(msg: JsMsg, error: unknown): Promise<void> {
    const attempt = this.attempts.attempt(msg);
    const log = { err: error, consumer: this.spec.purpose, subject: msg.subject, seq: msg.seq, attempt };
    if (!(error instanceof PermanentError) && attempt < CONSUMER_POLICY.retryBudget) {
      this.logger.warn(log, 'handler failed; will retry');
      msg.nak(backoffFor(attempt));
      this.counts.retried += 1;
      return;
    }
    const reason = error instanceof PermanentError ? error.reason : 'max_deliveries';
    this.logger.error({ ...log, reason }, 'dead-lettering message');
    try {
      await this.deadLetter(msg, reason, (error as Error)?.message ?? String(error));
      if (!this.position.mayAnswer(msg)) return;
      // No reason argument: NATS 2.9 ignores a TERM that carries one (reasons came with 2.10); it is in the DLQ headers.
      msg.term();
      this.attempts.settled(msg);
      this.counts.deadLettered += 1;
    } catch (dlqError) {
      this.logger.error(
        { err: dlqError, consumer: this.spec.purpose, seq: msg.seq },
        'dead-letter publish failed; will retry',
      );
      msg.nak(backoffFor(attempt));
    }
  }

  /** The message as it was (its data and every header: the evidence), and why it is here. */
  private async deadLetter(msg: JsMsg, reason: string, message: string): Promise<void> {
    const consumer = this.names.consumer(this.spec.purpose);
    await this.js.publish(this.names.dlqSubject(reason), msg.data, {
      headers: deadLetterHeaders(msg, consumer, reason, message),
      msgID: `${msg.info.stream}:${msg.seq}:${consumer}`,
    });
  }

  /** Checks that the stream still holds what this worker acked; gets the consumer afresh when it was rewound. */
  async checkPosition(): Promise<void> {
    if (this.stopping) return;
    if (await this.position.check()) this.consumer = undefined;
  }

  /** Keeps the ack deadline of every message in hand, held or slow, from expiring. */
  private extendDeadlines(): void {
    for (const msgs of this.inFlight.keys()) for (const msg of msgs) msg.working();
  }

  private pulled(): void {
    if (!this.pullFailing) return;
    this.pullFailing = false;
    this.logger.info({ consumer: this.spec.purpose }, 'pulling again');
    if (this.held.size === 0) this.outage = undefined;
  }

  private pullFailed(error: unknown): void {
    if (this.stopping) return;
    if (!this.pullFailing) {
      this.logger.warn({ err: error, consumer: this.spec.purpose }, 'cannot pull; retrying every second');
      this.outage ??= { since: new Date(), error: (error as Error)?.message ?? String(error) };
    }
    this.pullFailing = true;
  }

  /** Waits `ms`, or less when the worker stops. */
  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}

/** A one-message handler as a batch handler (its batches hold one message). */
function one(handler: MessageHandler): BatchHandler {
  return async ([msg]) => {
    await handler(msg);
    return [undefined];
  };
}

export function backoffFor(attempt: number): number {
  const steps = CONSUMER_POLICY.backoffMs;
  return steps[Math.min(attempt - 1, steps.length - 1)];
}
