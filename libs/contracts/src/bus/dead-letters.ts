/**
 * The headers a consumer sets on a dead letter (`iren.dlq.<reason>`), beside every header the
 * message had (its signature and correlation id: the evidence); the payload is the message's own.
 */
export const DEAD_LETTER_HEADERS = {
  /** Why: the permanent error's reason (`bad_signature`, ...) or `max_deliveries`; also the subject's last token. */
  reason: 'Iren-Dlq-Reason',
  /** The error message, at most 1000 characters. */
  error: 'Iren-Dlq-Error',
  /** The subject the message had. */
  subject: 'Iren-Dlq-Subject',
  /** The stream it came from, and its sequence number there. */
  stream: 'Iren-Dlq-Stream',
  seq: 'Iren-Dlq-Seq',
  /** The durable consumer that gave up on it. */
  consumer: 'Iren-Dlq-Consumer',
  /** The message's own `Nats-Msg-Id` (covered by its publisher's signature), put back on a replay from this copy. */
  msgId: 'Iren-Dlq-Msg-Id',
  /** When the stream stored the message, and when it was dead-lettered (ISO 8601). */
  storedAt: 'Iren-Dlq-Stored-At',
  deadLetteredAt: 'Iren-Dlq-Time',
} as const;

/**
 * The server's own dead letter: the advisory JetStream publishes when a durable consumer has
 * delivered a message `max_deliver` times without an ack (the consumer could not even dead-letter
 * it). The DLQ stream keeps these too, under the advisory's own subject.
 */
export interface MaxDeliveriesAdvisory {
  type: 'io.nats.jetstream.advisory.v1.max_deliver';
  id: string;
  timestamp: string;
  stream: string;
  consumer: string;
  stream_seq: number;
  deliveries: number;
}

/** The subject prefix of every max-deliveries advisory: `<prefix>.<stream>.<consumer>`. */
export const MAX_DELIVERIES_ADVISORY_PREFIX = '$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES';
