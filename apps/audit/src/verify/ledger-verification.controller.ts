import { MessagePattern } from '@nestjs/microservices';
import { RPC } from '@iren/contracts';
import { SignedRpcController } from '@iren/messaging';
import type { LedgerVerification } from './inspect-ledger';
import { LedgerVerificationService } from './ledger-verification.service';

/** `audit.ledger.verify`: the tamper check, for the admin through the gateway. */
@SignedRpcController()
export class LedgerVerificationController {
  constructor(private readonly verification: LedgerVerificationService) {}

  @MessagePattern(RPC.verifyLedger)
  verify(): Promise<LedgerVerification> {
    return this.verification.verify();
  }
}
