import { RPC } from '@iren/contracts';
import { DeadLetterReplay, DeadLetterReplayController } from '@iren/messaging';
import { describeRpcFuzz } from '@iren/messaging/testing';
import { LedgerProofsController } from './checkpoints/ledger-proofs.controller';
import { LedgerProofsService } from './checkpoints/ledger-proofs.service';
import { AuditEventsController } from './events-query/audit-events.controller';
import { AuditEventsService } from './events-query/audit-events.service';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { LedgerVerificationController } from './verify/ledger-verification.controller';
import { LedgerVerificationService } from './verify/ledger-verification.service';

// Every request/reply handler of the audit service in one suite: one Nest microservice serves them all.
describeRpcFuzz({
  app: 'audit',
  controllers: [
    LedgerProofsController,
    AuditEventsController,
    ReportsController,
    LedgerVerificationController,
    DeadLetterReplayController(RPC.replayAuditDeadLetter),
  ],
  services: [
    [LedgerProofsService, ['latestCheckpoint', 'publicKey', 'inclusion', 'consistency']],
    [AuditEventsService, ['query']],
    [ReportsService, ['exchange', 'seizures']],
    [LedgerVerificationService, ['verify']],
    [DeadLetterReplay, ['replay']],
  ],
  requests: [
    [
      RPC.queryAuditEvents,
      { node: 'KZ-PCU-AKTAU', kind: 'ALERT', from: '2026-01-01T00:00:00Z', limit: 50, scopeNode: 'KZ-PCU-AKTAU' },
    ],
    [RPC.latestCheckpoint, {}],
    [RPC.auditPublicKey, {}],
    [RPC.inclusionProof, { index: 0, size: 5 }],
    [RPC.consistencyProof, { from: 1, to: 5 }],
    [RPC.verifyLedger, {}],
    [RPC.exchangeReport, { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' }],
    [RPC.seizureReport, { year: 2026, country: 'KZ', category: 'IPR' }],
    [RPC.replayAuditDeadLetter, { id: '42' }],
  ],
  cases: 1_000,
});
