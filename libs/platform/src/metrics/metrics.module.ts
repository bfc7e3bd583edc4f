import { type DynamicModule, Global, Module, type NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Registry } from 'prom-client';
import { appRegistry } from './app-registry';
import { HttpMetrics } from './http-metrics';
import { measureRequests } from './http-metrics.middleware';
import { ScrapeSources } from './scrape-sources';

/**
 * The app's metrics: its own `Registry` (injectable, so each piece that measures something
 * registers its metrics there), the HTTP metrics of every request, and the scrape-time sources.
 * Each app lists `MetricsController` (or, on the gateway, its admin-only form) beside `HealthController`.
 */
@Global()
@Module({})
export class MetricsModule implements NestModule {
  static forRoot(app: string): DynamicModule {
    return {
      module: MetricsModule,
      providers: [{ provide: Registry, useFactory: () => appRegistry(app) }, ScrapeSources, HttpMetrics],
      exports: [Registry, ScrapeSources],
    };
  }

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly http: HttpMetrics,
  ) {}

  /**
   * Mounts the measuring middleware on the HTTP server itself, before any route: Nest's own
   * middleware routes are prefixed like the API (missing `/health`, `/metrics`) and would leave
   * their pattern as the route of a request no route matched.
   */
  configure(): void {
    this.adapterHost.httpAdapter?.use(measureRequests(this.http));
  }
}
