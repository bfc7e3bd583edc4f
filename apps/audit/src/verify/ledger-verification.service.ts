import { Injectable } from '@nestjs/common';
import { CheckpointsRepository } from '../checkpoints/checkpoints.repository';
import { LedgerRepository } from '../ledger/ledger.repository';
import { LedgerInspector, type LedgerVerification } from './inspect-ledger';

const BATCH = 2000;

/** The verify run: recomputes every stored row's hashes and the root of the latest checkpoint. */
@Injectable()
export class LedgerVerificationService {
  constructor(
    private readonly ledger: LedgerRepository,
    private readonly checkpoints: CheckpointsRepository,
  ) {}

  async verify(): Promise<LedgerVerification> {
    const inspector = new LedgerInspector(await this.checkpoints.latest());
    let after = -1;
    for (;;) {
      const rows = await this.ledger.rowsAfter(after, BATCH);
      inspector.add(rows);
      if (rows.length < BATCH || inspector.failed) return inspector.result();
      after = rows[rows.length - 1].index;
    }
  }
}
