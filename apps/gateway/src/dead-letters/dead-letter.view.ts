import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REPLAY_OUTCOMES, type ReplayedDeadLetter, type ReplayOutcome } from '@iren/messaging';
import type { DeadLetterItem, DeadLettersPage } from './dead-letters.service';
import type { ReplayAttempt } from './dead-letter-replays.repository';

// The answers' shapes for the OpenAPI document; the answers are the service's plain objects.

/** One attempt to put a dead letter back. */
export class ReplayAttemptView implements ReplayAttempt {
  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiProperty({ enum: [...REPLAY_OUTCOMES], example: 'processed' })
  outcome: ReplayOutcome;

  @ApiPropertyOptional()
  detail?: string;
}

/** A dead letter's metadata (never the message) and the attempts to put it back. */
export class DeadLetterView implements DeadLetterItem {
  @ApiProperty({ description: 'its sequence in the DLQ stream, in decimal: the id to replay it by', example: '17' })
  id: string;

  @ApiProperty({ enum: ['dead_letter', 'max_deliveries'] })
  kind: 'dead_letter' | 'max_deliveries';

  @ApiProperty()
  reason: string;

  @ApiPropertyOptional({ description: 'the error the handler gave (dead letters only)' })
  error?: string;

  @ApiPropertyOptional({ description: 'the subject the message had (dead letters only)' })
  subject?: string;

  @ApiProperty({ type: String, nullable: true })
  stream: string | null;

  @ApiProperty({ type: Number, nullable: true })
  seq: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'the durable consumer that gave up on it' })
  consumer: string | null;

  @ApiPropertyOptional({ format: 'date-time' })
  storedAt?: string;

  @ApiProperty({ format: 'date-time' })
  deadLetteredAt: string;

  @ApiPropertyOptional()
  correlationId?: string;

  @ApiPropertyOptional({ description: 'how many times the server delivered it (advisories only)' })
  deliveries?: number;

  @ApiProperty({ type: () => [ReplayAttemptView] })
  replays: ReplayAttempt[];
}

export class DeadLettersPageView implements DeadLettersPage {
  @ApiProperty({ type: () => [DeadLetterView] })
  items: DeadLetterView[];

  @ApiProperty({ type: String, nullable: true, description: 'pass as `after` to read on' })
  next: string | null;
}

/** `POST /dlq/{id}/replay`: the letter went through its consumer. */
export class ReplayedDeadLetterView implements ReplayedDeadLetter {
  @ApiProperty({ example: '17' })
  id: string;

  @ApiProperty({ description: 'the durable consumer that handled it' })
  consumer: string;

  @ApiProperty({ enum: ['processed'] })
  outcome: 'processed';
}
