import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiOperationDoc } from '../http/api-answers';
import { SessionService } from './session.service';
import { SessionView } from './session.view';

/** Who am I: lets a client (the web console) learn its token's role and node without guessing. */
@ApiTags('session')
@Controller('session')
export class SessionController {
  constructor(private readonly sessions: SessionService) {}

  @Get()
  @ApiOperationDoc({ id: 'getSession', summary: "The presented token's role and node (any valid token)" })
  @ApiOkResponse({ type: SessionView })
  whoAmI(@CurrentPrincipal() principal: Principal): SessionView {
    return this.sessions.describe(principal);
  }
}
