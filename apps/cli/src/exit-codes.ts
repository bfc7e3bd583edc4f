import { IrenApiError, IrenNetworkError } from '@iren/client';

/**
 * What `iren` exits with; scripts rely on these, so a code never changes its meaning
 * (README, "Command-line client"; docs/cli.md).
 */
export const ExitCode = {
  /** Done as asked. */
  OK: 0,
  /** The command line or an input file is wrong: unknown command or option, missing argument, bad CSV. */
  USAGE: 1,
  /** The API refused (400, 404, 409, 413), or some rows of a publish were refused. */
  REFUSED: 2,
  /** No token, or the API did not accept it (401) or it does not allow this (403). */
  AUTH: 3,
  /** The API could not be reached, was unavailable (503, 5xx) or asked to slow down (429): try again later. */
  UNAVAILABLE: 4,
  /** A checkpoint signature, inclusion or consistency proof did not verify. */
  VERIFICATION_FAILED: 5,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A mistake of the command line or of an input file; exits {@link ExitCode.USAGE}. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Something the API answered that rules out what was asked (no ledger entry to prove yet); exits {@link ExitCode.REFUSED}. */
export class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

/** Missing credentials; exits {@link ExitCode.AUTH} before asking the API. */
export class MissingTokenError extends Error {
  override readonly name = 'MissingTokenError';
}

/** The exit code of an API answer's status. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return ExitCode.AUTH;
  if (status === 429 || status >= 500) return ExitCode.UNAVAILABLE;
  return ExitCode.REFUSED;
}

/** The exit code of whatever a command threw. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof UsageError) return ExitCode.USAGE;
  if (error instanceof MissingTokenError) return ExitCode.AUTH;
  if (error instanceof RefusedError) return ExitCode.REFUSED;
  if (error instanceof IrenApiError) return exitCodeForStatus(error.status);
  if (error instanceof IrenNetworkError) return ExitCode.UNAVAILABLE;
  // A programming error or something unforeseen: not a success, and not one of the documented causes.
  return ExitCode.USAGE;
}

/** The worse of two outcomes, for a command that did many things (a bulk publish). */
export function worse(a: ExitCode, b: ExitCode): ExitCode {
  const rank: ExitCode[] = [
    ExitCode.OK,
    ExitCode.REFUSED,
    ExitCode.USAGE,
    ExitCode.UNAVAILABLE,
    ExitCode.AUTH,
    ExitCode.VERIFICATION_FAILED,
  ];
  return rank.indexOf(a) >= rank.indexOf(b) ? a : b;
}
