import { AuditEventsQueryDto } from '@iren/contracts';

/** Payload of the `audit.events.query` handler, validated like the gateway's query string. */
export class AuditEventsQueryRequest extends AuditEventsQueryDto {}
