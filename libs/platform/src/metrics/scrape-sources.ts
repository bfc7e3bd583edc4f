import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { ScrapeReading } from './scrape-reading';

/** Readings of other systems are reused for 2 s and waited for at most 1 s per scrape. */
const READING_TTL_MS = 2_000;
const READING_TIMEOUT_MS = 1_000;

/**
 * The app's scrape-time readings of other systems (PostgreSQL, JetStream), each named as a source.
 * `iren_metrics_source_up{source}` says whether the source answered in time: when it did not, the
 * metrics read from it are left out of the scrape rather than shown stale or as zero.
 */
@Injectable()
export class ScrapeSources {
  private readonly readings = new Map<string, ScrapeReading<unknown>>();

  constructor(registry: Registry) {
    const readings = this.readings;
    new Gauge({
      name: 'iren_metrics_source_up',
      help: 'Whether a source the metrics are read from at scrape time answered within 1 s (1) or not (0; its metrics are missing from this scrape)',
      labelNames: ['source'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [source, reading] of readings) this.set({ source }, (await reading.value()) === undefined ? 0 : 1);
      },
    });
  }

  /** A reading of `source`, shared by every metric read from it. */
  reading<T>(source: string, read: () => Promise<T>): ScrapeReading<T> {
    const reading = new ScrapeReading(read, { ttlMs: READING_TTL_MS, timeoutMs: READING_TIMEOUT_MS });
    this.readings.set(source, reading);
    return reading;
  }
}
