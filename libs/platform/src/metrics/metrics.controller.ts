import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';

/** `/metrics`: the app's metrics in Prometheus's text format, for operators (README, Operations, Metrics). */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiProduces(Registry.PROMETHEUS_CONTENT_TYPE)
  @ApiOperation({ summary: 'Prometheus metrics of this app (text format 0.0.4), every series labelled with `app`' })
  @ApiOkResponse({ description: 'the exposition text' })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
