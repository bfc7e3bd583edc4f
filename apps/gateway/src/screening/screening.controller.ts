import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ScreenShipmentDto } from '@iren/contracts';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { type ScreeningResult, ScreeningService } from './screening.service';

@ApiTags('screening')
@ApiBearerAuth()
@Controller('screen')
export class ScreeningController {
  constructor(private readonly screening: ScreeningService) {}

  @Post()
  @HttpCode(200)
  @Roles('officer')
  @ApiOkResponse({
    description:
      'the risk profiles in force at this node that fit the shipment, with the reasons: `{ matches: [...] }`',
  })
  screen(@CurrentPrincipal() principal: Principal, @Body() shipment: ScreenShipmentDto): Promise<ScreeningResult> {
    return this.screening.screen(principal.nodeId!, shipment);
  }
}
