import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DeadLettersQueryDto } from '@iren/contracts';
import type { ReplayedDeadLetter } from '@iren/messaging';
import { CorrelationId, Roles } from '../auth/auth.decorators';
import { ApiOperationDoc } from '../http/api-answers';
import { DeadLettersPageView, ReplayedDeadLetterView } from './dead-letter.view';
import { type DeadLettersPage, DeadLettersService } from './dead-letters.service';
import { ReplayDeadLetter } from './replay-dead-letter.usecase';

/** What the consumers could not process (the DLQ stream): listed with the reasons, and put back once fixed. */
@ApiTags('operations')
@Roles('admin')
@Controller('dlq')
export class DeadLettersController {
  constructor(
    private readonly deadLetters: DeadLettersService,
    private readonly replayDeadLetter: ReplayDeadLetter,
  ) {}

  @Get()
  @ApiOperationDoc({
    id: 'listDeadLetters',
    summary: 'Dead letters, oldest first, with their reasons and the attempts to put each back (admin)',
    errors: [400],
    description:
      'Metadata only, never the message: `{items:[{id, kind, reason, error?, subject?, stream, seq, consumer, storedAt?, deadLetteredAt, correlationId?, deliveries?, replays:[{at, outcome, detail?}]}], next}`. `kind` is `dead_letter` (a consumer gave up on it) or `max_deliveries` (the server’s advisory that a message reached its delivery limit). `id` is the letter’s DLQ sequence; pass `next` as `after` to read on.',
  })
  @ApiOkResponse({ type: DeadLettersPageView })
  list(@Query() query: DeadLettersQueryDto): Promise<DeadLettersPage> {
    return this.deadLetters.page(query.after, query.limit);
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperationDoc({
    id: 'replayDeadLetter',
    summary: 'Put a dead letter back through the consumer that refused it, once its cause is fixed (admin)',
    errors: [404, 409],
    description:
      'The message is handled again as its consumer first received it (from its stream while it holds it, else from the dead letter’s copy); handlers are idempotent, so a second replay changes nothing. 409 `still refused: <reason>: <detail>` when the handler refuses it again, 409 for a letter no service of the exchange can replay (a node’s own consumer), 503 with Retry-After while a dependency is down, 404 for no such letter.',
  })
  @ApiOkResponse({ type: ReplayedDeadLetterView })
  replay(@Param('id') id: string, @CorrelationId() correlationId: string): Promise<ReplayedDeadLetter> {
    return this.replayDeadLetter.execute(id, correlationId);
  }
}
