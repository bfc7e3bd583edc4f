import { isLiveStream, routeLabel, statusLabel, UNMATCHED_ROUTE } from './http-labels';

describe(routeLabel.name, () => {
  it('answers the pattern the request matched, never its URL', () => {
    expect(routeLabel({ baseUrl: '', route: { path: '/api/v1/messages/:id' } })).toBe('/api/v1/messages/:id');
  });

  it('puts the mount path of a sub-router before the pattern', () => {
    expect(routeLabel({ baseUrl: '/api', route: { path: '/inbox/:messageId/ack' } })).toBe('/api/inbox/:messageId/ack');
  });

  it('answers one label for every request no route matched', () => {
    expect(routeLabel({})).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({ baseUrl: '/x' })).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({ route: { path: /^\/regex/ } })).toBe(UNMATCHED_ROUTE);
  });

  it("takes a catch-all's match (Nest's not-found handler under the API prefix) for no match", () => {
    for (const path of ['*path', '/*path', '/{*path}', '{*splat}']) {
      expect(routeLabel({ baseUrl: '/api/v1', route: { path } })).toBe(UNMATCHED_ROUTE);
    }
    expect(routeLabel({ baseUrl: '', route: { path: '/files/*path' } })).toBe('/files/*path');
  });
});

describe(isLiveStream.name, () => {
  it('knows server-sent events by their content type, whatever its case and parameters', () => {
    expect(isLiveStream('text/event-stream')).toBe(true);
    expect(isLiveStream('Text/Event-Stream; charset=utf-8')).toBe(true);
  });

  it('takes anything else for an answer', () => {
    expect(isLiveStream('application/json; charset=utf-8')).toBe(false);
    expect(isLiveStream(undefined)).toBe(false);
    expect(isLiveStream(['text/event-stream'])).toBe(false);
  });
});

describe(statusLabel.name, () => {
  it('answers the status sent, or aborted when none was', () => {
    expect(statusLabel({ headersSent: true, statusCode: 202 })).toBe('202');
    expect(statusLabel({ headersSent: false, statusCode: 200 })).toBe('aborted');
  });
});
