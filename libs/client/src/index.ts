export { IrenApiError, IrenNetworkError } from './api-error';
export type { FieldError } from './api-error';
export { createIrenClient, ok, rootOf } from './iren-client';
export type { IrenApi, IrenClientOptions } from './iren-client';
export { followInbox } from './inbox-stream';
export type { FollowInboxOptions, InboxItem, StreamedDelivery } from './inbox-stream';
export { SseParser } from './sse-parser';
export type { ServerSentEvent } from './sse-parser';
export type { components, operations, paths } from './schema';
