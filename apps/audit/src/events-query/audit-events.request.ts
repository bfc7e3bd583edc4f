import { IsOptional } from 'class-validator';
import { AuditEventsQueryDto, IsNodeId } from '@iren/contracts';

/** Payload of the `audit.events.query` handler, validated like the gateway's query string. */
export class AuditEventsQueryRequest extends AuditEventsQueryDto {
  /** Set by the gateway for an officer: only entries concerning this node, whatever the filters. */
  @IsOptional()
  @IsNodeId()
  scopeNode?: string;
}
