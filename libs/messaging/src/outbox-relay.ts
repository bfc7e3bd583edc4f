import type { JetStreamClient, PubAck } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { OutboxRepository, PendingOutboxRow } from './outbox';
import type { BusSigner } from './trust/bus-signer';

export interface OutboxRelayOptions {
  /** Rows claimed at once, all published in flight together (default 256). */
  batchSize?: number;
  /** How often an idle relay looks for rows written by other processes. */
  pollMs?: number;
  publishTimeoutMs?: number;
}

/**
 * Publishes committed outbox rows to JetStream with `Nats-Msg-Id` set, so a row published twice
 * (a crash between publish and commit) is dropped by the stream's duplicate window, each signed by
 * the app's service (`BusSigner`) so that consumers can tell who sent it. Several relays may run
 * against one table: rows are claimed with `FOR UPDATE SKIP LOCKED`.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** Rows were committed since the relay last began to look: look again before sleeping. */
  private notified = false;
  private failures = 0;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly publishTimeoutMs: number;

  constructor(
    private readonly repository: OutboxRepository,
    private readonly js: JetStreamClient,
    private readonly signer: BusSigner,
    private readonly logger: Logger,
    options: OutboxRelayOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 256;
    this.pollMs = options.pollMs ?? 250;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 5000;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Called after a commit that added rows, so they go out without waiting for the next poll. */
  notify(): void {
    // While NATS is failing, new rows wait for the back-off like the others instead of each
    // commit triggering another doomed attempt.
    if (this.failures > 0) return;
    // Rows committed while a flush is under way may have missed its claim: remembered, so the
    // relay looks again at once instead of sleeping a poll interval (waking a sleep that is not
    // there would do nothing).
    this.notified = true;
    this.wake?.();
  }

  /** Sends what is pending now; returns how many rows went out. Used by the loop and by tests. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const { sent, error } = await this.repository.claimAndSend(this.batchSize, (rows) =>
        this.publishAll(rows).map(async (ack) => (await ack).seq),
      );
      total += sent;
      if (error) throw error;
      if (sent < this.batchSize) return total;
    }
  }

  /** Publishes rows' messages, vouched for with one signature, pipelined; one acknowledgement per row. */
  private publishAll(rows: PendingOutboxRow[]): Promise<PubAck>[] {
    return this.signer.publishAll(
      this.js,
      rows.map((row) => ({
        subject: row.subject,
        payload: JSON.stringify(row.payload),
        msgId: row.msgId,
        correlationId: row.correlationId,
        timeout: this.publishTimeoutMs,
      })),
    );
  }

  /** Publishes one row's message, signed; answers JetStream's acknowledgement. */
  publish(row: PendingOutboxRow): Promise<PubAck> {
    return this.signer.publish(this.js, row.subject, JSON.stringify(row.payload), {
      msgId: row.msgId,
      correlationId: row.correlationId,
      timeout: this.publishTimeoutMs,
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delay = this.pollMs;
      this.notified = false;
      try {
        await this.flush();
        if (this.failures > 0) this.logger.info({ after: this.failures }, 'outbox relay recovered');
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        delay = Math.min(500 * 2 ** Math.min(this.failures - 1, 4), 8000);
        this.logger.warn({ err: error, failures: this.failures, retryInMs: delay }, 'outbox publish failed; rows kept');
      }
      if (this.running && !(this.notified && this.failures === 0))
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
    }
  }
}
