import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { IrenApiError, IrenNetworkError } from './api-error';
import type { paths } from './schema';

/** Where the API is and who calls it. */
export interface IrenClientOptions {
  /** The gateway's root, `https://iren.example.org` (paths carry `/api/v1` themselves). */
  baseUrl: string;
  /** An officer's, coordinator's or the admin's bearer token. */
  token?: string;
  /** Another fetch (tests, a proxy); the global one by default. */
  fetch?: (request: Request) => Promise<Response>;
}

/** The typed API: `api.GET('/api/v1/nodes')` and so on, every path and body checked against the contract. */
export type IrenApi = Client<paths>;

/** What an openapi-fetch call resolves to, either way. */
type Answer<T> = { data?: T; error?: unknown; response: Response };

/**
 * A client of the gateway's API generated from its OpenAPI document (contract/openapi.json). Every
 * request carries the bearer token; an unreachable API throws {@link IrenNetworkError}. Answers
 * that are not a success come back as openapi-fetch's `error`: pass the call to {@link ok} to have
 * them thrown as one {@link IrenApiError} instead.
 */
export function createIrenClient(options: IrenClientOptions): IrenApi {
  const baseUrl = rootOf(options.baseUrl);
  const fetchImpl = options.fetch ?? ((input: Request) => globalThis.fetch(input));
  const api = createClient<paths>({
    baseUrl,
    fetch: async (request: Request) => {
      try {
        return await fetchImpl(request);
      } catch (error) {
        if (request.signal.aborted) throw error;
        throw new IrenNetworkError(baseUrl, error);
      }
    },
  });
  if (options.token) api.use(bearer(options.token));
  return api;
}

/**
 * The data of a successful answer, or throws the answer as an {@link IrenApiError}: `await
 * ok(api.GET('/api/v1/nodes'))`. Typed by the contract: an operation whose success is documented
 * without a body gives `undefined`.
 */
export async function ok<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw IrenApiError.fromAnswer(response, error);
  return data as T;
}

/** The gateway's root from what a person types: trailing slashes and a pasted `/api/v1` removed. */
export function rootOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`not a URL: ${JSON.stringify(url)} (expected like https://iren.example.org)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`the API URL must be http or https, got ${parsed.protocol}`);
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}`;
}

function bearer(token: string): Middleware {
  if (!/^[\x21-\x7e]+$/.test(token)) throw new TypeError('the token must be printable ASCII without spaces');
  return {
    onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${token}`);
      return request;
    },
  };
}
