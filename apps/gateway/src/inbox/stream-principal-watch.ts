import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { type RegistryChange, RegistryDirectory } from '@iren/messaging';
import { DomainError, type ErrorPayload, HEALTH_DETAILS, type HealthDetail, ROOT_LOGGER } from '@iren/platform';
import { Authenticator } from '../auth/authenticator';

/** Who a live stream was opened for: the token it showed (by its SHA-256) and that token's node. */
export interface StreamHolder {
  digest: Buffer;
  nodeId: string;
  /** The registry's id of the token, for logs. */
  tokenId: string;
}

/** A stream as the watch sees it: something to end, saying why. */
export interface EndableStream {
  end(reason: ErrorPayload): void;
}

/** Every open stream is re-checked at least this often, whatever the registry copy says or does not. */
export const RECHECK_MS = 1_000;

/**
 * Keeps every live stream's principal true while the stream stays open: a stream is re-checked
 * with the very rule that admits a request (Authenticator) whenever the registry copy changes its
 * token or its node, and every `RECHECK_MS` besides (for a copy that stopped following, which then
 * refuses every token). One that no longer passes — token revoked, node suspended, registry not
 * followed — is ended with the reason, as the refusal's error shape.
 */
@Injectable()
export class StreamPrincipalWatch implements OnModuleInit, OnModuleDestroy {
  private readonly holders = new Map<EndableStream, StreamHolder & { digestHex: string }>();
  private closedOnRecheck = 0;
  private stopListening?: () => void;
  private timer?: NodeJS.Timeout;
  private readonly logger: Logger;

  constructor(
    private readonly authenticator: Authenticator,
    private readonly directory: RegistryDirectory,
    @Inject(HEALTH_DETAILS) health: HealthDetail[],
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: StreamPrincipalWatch.name });
    health.push({
      name: 'liveStreams',
      detail: () => ({ open: this.holders.size, closedOnRecheck: this.closedOnRecheck }),
    });
  }

  async onModuleInit(): Promise<void> {
    const mirror = await this.directory.ready();
    this.stopListening = mirror.onChange((change) => this.changed(change));
    this.timer = setInterval(() => this.recheckAll(), RECHECK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.stopListening?.();
    clearInterval(this.timer);
  }

  /** Re-checks `stream` from now on; answers the function that stops (call it when the stream closes). */
  watch(stream: EndableStream, holder: StreamHolder): () => void {
    this.holders.set(stream, { ...holder, digestHex: holder.digest.toString('hex') });
    return () => this.holders.delete(stream);
  }

  /** Re-checks every stream now. */
  recheckAll(): void {
    for (const stream of [...this.holders.keys()]) this.recheck(stream);
  }

  private changed(change: RegistryChange): void {
    for (const [stream, holder] of [...this.holders]) {
      const concerns =
        (change.kind === 'token' && change.id === holder.digestHex) ||
        (change.kind === 'node' && change.id === holder.nodeId);
      if (concerns) this.recheck(stream);
    }
  }

  private recheck(stream: EndableStream): void {
    const holder = this.holders.get(stream);
    if (!holder) return;
    let refusal: DomainError | undefined;
    try {
      const principal = this.authenticator.authenticate(holder.digest);
      // A token stands for one node for good; should the copy ever say otherwise, the stream is not its.
      if (principal.nodeId !== holder.nodeId) refusal = new DomainError('UNAUTHORIZED', 401, 'the token changed hands');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refusal = error;
    }
    if (!refusal) return;
    this.holders.delete(stream);
    this.closedOnRecheck += 1;
    this.logger.info(
      { tokenId: holder.tokenId, nodeId: holder.nodeId, status: refusal.status, reason: refusal.message },
      'live inbox stream closed: its principal no longer holds',
    );
    stream.end(refusal.toPayload());
  }
}
