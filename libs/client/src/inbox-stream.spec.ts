import { IrenApiError } from './api-error';
import { followInbox } from './inbox-stream';

/** A response whose body streams the given chunks, then ends. */
function streamed(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

const delivery = (cursor: string) =>
  `id: ${cursor}\nevent: delivery\ndata: ${JSON.stringify({ cursor, n: cursor })}\n\n`;

describe(followInbox.name, () => {
  it('yields deliveries, and resumes after a dropped connection from the last cursor', async () => {
    const urls: string[] = [];
    const answers = [
      streamed(['retry: 1\n: connected\n\n', delivery('c1').slice(0, 10), delivery('c1').slice(10)]),
      streamed([
        'retry: 1\n: connected\n\n',
        delivery('c2'),
        'event: closed\ndata: {"statusCode":401,"message":"token revoked"}\n\n',
      ]),
    ];
    const fetch = async (request: Request) => {
      urls.push(request.url);
      expect(request.headers.get('authorization')).toBe('Bearer t');
      return answers.shift()!;
    };
    const seen: string[] = [];
    let opened = 0;
    const follow = followInbox({ baseUrl: 'http://gw', token: 't', fetch }, { onOpen: () => opened++ });
    const error = await (async () => {
      for await (const { cursor } of follow) seen.push(cursor);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['c1', 'c2']);
    expect(urls).toEqual(['http://gw/api/v1/inbox/stream', 'http://gw/api/v1/inbox/stream?after=c1']);
    expect(opened).toBe(2);
    expect(error).toBeInstanceOf(IrenApiError);
    expect(error).toMatchObject({ status: 401, message: 'token revoked' });
  });

  it('throws the refusal of an error answer', async () => {
    const fetch = async () => new Response('{"statusCode":429,"message":"too many streams"}', { status: 429 });
    await expect(followInbox({ baseUrl: 'http://gw', fetch }).next()).rejects.toMatchObject({
      status: 429,
      message: 'too many streams',
    });
  });

  it('ends quietly when its signal aborts', async () => {
    const controller = new AbortController();
    const fetch = async () => streamed([': connected\n\n', delivery('c1')]);
    const seen: string[] = [];
    for await (const { cursor } of followInbox({ baseUrl: 'http://gw', fetch }, { signal: controller.signal })) {
      seen.push(cursor);
      controller.abort();
    }
    expect(seen).toEqual(['c1']);
  });
});
