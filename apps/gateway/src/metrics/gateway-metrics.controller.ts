import { Controller } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MetricsController } from '@iren/platform';
import { Roles } from '../auth/auth.decorators';

/**
 * The gateway's `/metrics`, on the public door: for the admin's token only (Prometheus sends it as
 * a bearer token), unlike the other apps', whose HTTP port is internal.
 */
// Prometheus text, not the JSON API: left out of the OpenAPI document (README, Operations, says how to scrape it).
@ApiExcludeController()
@Roles('admin')
@Controller('metrics')
export class GatewayMetricsController extends MetricsController {}
