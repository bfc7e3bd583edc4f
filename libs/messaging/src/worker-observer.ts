/**
 * What a durable consumer's worker tells whoever measures it (the app's metrics), besides the
 * counters of its `state()`: each batch it handled, and how long the batch took to its commit.
 * An app without metrics provides none.
 */
export interface WorkerObserver {
  batchHandled(consumer: string, messages: number, seconds: number): void;
}

/** Nest token of the app's `WorkerObserver`, injected where provided. */
export const WORKER_OBSERVER = Symbol('WORKER_OBSERVER');
