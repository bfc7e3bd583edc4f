import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import {
  authenticatePublished,
  EVENT_TYPES,
  type EventType,
  eventProducers,
  ExchangeNames,
  HEADERS,
  PUBLISHED_EVENT_TYPE,
  REFUSED_EVENT_TYPE,
  type Refusal,
  SERVICES,
  voucherOf,
} from '@iren/contracts';
import { type ConsumedMessage, headerOf, PermanentError, receivedMessage, RegistryDirectory } from '@iren/messaging';
import { ROOT_LOGGER, UnavailableError } from '@iren/platform';
import { AppendLedgerEntry } from '../ledger/append-ledger-entry.usecase';
import type { LedgerEntryDraft } from '../ledger/ledger-entry';
import { ExchangeEventInput, PublishedEnvelopeInput } from './audit-inputs';
import {
  exchangeEventCommand,
  publishedMessageCommand,
  refusedMessageCommand,
  unstorableReason,
} from './ledger-commands';
import { INVALID_AUDIT_INPUT, parseJsonObject, refusedForGoodOnThrow, validatedInput } from './parse-input';

export const CLOCK_SKEW_MS = Symbol('CLOCK_SKEW_MS');

/**
 * Turns what the audit consumers read into ledger commands, believing nothing for who it claims
 * to be. A message on EXCHANGE is recorded as published only when it is authentic (signed by its
 * origin, under its origin's subject, fresh), and otherwise as refused with the reason; its content
 * is the router's to judge. An event is recorded only when a service allowed to announce it signed
 * it, and otherwise dead-lettered. What cannot be read is a PermanentError (dead-lettered); a
 * database failure propagates, and the worker holds the message until the database is back.
 */
@Injectable()
export class LedgerMessageHandlers {
  private readonly logger: Logger;

  constructor(
    private readonly appendEntry: AppendLedgerEntry,
    private readonly names: ExchangeNames,
    private readonly directory: RegistryDirectory,
    @Inject(CLOCK_SKEW_MS) private readonly clockSkewMs: number,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: LedgerMessageHandlers.name });
  }

  /** A message published on EXCHANGE. */
  async onPublished(msg: ConsumedMessage): Promise<void> {
    const received = receivedMessage(msg);
    const verdict = await this.judged(() =>
      authenticatePublished(received, msg.time, this.names, this.directory.registry, this.clockSkewMs),
    );
    if ('reason' in verdict) {
      this.logger.warn({ subject: msg.subject, seq: msg.seq, reason: verdict.reason }, 'published message refused');
      const source = { sequence: msg.seq, subject: msg.subject, receivedAt: msg.time };
      return this.append(() => refusedMessageCommand(source, verdict, correlationHeader(msg)));
    }
    await this.append(() =>
      publishedMessageCommand(
        validatedInput(PublishedEnvelopeInput, verdict.plain),
        verdict.plain,
        correlationHeader(msg),
      ),
    );
  }

  /** An exchange event on EVENTS. */
  async onEvent(msg: ConsumedMessage): Promise<void> {
    const event = refusedForGoodOnThrow(() => validatedInput(ExchangeEventInput, parseJsonObject(msg.data)));
    // The subject is what bus permissions and the producer's signature cover; a type that disagrees is not believed.
    if (
      msg.subject !== this.names.eventSubject(event.type) ||
      [PUBLISHED_EVENT_TYPE, REFUSED_EVENT_TYPE].includes(event.type)
    ) {
      throw new PermanentError(INVALID_AUDIT_INPUT, `event type ${event.type} does not belong on ${msg.subject}`);
    }
    // A type this release does not know may come from any service, as long as one signed it.
    const producers = isEventType(event.type) ? eventProducers(event.type) : SERVICES;
    const voucher = await this.judged(() => voucherOf(receivedMessage(msg), producers, this.directory.registry));
    if ('reason' in voucher) {
      this.logger.warn({ subject: msg.subject, seq: msg.seq, reason: voucher.reason }, 'event refused');
      throw new PermanentError(voucher.reason, voucher.detail);
    }
    await this.append(() => exchangeEventCommand(event, correlationHeader(msg)));
  }

  /**
   * A verdict, taken again after the mirror caught up with the bucket when it refuses: a key
   * registered a moment ago (a node's rotation, a service's first key) may not have reached it yet.
   */
  private async judged<T extends object>(judge: () => T | Refusal): Promise<T | Refusal> {
    const verdict = judge();
    if (!('reason' in verdict)) return verdict;
    // Not knowing whether a key arrived is not a refusal: the message is tried again later.
    if (!(await this.directory.registry.catchUp()))
      throw new UnavailableError('the registry mirror could not catch up');
    return judge();
  }

  /** Builds the command (any failure there is permanent), then appends it (a failure there is retried). */
  private async append(build: () => LedgerEntryDraft): Promise<void> {
    const command = refusedForGoodOnThrow(() => {
      const built = build();
      const unstorable = unstorableReason(built);
      if (unstorable) throw new PermanentError(INVALID_AUDIT_INPUT, `cannot be recorded: ${unstorable}`);
      return built;
    });
    const entry = await this.appendEntry.execute(command);
    const log = { sourceId: command.sourceId, correlationId: command.correlationId };
    if (entry) this.logger.debug({ ...log, index: entry.index }, 'ledger entry appended');
    else this.logger.debug(log, 'already in the ledger');
  }
}

function correlationHeader(msg: ConsumedMessage): string | undefined {
  return headerOf(msg, HEADERS.correlationId);
}

function isEventType(type: string): type is EventType {
  return (EVENT_TYPES as readonly string[]).includes(type);
}
