/** One field the API refused, and why (the `fields` of a 400 answer). */
export interface FieldError {
  field: string;
  messages: string[];
}

/**
 * An answer of the API other than success, in the one shape the gateway gives every error:
 * `{ statusCode, error, message, code?, fields?, correlationId }`. `message` is the API's own
 * sentence (class-validator's list of messages, when that is what it sent, joined with "; ").
 */
export class IrenApiError extends Error {
  override readonly name = 'IrenApiError';

  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldError[] = [],
    /** The domain error's code (`INVALID_INPUT`, `NOT_FOUND`, ...), when the API gave one. */
    readonly code?: string,
    /** Quote it to the operators: it finds the request in their logs. */
    readonly correlationId?: string,
    /** Seconds the API asked to wait before retrying (429, 503), when it said. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** The error of a response that was not a success, from its parsed body (anything, even nothing). */
  static fromAnswer(response: Response, body: unknown): IrenApiError {
    return IrenApiError.fromBody(response.status, body, response.statusText, response.headers.get('retry-after'));
  }

  /** The error an error body describes, given the status it came with. */
  static fromBody(status: number, body: unknown, statusText = '', retryAfterHeader?: string | null): IrenApiError {
    const answer = isRecord(body) ? body : {};
    const retryAfter = retryAfterHeader ? Number(retryAfterHeader) : NaN;
    return new IrenApiError(
      status,
      messageOf(answer.message) ?? `${status} ${statusText || 'error'}`.trim(),
      fieldsOf(answer.fields),
      typeof answer.code === 'string' ? answer.code : undefined,
      typeof answer.correlationId === 'string' ? answer.correlationId : undefined,
      Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    );
  }

  /** The message and each refused field on a line of its own, for a person to read. */
  describe(): string {
    return [this.message, ...this.fields.map((f) => `${f.field}: ${f.messages.join('; ')}`)].join('\n');
  }
}

/** The API could not be reached at all (refused connection, DNS, TLS, a reset): no answer to read. */
export class IrenNetworkError extends Error {
  override readonly name = 'IrenNetworkError';

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`cannot reach ${url}: ${causeText(cause)}`, { cause });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (Array.isArray(value) && value.length > 0 && value.every((m) => typeof m === 'string')) return value.join('; ');
  return undefined;
}

function fieldsOf(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((f): f is Record<string, unknown> => isRecord(f) && typeof f.field === 'string')
    .map((f) => ({
      field: f.field as string,
      messages: Array.isArray(f.messages) ? f.messages.filter((m): m is string => typeof m === 'string') : [],
    }));
}

function causeText(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // undici's "fetch failed" says nothing; the reason is its cause (ECONNREFUSED, ENOTFOUND, ...).
  const inner = (cause as Error & { cause?: unknown }).cause;
  return inner instanceof Error ? `${cause.message} (${inner.message})` : cause.message;
}
