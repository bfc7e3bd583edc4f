import { IrenApiError, IrenNetworkError } from './api-error';
import { createIrenClient, ok, rootOf } from './iren-client';

describe(createIrenClient.name, () => {
  const seen: Request[] = [];
  const fakeFetch = (status: number, body: unknown) => async (request: Request) => {
    seen.push(request);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };

  beforeEach(() => (seen.length = 0));

  it('sends the bearer token to the gateway root and answers the data of a success', async () => {
    const api = createIrenClient({ baseUrl: 'http://gw:3000/api/v1/', token: 'irn_abc', fetch: fakeFetch(200, []) });
    await expect(ok(api.GET('/api/v1/nodes'))).resolves.toEqual([]);
    expect(seen[0].url).toBe('http://gw:3000/api/v1/nodes');
    expect(seen[0].headers.get('authorization')).toBe('Bearer irn_abc');
  });

  it('throws an error answer as IrenApiError, with its fields', async () => {
    const refusal = { statusCode: 400, message: 'invalid input', fields: [{ field: 'tlp', messages: ['bad'] }] };
    const api = createIrenClient({ baseUrl: 'http://gw', token: 't', fetch: fakeFetch(400, refusal) });
    const error = await ok(api.GET('/api/v1/nodes')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IrenApiError);
    expect(error).toMatchObject({ status: 400, message: 'invalid input', fields: refusal.fields });
  });

  it('throws IrenNetworkError when nothing answers', async () => {
    const api = createIrenClient({ baseUrl: 'http://127.0.0.1:1', token: 't' });
    await expect(ok(api.GET('/api/v1/nodes'))).rejects.toBeInstanceOf(IrenNetworkError);
  });

  it('refuses a token that cannot be a header value', () => {
    expect(() => createIrenClient({ baseUrl: 'http://gw', token: 'a b\r\nX-Evil: 1' })).toThrow(/printable ASCII/);
  });
});

describe(rootOf.name, () => {
  it('keeps the origin and a path prefix, drops trailing slashes and a pasted /api/v1', () => {
    expect(rootOf('https://iren.example.org/')).toBe('https://iren.example.org');
    expect(rootOf('https://example.org/iren/api/v1')).toBe('https://example.org/iren');
  });

  it('refuses what is not an http(s) URL, naming it', () => {
    expect(() => rootOf('iren.example.org')).toThrow('not a URL: "iren.example.org"');
    expect(() => rootOf('file:///etc/passwd')).toThrow(/http or https/);
  });
});
