import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiProperty, ApiPropertyOptional, DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { createRootLogger, type GatewayConfig, type HealthReport } from '@iren/platform';
import { GatewayModule } from '../gateway.module';
import { ErrorAnswer } from './api-answers';

/** Where the HTTP API lives; /health and /metrics stay at the root for probes and scrapers. */
export const API_PREFIX = 'api/v1';
export const ROOT_ROUTES = ['health', 'metrics'];

/** The path of the committed contract, from the repository's root; `npm run contract` writes it. */
export const CONTRACT_PATH = 'contract/openapi.json';

/**
 * The gateway's OpenAPI document, built from its controllers' decorators. The running gateway
 * serves it at /api/docs-json; `npm run contract` writes the same document to contract/openapi.json,
 * from which the typed client is generated.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('IREN Exchange')
      .setDescription(
        'Alerts and risk profiles between customs authorities (UNODC-WCO Container Control Programme). ' +
          'Every operation but /health needs a bearer token: the admin token, or an officer or coordinator token of a node.',
      )
      .setVersion('1')
      .setLicense('UNLICENSED: for the members of the exchange', '')
      // Relative: the API is served by the gateway that serves this document (and its console).
      .addServer('/', 'this gateway')
      .addBearerAuth()
      .build(),
    { extraModels: [ErrorAnswer, HealthReportView] },
  );
  describeHealth(document);
  return document;
}

/** `/health`'s answer (HealthController, shared by every app, in @iren/platform). */
class HealthReportView implements HealthReport {
  @ApiProperty({ enum: ['ok', 'degraded', 'unavailable'], example: 'ok' })
  status: 'ok' | 'degraded' | 'unavailable';

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['up', 'down'] },
    example: { database: 'up', nats: 'up', ledger: 'up', registry: 'up' },
  })
  checks: Record<string, 'up' | 'down'>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'counts and warnings, not readiness',
  })
  details?: Record<string, unknown>;
}

/**
 * The health route is the platform's controller, the same in every app, and the only one without a
 * token: it is described here, where the gateway's document is made, rather than in the lib.
 */
function describeHealth(document: OpenAPIObject): void {
  const report = { $ref: '#/components/schemas/HealthReportView' };
  document.paths['/health'].get = {
    ...document.paths['/health'].get,
    operationId: 'getHealth',
    summary: 'Readiness of the gateway and of what it needs (database, NATS, ledger, registry)',
    security: [],
    responses: {
      '200': { description: 'ready', content: { 'application/json': { schema: report } } },
      '503': { description: 'a dependency does not answer', content: { 'application/json': { schema: report } } },
    },
  };
}

/**
 * The configuration the module is declared with when the document is built. Nothing reads it: in
 * preview mode no provider is made, so nothing connects to these addresses.
 */
const UNUSED_CONFIG: GatewayConfig = {
  natsUrl: 'nats://127.0.0.1:4222',
  databaseUrl: 'postgres://127.0.0.1:5432/iren',
  namespace: 'iren',
  logLevel: 'silent',
  streamReplicas: 1,
  streamMaxBytes: 16 * 1024 ** 2,
  reconcileAfterSeconds: 60,
  placement: { at: 'hub', sites: [] },
  port: 0,
  adminToken: 'never-used-in-preview-mode-0000',
  corsOrigins: [],
  rateLimits: { publishPerMinute: 1, requestsPerMinute: 1, streamsPerNode: 1 },
  maxBodyBytes: 1024,
  deadlineScanMs: 1000,
  registryFollowSeconds: 1,
};

/**
 * The document as the code declares it, built without PostgreSQL or NATS: Nest's preview mode
 * scans the gateway's module, its controllers and their decorators, and resolves the dependency
 * graph, but instantiates no provider (no connection, no migration).
 */
export async function contractDocument(): Promise<OpenAPIObject> {
  const logger = createRootLogger('gateway', 'silent');
  const app = await NestFactory.create(GatewayModule.forRoot(UNUSED_CONFIG, logger), {
    preview: true,
    abortOnError: false,
    logger: false,
  });
  try {
    app.setGlobalPrefix(API_PREFIX, { exclude: ROOT_ROUTES });
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** The document as committed: keys sorted at every level, two-space indents, a final newline. */
export function contractText(document: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(document), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
