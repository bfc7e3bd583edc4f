import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { startApp } from '@iren/messaging';
import { createValidationPipe, ensureDatabase, type GatewayConfig } from '@iren/platform';
import { serveAsyncApi } from './asyncapi/asyncapi.route';
import { serveConsole } from './console/serve-console';
import { BodyRefusalInterceptor } from './http/body-refusal.interceptor';
import { correlationMiddleware } from './http/correlation.middleware';
import { corsFor } from './http/cors';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { useJsonBodies } from './http/json-body.middleware';
import { API_PREFIX, buildOpenApiDocument, ROOT_ROUTES } from './http/openapi';
import { securityHeaders } from './http/security-headers';
import { Authenticator } from './auth/authenticator';
import { DoorRefusals } from './auth/door-refusals';
import { refuseRefusedCallers } from './throttling/early-refusal.middleware';
import { publishingRequest } from './throttling/publishing-routes';
import { RefusedCallers } from './throttling/refused-callers';
import { GatewayModule } from './gateway.module';

/** Starts the gateway: the one HTTP door of the network (DESIGN section 8). */
export async function startGateway(config: GatewayConfig, logger: Logger): Promise<INestApplication> {
  await ensureDatabase(config.databaseUrl);
  return startApp(GatewayModule.forRoot(config, logger), {
    name: 'gateway',
    port: config.port,
    logger,
    rpc: false,
    bodyParser: false,
    configure: (app) => configureHttp(app as NestExpressApplication, config, logger),
  });
}

function configureHttp(app: NestExpressApplication, config: GatewayConfig, logger: Logger): void {
  app.disable('x-powered-by');
  // First, so that every answer carries them, refusals by later middleware included.
  app.use(securityHeaders());
  app.use(correlationMiddleware);
  // Before logging and body parsing: a flood past its budget costs a lookup a request.
  app.use(
    refuseRefusedCallers({
      refusedCallers: app.get(RefusedCallers),
      authenticator: app.get(Authenticator),
      refusals: app.get(DoorRefusals),
      publishing: publishingRequest(API_PREFIX),
    }),
  );
  app.use(
    pinoHttp({
      logger: logger.child({ context: 'http' }),
      genReqId: (req) => (req as typeof req & { correlationId: string }).correlationId,
      customProps: (req) => ({ correlationId: (req as typeof req & { correlationId: string }).correlationId }),
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
    }),
  );
  const cors = corsFor(config.corsOrigins);
  if (cors) app.enableCors(cors);
  useJsonBodies(app, config.maxBodyBytes);
  app.setGlobalPrefix(API_PREFIX, { exclude: ROOT_ROUTES });
  app.useGlobalInterceptors(new BodyRefusalInterceptor());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(logger.child({ context: HttpExceptionFilter.name })));
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  serveAsyncApi(app, config);
  serveConsole(app, logger.child({ context: 'console' }));
}
