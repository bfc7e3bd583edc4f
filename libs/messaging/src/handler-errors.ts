/** A failure worth retrying later (a dependency down, a lock timeout): the message is redelivered. */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

/**
 * A failure that no retry will cure (a malformed or forged message): the message is dead-lettered
 * under `reason` and terminated at once.
 */
export class PermanentError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentError';
  }
}
