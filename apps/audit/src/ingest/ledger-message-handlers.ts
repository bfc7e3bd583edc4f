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
  SERVICES,
  voucherOf,
} from '@iren/contracts';
import {
  type BatchOutcome,
  type ConsumedMessage,
  headerOf,
  PermanentError,
  receivedMessage,
  RegistryDirectory,
} from '@iren/messaging';
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

/** A reading put off: the registry mirror refused the signer, and may not have its key yet. */
const AFTER_CATCH_UP = Symbol('after the registry mirror caught up');

/** How a message is read: its ledger command, or AFTER_CATCH_UP when `lastWord` is false and the mirror refused it. */
type Reader = (msg: ConsumedMessage, lastWord: boolean) => LedgerEntryDraft | typeof AFTER_CATCH_UP;

/**
 * Turns what the audit consumers read into ledger commands, believing nothing for who it claims
 * to be. A message on EXCHANGE is recorded as published only when it is authentic (signed by its
 * origin, under its origin's subject, fresh), and otherwise as refused with the reason; its content
 * is the router's to judge. An event is recorded only when a service allowed to announce it signed
 * it, and otherwise dead-lettered.
 *
 * Messages come in batches (`BatchHandler`). Each is read on its own first, all of the CPU work:
 * parsed, authenticated, validated, built into its command; what cannot be read is that message's
 * PermanentError (dead-lettered) and holds back no other. A signer the registry mirror does not
 * know may have registered a moment ago: the mirror catches up once for the whole batch and those
 * messages are judged again. Then the batch's commands are appended in one transaction; a database
 * failure there is thrown, and the worker holds the whole batch until the database is back.
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

  /** Messages published on EXCHANGE, recorded in one append. */
  publishedBatch(msgs: ConsumedMessage[]): Promise<BatchOutcome> {
    return this.record(msgs, (msg, lastWord) => this.readPublished(msg, lastWord));
  }

  /** Exchange events on EVENTS, recorded in one append. */
  eventBatch(msgs: ConsumedMessage[]): Promise<BatchOutcome> {
    return this.record(msgs, (msg, lastWord) => this.readEvent(msg, lastWord));
  }

  /** A message published on EXCHANGE, alone. */
  async onPublished(msg: ConsumedMessage): Promise<void> {
    failedWith(await this.publishedBatch([msg]));
  }

  /** An exchange event on EVENTS, alone. */
  async onEvent(msg: ConsumedMessage): Promise<void> {
    failedWith(await this.eventBatch([msg]));
  }

  private readPublished(msg: ConsumedMessage, lastWord: boolean): LedgerEntryDraft | typeof AFTER_CATCH_UP {
    const received = receivedMessage(msg);
    const verdict = authenticatePublished(received, msg.time, this.names, this.directory.registry, this.clockSkewMs);
    if (!('reason' in verdict)) {
      const envelope = validatedInput(PublishedEnvelopeInput, verdict.plain);
      return publishedMessageCommand(envelope, verdict.plain, correlationHeader(msg));
    }
    if (!lastWord) return AFTER_CATCH_UP;
    this.logger.warn({ subject: msg.subject, seq: msg.seq, reason: verdict.reason }, 'published message refused');
    const source = { sequence: msg.seq, subject: msg.subject, receivedAt: msg.time };
    return refusedMessageCommand(source, verdict, correlationHeader(msg));
  }

  private readEvent(msg: ConsumedMessage, lastWord: boolean): LedgerEntryDraft | typeof AFTER_CATCH_UP {
    const event = validatedInput(ExchangeEventInput, parseJsonObject(msg.data));
    // The subject is what bus permissions and the producer's signature cover; a type that disagrees is not believed.
    if (
      msg.subject !== this.names.eventSubject(event.type) ||
      [PUBLISHED_EVENT_TYPE, REFUSED_EVENT_TYPE].includes(event.type)
    ) {
      throw new PermanentError(INVALID_AUDIT_INPUT, `event type ${event.type} does not belong on ${msg.subject}`);
    }
    // A type this release does not know may come from any service, as long as one signed it.
    const producers = isEventType(event.type) ? eventProducers(event.type) : SERVICES;
    const voucher = voucherOf(receivedMessage(msg), producers, this.directory.registry);
    if (!('reason' in voucher)) return exchangeEventCommand(event, correlationHeader(msg));
    if (!lastWord) return AFTER_CATCH_UP;
    this.logger.warn({ subject: msg.subject, seq: msg.seq, reason: voucher.reason }, 'event refused');
    throw new PermanentError(voucher.reason, voucher.detail);
  }

  /**
   * Reads every message, catching the registry mirror up at most once, then appends the commands
   * read in one transaction. Answers, per message in order, undefined once recorded (or found
   * already recorded) or its own error; throws only what failed the append itself.
   */
  private async record(msgs: ConsumedMessage[], read: Reader): Promise<BatchOutcome> {
    const outcome: BatchOutcome = msgs.map(() => undefined);
    const commands = new Map<number, LedgerEntryDraft>();
    const readInto = (i: number, lastWord: boolean): boolean => {
      try {
        // Reading has no I/O: what it throws it would throw on every redelivery, so it is permanent.
        const command = refusedForGoodOnThrow(() => storable(read(msgs[i], lastWord)));
        if (command === AFTER_CATCH_UP) return false;
        commands.set(i, command);
      } catch (error) {
        outcome[i] = error;
      }
      return true;
    };
    const putOff = msgs.map((_, i) => i).filter((i) => !readInto(i, false));
    if (putOff.length > 0) {
      // Not knowing whether a key arrived is not a refusal: those messages are tried again later.
      const notCaughtUp = await this.catchUpRegistry();
      for (const i of putOff) {
        if (notCaughtUp) outcome[i] = notCaughtUp;
        else readInto(i, true);
      }
    }
    const indexes = [...commands.keys()].sort((a, b) => a - b);
    const entries = await this.appendEntry.executeBatch(indexes.map((i) => commands.get(i)!));
    const appended = entries.filter((entry) => entry !== null).length;
    this.logger.debug(
      { messages: msgs.length, appended, alreadyRecorded: indexes.length - appended },
      'ledger batch recorded',
    );
    return outcome;
  }

  /** Catches the registry mirror up; answers why it could not, or undefined once it did. */
  private async catchUpRegistry(): Promise<unknown> {
    try {
      return (await this.directory.registry.catchUp())
        ? undefined
        : new UnavailableError('the registry mirror could not catch up');
    } catch (error) {
      return error;
    }
  }
}

/** The command, unless it could never be stored and hashed: then the message is refused for good. */
function storable(command: LedgerEntryDraft | typeof AFTER_CATCH_UP): LedgerEntryDraft | typeof AFTER_CATCH_UP {
  if (command === AFTER_CATCH_UP) return command;
  const unstorable = unstorableReason(command);
  if (unstorable) throw new PermanentError(INVALID_AUDIT_INPUT, `cannot be recorded: ${unstorable}`);
  return command;
}

/** Throws the error of a batch of one, if it failed. */
function failedWith([outcome]: BatchOutcome): void {
  if (outcome !== undefined) throw outcome;
}

function correlationHeader(msg: ConsumedMessage): string | undefined {
  return headerOf(msg, HEADERS.correlationId);
}

function isEventType(type: string): type is EventType {
  return (EVENT_TYPES as readonly string[]).includes(type);
}
