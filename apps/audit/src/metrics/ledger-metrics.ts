import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { ScrapeSources } from '@iren/platform';
import { type LedgerStats, LedgerStatsRepository } from './ledger-stats.repository';

/** The ledger's size and how far its signed checkpoints trail it, read at scrape time (source `ledger`). */
@Injectable()
export class LedgerMetrics {
  constructor(registry: Registry, sources: ScrapeSources, repository: LedgerStatsRepository) {
    const reading = sources.reading('ledger', () => repository.stats());
    const gauge = (name: string, help: string, value: (stats: LedgerStats) => number | undefined) =>
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.reset();
          const stats = await reading.value();
          const v = stats && value(stats);
          if (v !== undefined) this.set(v);
        },
      });
    gauge('iren_ledger_entries', 'Entries in the audit ledger', (s) => s.entries);
    gauge(
      'iren_ledger_checkpoint_age_seconds',
      'Seconds since the latest checkpoint was signed (absent before the first): grows past IREN_CHECKPOINT_SECONDS only while the ledger is idle or signing is stuck',
      (s) => s.checkpoint?.ageSeconds,
    );
    gauge(
      'iren_ledger_unsigned_entries',
      'Entries appended since the latest signed checkpoint: a checkpoint covers them within IREN_CHECKPOINT_SECONDS',
      (s) => s.entries - (s.checkpoint?.size ?? 0),
    );
  }
}
