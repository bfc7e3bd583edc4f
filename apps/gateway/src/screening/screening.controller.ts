import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ScreenShipmentDto } from '@iren/contracts';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiOperationDoc } from '../http/api-answers';
import { type ScreeningResult, ScreeningService } from './screening.service';
import { ScreeningResultView } from './screening.view';

@ApiTags('screening')
@Controller('screen')
export class ScreeningController {
  constructor(private readonly screening: ScreeningService) {}

  @Post()
  @HttpCode(200)
  @Roles('officer')
  @ApiOperationDoc({
    id: 'screenShipment',
    summary: 'Screen a shipment against the risk profiles in force at the officer’s node',
    errors: [400, 413],
  })
  @ApiOkResponse({
    type: ScreeningResultView,
    description: 'the risk profiles in force at this node that fit the shipment, with the reasons',
  })
  screen(@CurrentPrincipal() principal: Principal, @Body() shipment: ScreenShipmentDto): Promise<ScreeningResult> {
    return this.screening.screen(principal.nodeId!, shipment);
  }
}
