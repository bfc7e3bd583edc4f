import { DomainError, isDependencyUnavailable, UnavailableError } from '@iren/platform';
import { PermanentError, TransientError } from './handler-errors';

/** How one attempt to put a dead letter back ended, as the gateway records it. */
export const REPLAY_OUTCOMES = [
  'processed',
  'still_refused',
  'unavailable',
  'not_found',
  'not_replayable',
  'failed',
] as const;
export type ReplayOutcome = (typeof REPLAY_OUTCOMES)[number];

/** The answer to a replay the consumer's handler went through with. */
export interface ReplayedDeadLetter {
  id: string;
  consumer: string;
  outcome: 'processed';
}

/** The handler refused the message again, for a reason no retry cures (409): its cause is not fixed. */
export class StillRefusedError extends DomainError {
  constructor(reason: string, detail: string) {
    super('STILL_REFUSED', 409, `still refused: ${reason}: ${detail}`);
  }
}

/** The letter cannot be put back by the exchange's services: a node's consumer, an unknown one, no copy (409). */
export class NotReplayableError extends DomainError {
  constructor(message: string) {
    super('NOT_REPLAYABLE', 409, message);
  }
}

/**
 * What a handler's failure on a replayed message tells whoever asked: refused again (409, with the
 * handler's reason and message), or a dependency down (503: try later); anything else as it is.
 */
export function replayFailure(error: unknown, consumer: string): unknown {
  if (error instanceof PermanentError) return new StillRefusedError(error.reason, error.message);
  if (error instanceof TransientError || isDependencyUnavailable(error)) {
    return new UnavailableError(
      `consumer ${consumer} cannot process it now: a dependency is unavailable; retry shortly`,
    );
  }
  return error;
}

/** The outcome to record for an attempt that failed with `error`, here or behind request/reply. */
export function replayOutcomeOf(error: unknown): Exclude<ReplayOutcome, 'processed'> {
  if (error instanceof DomainError) {
    const byCode: Record<string, Exclude<ReplayOutcome, 'processed'>> = {
      STILL_REFUSED: 'still_refused',
      NOT_REPLAYABLE: 'not_replayable',
      NOT_FOUND: 'not_found',
      UNAVAILABLE: 'unavailable',
    };
    return byCode[error.code] ?? 'failed';
  }
  return isDependencyUnavailable(error) ? 'unavailable' : 'failed';
}
