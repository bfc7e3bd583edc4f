import { FollowUpsController } from '../followups/follow-ups.controller';
import { InboxController } from '../inbox/inbox.controller';
import { MessagesController } from '../messages/messages.controller';
import { PreviewController } from '../preview/preview.controller';
import { PUBLISHING_ROUTES, publishingRequest, routeOf } from './publishing-routes';

/** Every route a controller declares, as `METHOD path`. */
function routes(controller: { prototype: object }): string[] {
  return Object.getOwnPropertyNames(controller.prototype)
    .filter((name) => name !== 'constructor')
    .map((name) => (controller.prototype as Record<string, object>)[name])
    .filter((handler) => Reflect.getMetadata('path', handler) !== undefined)
    .map((handler) => routeOf(controller, handler));
}

describe('PUBLISHING_ROUTES', () => {
  const declared = [MessagesController, FollowUpsController, PreviewController, InboxController].flatMap(routes);

  it('names routes the gateway declares, so a renamed route cannot slip out of the publishing budget', () => {
    for (const route of PUBLISHING_ROUTES) expect(declared).toContain(route);
  });

  it('leaves out the routes that publish nothing', () => {
    expect(declared).toEqual(expect.arrayContaining(['GET messages/:id', 'POST messages/preview', 'GET inbox']));
    for (const route of ['GET messages/:id', 'POST messages/preview', 'GET inbox', 'POST inbox/:messageId/ack']) {
      expect(PUBLISHING_ROUTES.has(route)).toBe(false);
    }
  });
});

describe(publishingRequest.name, () => {
  const publishing = publishingRequest('api/v1');

  it('knows a publishing request by its method and path, before routing', () => {
    expect(publishing('POST', '/api/v1/messages')).toBe(true);
    expect(publishing('POST', '/api/v1/messages/')).toBe(true);
    expect(publishing('POST', '/api/v1/messages/0b4f6c3e-0000-4000-8000-000000000001/amend')).toBe(true);
    expect(publishing('POST', '/api/v1/messages/x/withdraw')).toBe(true);
    expect(publishing('POST', '/api/v1/messages/x/feedback')).toBe(true);
  });

  it('counts every other request against the general budget', () => {
    expect(publishing('POST', '/api/v1/messages/preview')).toBe(false);
    expect(publishing('GET', '/api/v1/messages')).toBe(false);
    expect(publishing('GET', '/api/v1/messages/x')).toBe(false);
    expect(publishing('POST', '/api/v1/messages/x/amend/more')).toBe(false);
    expect(publishing('POST', '/messages')).toBe(false);
    expect(publishing('POST', '/api/v1/inbox/x/ack')).toBe(false);
  });
});
