import { IrenApiError, IrenNetworkError } from './api-error';

const answer = (status: number, headers: Record<string, string> = {}) =>
  new Response(null, { status, statusText: 'Whatever', headers });

describe(IrenApiError.name, () => {
  it("reads the gateway's error shape: status, message, code, fields, correlation id, Retry-After", () => {
    const error = IrenApiError.fromAnswer(answer(400, { 'retry-after': '5' }), {
      statusCode: 400,
      error: 'Bad Request',
      message: 'invalid input',
      code: 'INVALID_INPUT',
      fields: [{ field: 'body.title', messages: ['title must be shorter than or equal to 200 characters'] }],
      correlationId: 'c-1',
    });
    expect(error).toMatchObject({
      status: 400,
      message: 'invalid input',
      code: 'INVALID_INPUT',
      correlationId: 'c-1',
      retryAfterSeconds: 5,
      fields: [{ field: 'body.title', messages: ['title must be shorter than or equal to 200 characters'] }],
    });
    expect(error.describe()).toBe('invalid input\nbody.title: title must be shorter than or equal to 200 characters');
  });

  it('joins a list of messages, and falls back to the status on a body that is not the shape', () => {
    expect(IrenApiError.fromAnswer(answer(400), { message: ['a is wrong', 'b is wrong'] }).message).toBe(
      'a is wrong; b is wrong',
    );
    const odd = IrenApiError.fromAnswer(answer(502), '<html>bad gateway</html>');
    expect(odd).toMatchObject({ status: 502, message: '502 Whatever', fields: [], code: undefined });
    expect(IrenApiError.fromAnswer(answer(400), { fields: [{ field: 'x', messages: [1, 'm'] }, 'y'] }).fields).toEqual([
      { field: 'x', messages: ['m'] },
    ]);
  });
});

describe(IrenNetworkError.name, () => {
  it("names the URL and undici's underlying cause", () => {
    const cause = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    expect(new IrenNetworkError('http://127.0.0.1:1', cause).message).toBe(
      'cannot reach http://127.0.0.1:1: fetch failed (connect ECONNREFUSED 127.0.0.1:1)',
    );
  });
});
