import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STREAM_BUCKETS = [1, 10, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];

/** One request the app is done with: its method, route pattern, status and how long it took. */
export interface FinishedRequest {
  method: string;
  route: string;
  status: string;
  seconds: number;
  /** A live stream (server-sent events): counted like any request, timed apart. */
  liveStream: boolean;
}

/**
 * The app's HTTP metrics. Live streams are counted with the requests but timed in a histogram of
 * their own: an hour-long stream is not a slow request.
 */
@Injectable()
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route' | 'status'>;
  private readonly streams: Histogram<'route'>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'iren_http_requests_total',
      help: 'HTTP requests answered, live streams included (counted when they end), by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.durations = new Histogram({
      name: 'iren_http_request_duration_seconds',
      help: 'Time from a request reaching the app to its connection being done with it, live streams left out',
      labelNames: ['method', 'route', 'status'],
      buckets: REQUEST_BUCKETS,
      registers: [registry],
    });
    this.streams = new Histogram({
      name: 'iren_http_live_stream_duration_seconds',
      help: 'How long live streams (server-sent events) stayed open, observed when they end',
      labelNames: ['route'],
      buckets: STREAM_BUCKETS,
      registers: [registry],
    });
  }

  record({ method, route, status, seconds, liveStream }: FinishedRequest): void {
    this.requests.inc({ method, route, status });
    if (liveStream) this.streams.observe({ route }, seconds);
    else this.durations.observe({ method, route, status }, seconds);
  }
}
