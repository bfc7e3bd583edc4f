import { Inject, Injectable } from '@nestjs/common';
import type { JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';
import { ExchangeNames, HEADERS, PUBLISHED_EVENT_TYPE } from '@iren/contracts';
import { PermanentError } from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';
import { AppendLedgerEntry } from '../ledger/append-ledger-entry.usecase';
import type { LedgerEntryDraft } from '../ledger/ledger-entry';
import { ExchangeEventInput, PublishedEnvelopeInput } from './audit-inputs';
import { exchangeEventCommand, publishedMessageCommand, unstorableReason } from './ledger-commands';
import { INVALID_AUDIT_INPUT, parseJsonObject, refusedForGoodOnThrow, validatedInput } from './parse-input';

/**
 * Turns what the audit consumers read into ledger commands. A message that cannot be read is a
 * PermanentError (dead-lettered); a database failure propagates and the message is redelivered.
 */
@Injectable()
export class LedgerMessageHandlers {
  private readonly logger: Logger;

  constructor(
    private readonly appendEntry: AppendLedgerEntry,
    private readonly names: ExchangeNames,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: LedgerMessageHandlers.name });
  }

  /** A message published on EXCHANGE. */
  async onPublished(msg: JsMsg): Promise<void> {
    await this.append(() => {
      const raw = parseJsonObject(msg.data);
      return publishedMessageCommand(validatedInput(PublishedEnvelopeInput, raw), raw, correlationHeader(msg));
    });
  }

  /** An exchange event on EVENTS. */
  async onEvent(msg: JsMsg): Promise<void> {
    await this.append(() => {
      const event = validatedInput(ExchangeEventInput, parseJsonObject(msg.data));
      // Only the subject is guarded by NATS permissions; a type that disagrees with it is not trusted.
      if (msg.subject !== this.names.eventSubject(event.type) || event.type === PUBLISHED_EVENT_TYPE) {
        throw new PermanentError(INVALID_AUDIT_INPUT, `event type ${event.type} does not belong on ${msg.subject}`);
      }
      return exchangeEventCommand(event, correlationHeader(msg));
    });
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

function correlationHeader(msg: JsMsg): string | undefined {
  return msg.headers?.get(HEADERS.correlationId) || undefined;
}
