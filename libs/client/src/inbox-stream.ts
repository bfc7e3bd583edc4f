import { IrenApiError, IrenNetworkError } from './api-error';
import { rootOf, type IrenClientOptions } from './iren-client';
import type { components } from './schema';
import { SseParser } from './sse-parser';

/** A delivery in the node's inbox, as `GET /inbox` and the stream give it. */
export type InboxItem = components['schemas']['InboxItem'];

/** Options of {@link followInbox}. */
export interface FollowInboxOptions {
  /** The cursor to resume after (an item's `cursor`); the stream starts with what came since. */
  after?: string;
  /** Stops following: the iteration ends without an error. */
  signal?: AbortSignal;
  /** Resume after a dropped connection, from the last item received (default true). */
  reconnect?: boolean;
  /** Called once per connection when the gateway confirmed the stream open. */
  onOpen?: () => void;
}

/** A delivery as the stream sends it: the `data` of an `event: delivery`, a `GET /inbox` item. */
export interface StreamedDelivery<Item> {
  cursor: string;
  item: Item;
}

const STREAM_PATH = '/api/v1/inbox/stream';
/** Until the gateway says otherwise with `retry:` (it does, at once). */
const DEFAULT_RETRY_MS = 2000;

/**
 * Follows the node's inbox live over `GET /inbox/stream`, yielding each delivery as it arrives.
 * Built on fetch, not EventSource, because EventSource cannot send the bearer token; it imports
 * nothing from Node, so the console bundles it for the browser. A dropped connection is resumed
 * from the last item's cursor after the server's `retry` delay; a refusal (an error answer, or
 * `event: closed` when the token is revoked or the node suspended) throws {@link IrenApiError}.
 */
export async function* followInbox<Item = InboxItem>(
  client: Pick<IrenClientOptions, 'baseUrl' | 'token' | 'fetch'>,
  options: FollowInboxOptions = {},
): AsyncGenerator<StreamedDelivery<Item>, void, undefined> {
  const url = `${rootOf(client.baseUrl)}${STREAM_PATH}`;
  const fetchImpl = client.fetch ?? ((request: Request) => globalThis.fetch(request));
  let cursor = options.after;
  for (;;) {
    const parser = new SseParser((comment) => (comment === 'connected' ? options.onOpen?.() : undefined));
    let response: Response;
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (client.token) headers.authorization = `Bearer ${client.token}`;
      const at = url + (cursor ? `?after=${encodeURIComponent(cursor)}` : '');
      response = await fetchImpl(new Request(at, { headers, signal: options.signal }));
    } catch (error) {
      if (options.signal?.aborted) return;
      throw new IrenNetworkError(url, error);
    }
    if (!response.ok || !response.body) throw IrenApiError.fromAnswer(response, await bodyOf(response));
    try {
      for await (const text of decoded(response.body)) {
        for (const event of parser.push(text)) {
          if (event.event === 'closed') throw closedError(parsed(event.data));
          if (event.event !== 'delivery') continue;
          const item = parsed(event.data) as Item & { cursor?: unknown };
          cursor = typeof item?.cursor === 'string' ? item.cursor : event.id || cursor;
          yield { cursor: cursor ?? '', item };
        }
      }
    } catch (error) {
      if (options.signal?.aborted) return;
      if (error instanceof IrenApiError || options.reconnect === false) throw error;
    }
    if (options.signal?.aborted) return;
    if (options.reconnect === false) return;
    await sleep(parser.retryMs ?? DEFAULT_RETRY_MS, options.signal);
  }
}

async function* decoded(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield decoder.decode(value, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** `event: closed` carries the API's error shape: the refusal that ended the stream. */
function closedError(body: unknown): IrenApiError {
  const status = (body as { statusCode?: unknown } | null)?.statusCode;
  return IrenApiError.fromBody(typeof status === 'number' ? status : 503, body, 'stream closed');
}

function parsed(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return { message: data };
  }
}

async function bodyOf(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  return text ? parsed(text) : undefined;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
