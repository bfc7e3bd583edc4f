import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { ExchangeNames, FROM_HUB_STREAM, HEADERS, SIGNATURE_HEADERS } from '@iren/contracts';
import {
  type BatchOutcome,
  type ConsumedMessage,
  DurableConsumers,
  headerOf,
  type JetStreamWorker,
  NatsClients,
  PermanentError,
} from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';
import { RouterPlacement } from './router-placement';

/** The headers a delivery keeps on its way from the hub into the site's INBOX: its dedupe id and its voucher. */
const KEPT_HEADERS = [
  HEADERS.msgId,
  HEADERS.correlationId,
  SIGNATURE_HEADERS.signer,
  SIGNATURE_HEADERS.signature,
  SIGNATURE_HEADERS.batchProof,
];

/**
 * At a national site, puts what the hub's router delivered to the site's nodes into the site's own
 * INBOX. The hub keeps those deliveries in the site's stream (`siteInboxSubject`), which the site's
 * `FROM_HUB` stream sources across the leaf link whenever it is up; this relay republishes each, in
 * order, under the node's inbox subject with the same bytes, dedupe id and voucher (the hub's
 * router vouched for it as that subject), so the site's gateway stores it as it stores its own
 * router's deliveries, and a repeat is dropped by the INBOX's duplicate window. What is not a
 * delivery to one of the site's nodes is dead-lettered.
 */
@Injectable()
export class FromHubRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: JetStreamWorker;
  private readonly logger: Logger;

  constructor(
    private readonly consumers: DurableConsumers,
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly placement: RouterPlacement,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: FromHubRelay.name });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.placement.atHub) return;
    this.worker = this.consumers.batchWorker(
      { stream: FROM_HUB_STREAM, purpose: 'from_hub', batch: { max: 256, lingerMs: 5 } },
      (msgs) => this.relay(msgs),
      this.logger,
    );
    await this.worker.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.stop();
  }

  /** Republishes the batch in order, pipelined; each message is settled by its own acknowledgement. */
  async relay(msgs: ConsumedMessage[]): Promise<BatchOutcome> {
    const published = msgs.map((msg) => {
      const node = this.names.nodeOfSiteInboxSubject(msg.subject);
      if (!node || this.placement.deliveryTo(node)?.subject !== this.names.inboxSubject(node)) {
        const detail = `${msg.subject} is not a delivery to a node of site ${this.placement.site}`;
        return Promise.reject(new PermanentError('not_a_site_delivery', detail));
      }
      const msgId = headerOf(msg, HEADERS.msgId);
      if (!msgId) return Promise.reject(new PermanentError('unsigned', `no dedupe id on ${msg.subject}`));
      const kept = natsHeaders();
      for (const name of KEPT_HEADERS) {
        const value = headerOf(msg, name);
        if (value !== undefined) kept.set(name, value);
      }
      return this.nats.js.publish(this.names.inboxSubject(node), msg.data, { msgID: msgId, headers: kept });
    });
    const settled = await Promise.allSettled(published);
    return settled.map((s) => (s.status === 'fulfilled' ? undefined : (s.reason as Error)));
  }
}
