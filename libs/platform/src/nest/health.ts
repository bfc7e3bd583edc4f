import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

/** One readiness check of an app (its database, its NATS connection, ...). */
export interface HealthCheck {
  name: string;
  check(): Promise<boolean>;
}

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: Record<string, 'up' | 'down'>;
}

/** `/health`: 200 when every dependency answers, 503 naming the one that does not. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[]) {}

  @Get()
  async health(): Promise<HealthReport> {
    const results = await Promise.all(
      this.checks.map(async (c) => [c.name, await c.check().catch(() => false)] as const),
    );
    const report: HealthReport = {
      status: results.every(([, up]) => up) ? 'ok' : 'unavailable',
      checks: Object.fromEntries(results.map(([name, up]) => [name, up ? 'up' : 'down'])),
    };
    if (report.status !== 'ok') throw new HttpException(report, HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}

/** Readiness of an app's PostgreSQL connection. */
export function databaseHealthCheck(dataSource: { query(sql: string): Promise<unknown[]> }): HealthCheck {
  return { name: 'database', check: async () => (await dataSource.query('SELECT 1')).length === 1 };
}
