import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { FeedbackBody } from '../envelope';
import { GiveFeedbackDto } from './give-feedback.dto';

/** The body of a FEEDBACK envelope: the recipient's request and the id of the message it answers. */
export class FeedbackBodyDto extends GiveFeedbackDto implements FeedbackBody {
  @ApiProperty({ format: 'uuid', description: 'the message this feedback answers' })
  @IsUUID()
  refersTo: string;
}
