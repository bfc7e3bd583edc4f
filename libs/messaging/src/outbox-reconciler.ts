import type { JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { type ExchangeNames, type ExchangeEvent, HEADERS, type StreamName } from '@iren/contracts';
import type { EventOutbox } from './event-outbox';
import type { OutboxRepository, UnverifiedOutboxRow } from './outbox';

/** What one pass found among the sent rows not yet verified. */
export interface ReconcileReport {
  checked: number;
  /** Found where JetStream stored them, long enough ago to be on disk: never checked again. */
  verified: number;
  /** Found, but sent too recently to count as on disk: checked again on a later pass. */
  recent: number;
  /** Not where JetStream said it stored them: published again, and recorded in the ledger. */
  resent: number;
}

export interface OutboxReconcilerOptions {
  /**
   * How long after sending a message is taken to be on the broker's disk: longer than the
   * broker's sync interval (NATS 2.9 syncs every two minutes; `sync_interval` on 2.10 and later).
   */
  settleMs: number;
  /** Rows read per page. */
  pageSize?: number;
}

/** Publishes one row's message again, signed as the outbox's app; answers JetStream's acknowledgement. */
export type Republish = (row: UnverifiedOutboxRow) => Promise<{ seq: number; duplicate: boolean }>;

/**
 * Makes sure what an outbox sent is still where JetStream said it stored it. JetStream acknowledges
 * a message once it is in the server's memory, and a single server writes it to disk at its next
 * sync: a power cut in between loses the acknowledged tail, though the outbox marked those rows
 * sent. Each pass reads the sent rows not verified yet and looks each one up by its stream
 * sequence: the same `Nats-Msg-Id` there means it was kept (verified once older than `settleMs`);
 * anything else (nothing there, or a later message given the freed sequence) means it was lost, and
 * it is published again with its own `Nats-Msg-Id` and recorded as a `bus.resent` event in the
 * same transaction that notes its new place. Consumers treat the re-sent message like any other;
 * every handler is idempotent, so a message that had been processed before it was lost changes
 * nothing the second time.
 *
 * A broker loses an acknowledged tail only when it stops, and an app sees its broker stop as a
 * lost connection. So a row sent since the reconciler was made and since the last connection it
 * was told of ({@link sightLost}) is not looked up while it settles: the broker that acknowledged
 * it has been there all along, and would have to go away (and the app notice) to lose it. Such a
 * row is looked up once, when it has settled; one sent before a break is looked up on every pass
 * until then, so what a restart lost goes out again at the next pass.
 */
export class OutboxReconciler {
  private readonly pageSize: number;
  /** Rows sent after this have been in the broker's keeping without a break since. */
  private watchedSince = new Date();

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly events: EventOutbox,
    private readonly jsm: JetStreamManager,
    private readonly names: ExchangeNames,
    private readonly republish: Republish,
    private readonly service: string,
    private readonly logger: Logger,
    private readonly options: OutboxReconcilerOptions,
  ) {
    this.pageSize = options.pageSize ?? 200;
  }

  /** The app lost its connection to the broker at `at`: what was sent before then may be lost. */
  sightLost(at = new Date()): void {
    this.watchedSince = at;
  }

  async reconcile(now = new Date()): Promise<ReconcileReport> {
    const report: ReconcileReport = { checked: 0, verified: 0, recent: 0, resent: 0 };
    const settledBefore = now.getTime() - this.options.settleMs;
    const sentBy = new Date(Math.max(settledBefore, this.watchedSince.getTime()));
    for (let after = '0'; ;) {
      const rows = await this.outbox.unverified(after, this.pageSize, sentBy);
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const kept = await Promise.all(rows.map((row) => this.isStored(row)));
      const verified: string[] = [];
      for (const [i, row] of rows.entries()) {
        report.checked += 1;
        if (!kept[i]) {
          if (await this.resend(row)) report.resent += 1;
        } else if (row.sentAt.getTime() <= settledBefore) {
          verified.push(row.id);
        } else {
          report.recent += 1;
        }
      }
      await this.outbox.markVerified(verified);
      report.verified += verified.length;
    }
    return report;
  }

  /** True when the row's stream still holds its message at the sequence JetStream answered. */
  private async isStored(row: UnverifiedOutboxRow): Promise<boolean> {
    const stream = streamOfSubject(this.names, row.subject);
    if (row.streamSeq === null || stream === undefined) return true;
    return this.holds(stream, row.streamSeq, row.msgId);
  }

  private async holds(stream: StreamName, seq: number, msgId: string): Promise<boolean> {
    const stored = await this.jsm.streams.getMessage(this.names.stream(stream), { seq });
    return stored?.header?.get(HEADERS.msgId) === msgId;
  }

  /** Publishes the row's message again, and records that; false when the stream had it after all. */
  private async resend(row: UnverifiedOutboxRow): Promise<boolean> {
    const stream = streamOfSubject(this.names, row.subject)!;
    let msgId = row.msgId;
    const first = await this.republish(row);
    let seq = first.seq;
    if (first.duplicate) {
      // The stream still knows the id: either it holds the message elsewhere, or it lost the
      // message but not the id (its duplicate window outlived the loss): then under an id of its own.
      if (await this.holds(stream, seq, msgId)) {
        await this.dataSource.transaction((manager) => this.outbox.markResent(manager, row.id, seq, msgId));
        return false;
      }
      msgId = `${row.msgId}:resent:${row.streamSeq}`;
      ({ seq } = await this.republish({ ...row, msgId }));
    }
    this.logger.warn(
      { subject: row.subject, msgId: row.msgId, lostSeq: row.streamSeq, seq },
      'the broker had lost an acknowledged message; sent it again',
    );
    await this.dataSource.transaction(async (manager) => {
      await this.outbox.markResent(manager, row.id, seq, msgId);
      await this.events.record(manager, {
        type: 'bus.resent',
        ...concerned(row),
        correlationId: row.correlationId ?? undefined,
        data: { service: this.service, stream, subject: row.subject, msgId, lostSeq: row.streamSeq, seq },
      });
    });
    return true;
  }
}

/** The stream that keeps what is published on `subject`, if one does. */
export function streamOfSubject(names: ExchangeNames, subject: string): StreamName | undefined {
  const prefix = `${names.namespace}.`;
  if (!subject.startsWith(prefix)) return undefined;
  const kind = subject.slice(prefix.length).split('.', 1)[0];
  return ({ pub: 'EXCHANGE', inbox: 'INBOX', events: 'EVENTS', dlq: 'DLQ' } as const)[kind as 'pub'];
}

/** The node and message a re-sent row concerns, for coordinators' filters: its envelope's or its event's. */
function concerned(row: UnverifiedOutboxRow): Pick<ExchangeEvent, 'node' | 'nodes' | 'messageId'> {
  const payload = row.payload as { origin?: unknown; id?: unknown; node?: unknown; messageId?: unknown };
  const node =
    typeof payload.origin === 'string' ? payload.origin : typeof payload.node === 'string' ? payload.node : undefined;
  const messageId =
    typeof payload.origin === 'string' && typeof payload.id === 'string'
      ? payload.id
      : typeof payload.messageId === 'string'
        ? payload.messageId
        : undefined;
  return { ...(node && { node, nodes: [node] }), ...(messageId && { messageId }) };
}
