import { Matches } from 'class-validator';
import { DEAD_LETTER_ID } from './dead-letter-queue';

/** Payload of `router.dead_letters.replay` and `audit.dead_letters.replay`: the letter's DLQ sequence. */
export class ReplayDeadLetterRequest {
  @Matches(DEAD_LETTER_ID, { message: 'id must be a DLQ sequence number' })
  id: string;
}
