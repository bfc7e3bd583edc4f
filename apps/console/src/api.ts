import { createIrenClient, type IrenApi, IrenApiError, IrenNetworkError } from '@iren/client';

export { IrenApiError, IrenNetworkError, ok } from '@iren/client';

/** The problems the API named for one field and the fields under it (`body.transport` takes `body.transport.containers.0`). */
export function problemsOf(error: unknown, field: string): string[] {
  if (!(error instanceof IrenApiError)) return [];
  return error.fields
    .filter((problem) => problem.field === field || problem.field.startsWith(`${field}.`))
    .flatMap((problem) => problem.messages);
}

export const API_BASE = '/api/v1';

/**
 * The gateway's API for the signed-in token: `client` is the typed client generated from the
 * contract (@iren/client), so a contract change that breaks a page fails the console's type
 * check. The token travels in the Authorization header only, never in a URL; the console lives
 * on the API's origin, so no credentials cross origins.
 */
export class Api {
  readonly client: IrenApi;

  constructor(
    readonly token: string,
    /** Told of a 401, so the shell can end a session the gateway no longer accepts. */
    private readonly onUnauthorized: () => void = () => undefined,
  ) {
    this.client = createIrenClient({ baseUrl: location.origin, token });
    this.client.use({
      onResponse: ({ response }) => {
        if (response.status === 401) this.onUnauthorized();
        return response;
      },
    });
  }

  /** Where {@link followInbox} and other raw calls go: this origin. */
  get baseUrl(): string {
    return location.origin;
  }

  /** A GET of an API path (below /api/v1) answered as `T`; errors as IrenApiError or IrenNetworkError. */
  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${API_BASE}${path}`, {
        signal,
        headers: { accept: 'application/json', authorization: `Bearer ${this.token}` },
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new IrenNetworkError(`${API_BASE}${path}`, error);
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (response.status === 401) this.onUnauthorized();
    if (!response.ok) throw IrenApiError.fromAnswer(response, answer);
    return answer as T;
  }
}
