import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import {
  EnvelopeDto,
  type Envelope,
  ExchangeNames,
  HEADERS,
  NETWORK_MADE_KINDS,
  signatureProblem,
  validatePlain,
} from '@iren/contracts';
import { JetStreamWorker, NatsClients, PermanentError } from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';
import { DetectHits } from '../hits/detect-hits.usecase';
import { RejectMessage } from './reject-message.usecase';
import { RouteMessage } from './route-message.usecase';
import { RoutingTable } from './routing-table';

/**
 * The router's durable consumer of `EXCHANGE`. It re-validates every message with the same DTOs
 * as the gateway, checks that the subject's node is the envelope's origin and an ACTIVE member,
 * and that the signature verifies against a key the registry holds for that origin, valid when the
 * message was created; then routes it. A message that fails those checks is recorded as rejected
 * and dead-lettered. The checks run in that order (structure, subject, kind, membership, signature;
 * the follow-up rules come after, in routing), so each refusal names the first thing wrong.
 */
@Injectable()
export class ExchangeConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: JetStreamWorker;
  private readonly logger: Logger;

  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly table: RoutingTable,
    private readonly route: RouteMessage,
    private readonly reject: RejectMessage,
    private readonly hits: DetectHits,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: ExchangeConsumer.name });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = new JetStreamWorker(
      this.nats.js,
      this.nats.jsm,
      this.names,
      {
        stream: 'EXCHANGE',
        purpose: 'router',
        filterSubject: this.names.publishWildcard,
        // Messages are routed independently: a decision is recorded once whoever gets there first,
        // hits lock per identifier, and a follow-up that overtakes its original is retried.
        concurrency: 4,
      },
      (msg) => this.handle(msg),
      this.logger,
    );
    await this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.stop();
  }

  async handle(msg: JsMsg): Promise<void> {
    const correlationId = msg.headers?.get(HEADERS.correlationId) || undefined;
    const subjectOrigin = this.names.originOfSubject(msg.subject);
    let plain: unknown;
    try {
      plain = msg.json();
    } catch {
      return this.refuse(msg, 'invalid_json', 'the message is not JSON', subjectOrigin, undefined, correlationId);
    }
    const { value, errors } = validatePlain(EnvelopeDto, plain);
    if (!value) {
      const detail = errors.map((e) => `${e.field}: ${e.messages.join('; ')}`).join(' | ');
      return this.refuse(msg, 'invalid_envelope', detail, subjectOrigin, idOf(plain), correlationId);
    }
    const envelope = value as unknown as Envelope;
    if (envelope.origin !== subjectOrigin) {
      const detail = `published under ${msg.subject} but claims origin ${envelope.origin}`;
      return this.refuse(msg, 'origin_mismatch', detail, subjectOrigin, envelope.id, correlationId);
    }
    if (NETWORK_MADE_KINDS.includes(envelope.kind)) {
      const detail = `${envelope.kind} messages are made by the network, not published by nodes`;
      return this.refuse(msg, 'kind_not_publishable', detail, subjectOrigin, envelope.id, correlationId);
    }
    // Registry changes acknowledged before this message arrived (a suspension, a new filter) apply to it.
    await this.table.directory.catchUp();
    const origin = this.table.directory.node(envelope.origin);
    if (origin?.status !== 'ACTIVE') {
      const detail = origin
        ? `origin ${envelope.origin} is ${origin.status}`
        : `origin ${envelope.origin} is not a member`;
      return this.refuse(msg, 'origin_not_active', detail, envelope.origin, envelope.id, correlationId);
    }
    // Verified over the JSON as received, which is what the gateway signed.
    const signature = signatureProblem(plain as Envelope<unknown>, this.table.directory.keysOf(envelope.origin));
    if (signature) {
      return this.refuse(msg, signature.reason, signature.detail, envelope.origin, envelope.id, correlationId);
    }
    const recipients = await this.route.execute({ envelope, correlationId });
    this.logger.info({ messageId: envelope.id, correlationId, recipients: recipients.length }, 'message routed');
    // After routing, so the alert's recipients are recorded: they decide what each HIT may tell of it.
    await this.hits.execute({ envelope, correlationId });
  }

  private async refuse(
    msg: JsMsg,
    reason: string,
    detail: string,
    origin: string | undefined,
    messageId: string | undefined,
    correlationId: string | undefined,
  ): Promise<never> {
    await this.reject.execute({ sequence: msg.seq, reason, detail, origin, messageId, correlationId });
    throw new PermanentError(reason, detail);
  }
}

function idOf(plain: unknown): string | undefined {
  const id = (plain as { id?: unknown } | null)?.id;
  return typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) ? id : undefined;
}
