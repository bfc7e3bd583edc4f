import type { INestApplication } from '@nestjs/common';
import { ExchangeNames } from '@iren/contracts';
import type { GatewayConfig } from '@iren/platform';
import { asyncApiDocument } from './asyncapi.document';

export const ASYNCAPI_PATH = '/api/asyncapi.json';

/**
 * Serves the bus's AsyncAPI document at `/api/asyncapi.json`, to anyone, beside the OpenAPI JSON
 * and as Swagger serves that one: outside `api/v1` and its token guard. Built once, at start.
 */
export function serveAsyncApi(app: INestApplication, config: Pick<GatewayConfig, 'namespace' | 'natsUrl'>): void {
  const document = asyncApiDocument(new ExchangeNames(config.namespace), {
    // The contract's version, as the HTTP API's (`api/v1`).
    version: '1',
    // Host and port only: a user and password in NATS_URL stay private. Of a cluster's list, the first server.
    natsHost: new URL(config.natsUrl.split(',')[0].trim()).host,
  });
  const http = app.getHttpAdapter();
  http.get(ASYNCAPI_PATH, (_request: unknown, response: unknown) => http.reply(response, document, 200));
}
