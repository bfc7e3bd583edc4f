import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  HANDLING_CODES,
  IsNodeId,
  MESSAGE_KINDS,
  TLP_LEVELS,
  type HandlingCode,
  type MessageKind,
  type Tlp,
} from '@iren/contracts';

/**
 * The parts of what the audit service consumes that it reads. Everything else (a message's body,
 * an event's extra fields) is left to the producers' own validation: the audit records, it does
 * not judge content.
 */
class AddressingInput {
  @IsOptional()
  @IsArray()
  @IsNodeId({ each: true })
  nodes?: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  countries?: string[];

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  groups?: string[];
}

/** The envelope fields of a message read from the EXCHANGE stream. */
export class PublishedEnvelopeInput {
  @IsUUID()
  id: string;

  @IsIn(MESSAGE_KINDS)
  kind: MessageKind;

  @IsNodeId()
  origin: string;

  @IsISO8601({ strict: true })
  createdAt: string;

  @IsIn(TLP_LEVELS)
  tlp: Tlp;

  @IsOptional()
  @IsIn(HANDLING_CODES)
  handling?: HandlingCode;

  @IsOptional()
  @ValidateNested()
  @Type(() => AddressingInput)
  to?: AddressingInput;
}

/** Dotted lower-case words (`message.routed`): new event types are recorded without a release of the audit. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** An exchange event read from the EVENTS stream (`ExchangeEvent` in @iren/contracts). */
export class ExchangeEventInput {
  @IsString()
  @Length(1, 200)
  id: string;

  @Matches(EVENT_TYPE_PATTERN)
  type: string;

  @IsISO8601({ strict: true })
  at: string;

  @IsOptional()
  @IsNodeId()
  node?: string;

  @IsOptional()
  @IsArray()
  @IsNodeId({ each: true })
  nodes?: string[];

  @IsOptional()
  @IsUUID()
  messageId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  correlationId?: string;

  /**
   * As announced: class-transformer's copy would drop, at any depth, every key that names a member of
   * Object's prototype (`toString`, `valueOf`, `__proto__`, ...), and the ledger records what the producer signed.
   */
  @IsObject()
  @Transform(({ obj }) => (obj as { data?: unknown }).data)
  data: Record<string, unknown>;
}
