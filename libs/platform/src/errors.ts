/**
 * Typed domain errors. Each carries a stable `code` and the HTTP status the gateway answers with;
 * they cross NATS request/reply as `{ code, status, message, fields }` and are rebuilt on the other side.
 */
export interface FieldProblem {
  field: string;
  messages: string[];
}

export interface ErrorPayload {
  code: string;
  status: number;
  message: string;
  fields?: FieldProblem[];
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toPayload(): ErrorPayload {
    return { code: this.code, status: this.status, message: this.message, ...(this.fields && { fields: this.fields }) };
  }

  static fromPayload(payload: ErrorPayload): DomainError {
    return new DomainError(payload.code, payload.status, payload.message, payload.fields);
  }

  static isPayload(value: unknown): value is ErrorPayload {
    const v = value as Partial<ErrorPayload> | null;
    return typeof v === 'object' && v !== null && typeof v.code === 'string' && typeof v.status === 'number';
  }
}

export class InvalidInputError extends DomainError {
  constructor(message: string, fields?: FieldProblem[]) {
    super('INVALID_INPUT', 400, message, fields);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super('NOT_FOUND', 404, `${what} not found`);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('CONFLICT', 409, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super('FORBIDDEN', 403, message);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'a valid bearer token is required') {
    super('UNAUTHORIZED', 401, message);
  }
}

/** A dependency (NATS, PostgreSQL, another app) does not answer; the client may retry. */
export class UnavailableError extends DomainError {
  constructor(message: string) {
    super('UNAVAILABLE', 503, message);
  }
}
