import { MessagePattern, Payload } from '@nestjs/microservices';
import { RPC } from '@iren/contracts';
import { SignedRpcController } from '@iren/messaging';
import { AuditEventsQueryRequest } from './audit-events.request';
import { AuditEventsService } from './audit-events.service';
import type { AuditEventsPage } from './audit-events.types';

/** Ledger queries served to the gateway over NATS request/reply. */
@SignedRpcController()
export class AuditEventsController {
  constructor(private readonly events: AuditEventsService) {}

  @MessagePattern(RPC.queryAuditEvents)
  query(@Payload() input: AuditEventsQueryRequest): Promise<AuditEventsPage> {
    return this.events.query(input);
  }
}
