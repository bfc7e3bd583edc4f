import { Injectable } from '@nestjs/common';
import type { Envelope, EnvelopesMadeHere } from '@iren/contracts';

/** How many of the latest envelopes are kept: a delivery comes back within seconds of its acceptance. */
const KEPT = 4096;

/**
 * The envelopes this gateway accepted and signed most recently, as JSON carries them: when one
 * comes back in a delivery to a node of this gateway unchanged, the inbox consumer does not
 * validate it and verify its signature a second time (`authenticateDelivery`). Only the latest
 * are kept; any other envelope is checked in full, as every envelope from elsewhere is.
 */
@Injectable()
export class MadeEnvelopes implements EnvelopesMadeHere {
  private readonly made = new Map<string, Envelope>();

  remember(envelope: Envelope<unknown>): void {
    // As it travels: what JSON leaves out (an undefined member) is not there to compare.
    this.made.set(envelope.id, JSON.parse(JSON.stringify(envelope)) as Envelope);
    if (this.made.size > KEPT) this.made.delete(this.made.keys().next().value!);
  }

  get(id: string): Envelope | undefined {
    return this.made.get(id);
  }
}
