import { Injectable } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import type { PublishMessageDto } from '@iren/contracts';
import type { Recipient } from '@iren/filters';
import { newEnvelope } from '../messages/new-envelope';
import { GatewayRouting } from './gateway-routing';

/** How long a preview waits for the registry mirror to catch up before answering from it as it is. */
const CATCH_UP_MS = 2_000;

export interface RecipientsPreview {
  /** Sorted by node id; `reasons` as the router gives them (`addressed:node`, `filter:<index>`...). */
  recipients: Recipient[];
}

/** `POST /messages/preview`: who would receive a message now, computed as the router computes it. */
@Injectable()
export class PreviewService {
  constructor(private readonly routing: GatewayRouting) {}

  /**
   * Builds the envelope `POST /messages` would build and routes it on paper: nothing is stored or
   * published. A message `POST /messages` would refuse for its addressing is refused alike.
   */
  async preview(origin: string, input: PublishMessageDto): Promise<RecipientsPreview> {
    const view = this.routing.view;
    // Registry changes already acknowledged (a new filter, a suspension) count, as they would for the
    // router; while NATS is unreachable the preview answers from the mirror as it stands.
    const timeout = new AbortController();
    await Promise.race([
      view.directory.catchUp(CATCH_UP_MS).catch(() => false),
      delay(CATCH_UP_MS, false, { signal: timeout.signal }).catch(() => false),
    ]);
    timeout.abort();
    const envelope = newEnvelope(origin, input, view.directory);
    return { recipients: view.recipientsFor(envelope).map(({ node, reasons }) => ({ node, reasons })) };
  }
}
