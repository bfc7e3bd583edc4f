import { Controller, Get, HttpException, HttpStatus, Inject, Optional } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

/** One readiness check of an app (its database, its NATS connection, ...). */
export interface HealthCheck {
  name: string;
  check(): Promise<boolean>;
}

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

/**
 * Something an app reports beside its checks without it deciding readiness, such as how its NATS
 * server authenticates: a warning to read, not a reason to take the app out of service.
 */
export interface HealthDetail {
  name: string;
  detail(): unknown;
  /** True while the app works at less than its best (a consumer waiting out an outage): the report says `degraded`. */
  degraded?(): boolean;
}

/**
 * Optional, provided by any (global) module: each detail is rendered under `details.<name>`. The
 * list is the app's one list: a provider that has something to report adds its own at start.
 */
export const HEALTH_DETAILS = Symbol('HEALTH_DETAILS');

export interface HealthReport {
  status: 'ok' | 'degraded' | 'unavailable';
  checks: Record<string, 'up' | 'down'>;
  details?: Record<string, unknown>;
}

/**
 * `/health`: 200 when every dependency answers (`degraded` while a detail says the app works at
 * less than its best), 503 naming the dependency that does not answer.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[],
    @Optional() @Inject(HEALTH_DETAILS) private readonly details: HealthDetail[] = [],
  ) {}

  @Get()
  async health(): Promise<HealthReport> {
    const results = await Promise.all(
      this.checks.map(async (c) => [c.name, await c.check().catch(() => false)] as const),
    );
    const degraded = this.details.some((d) => d.degraded?.() ?? false);
    const report: HealthReport = {
      status: !results.every(([, up]) => up) ? 'unavailable' : degraded ? 'degraded' : 'ok',
      checks: Object.fromEntries(results.map(([name, up]) => [name, up ? 'up' : 'down'])),
      ...(this.details.length > 0 && { details: Object.fromEntries(this.details.map((d) => [d.name, d.detail()])) }),
    };
    if (report.status !== 'ok') throw new HttpException(report, HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}

/** Readiness of an app's PostgreSQL connection. */
export function databaseHealthCheck(dataSource: { query(sql: string): Promise<unknown[]> }): HealthCheck {
  return { name: 'database', check: async () => (await dataSource.query('SELECT 1')).length === 1 };
}
