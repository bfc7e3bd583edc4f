import { Controller } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { MetricsController } from '@iren/platform';
import { Roles } from '../auth/auth.decorators';

/**
 * The gateway's `/metrics`, on the public door: for the admin's token only (Prometheus sends it as
 * a bearer token), unlike the other apps', whose HTTP port is internal.
 */
@ApiBearerAuth()
@Roles('admin')
@Controller('metrics')
export class GatewayMetricsController extends MetricsController {}
