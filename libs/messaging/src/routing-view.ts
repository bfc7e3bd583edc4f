import type { Envelope } from '@iren/contracts';
import { IndexedMatcher, recipientsFor, type Recipient } from '@iren/filters';
import type { RegistryMirror } from './registry-mirror';

/**
 * The network as distribution sees it: the members from a registry mirror and an index of every
 * subscription, kept current by the mirror's KV watch, so a filter change applies to the next
 * message. The router routes with it and the gateway previews with it: one computation, whoever
 * asks. It may be built over a mirror before or after the mirror starts: it indexes what the
 * mirror already holds, then follows its changes (both in one synchronous step, so none is lost).
 */
export class RoutingView {
  readonly matcher = new IndexedMatcher();
  private readonly unsubscribe: () => void;

  constructor(readonly directory: RegistryMirror) {
    for (const record of directory.subscriptions.values()) this.matcher.upsert(record);
    this.unsubscribe = directory.onChange((change) => {
      if (change.kind !== 'subscription') return;
      if (change.value) this.matcher.upsert(change.value);
      else this.matcher.remove(change.id);
    });
  }

  /** Who receives a fresh message now, and why (`recipientsFor` of libs/filters). */
  recipientsFor(envelope: Envelope<unknown>): Recipient[] {
    return recipientsFor(envelope, this.directory, this.matcher);
  }

  /** Stops following the mirror; the mirror itself is its owner's to stop. */
  close(): void {
    this.unsubscribe();
  }
}
