/** What a browser at an allowed origin may send: the API's methods and the headers its clients set. */
export interface GatewayCors {
  origin: string[];
  methods: string[];
  allowedHeaders: string[];
  exposedHeaders: string[];
  maxAge: number;
  credentials: false;
}

/**
 * CORS for `IREN_CORS_ORIGINS`: nothing when it lists no origin (browsers then refuse every
 * cross-origin read), else exactly those origins. Bearer tokens travel in `Authorization`, never in
 * cookies, so credentials stay off.
 */
export function corsFor(origins: readonly string[]): GatewayCors | undefined {
  if (origins.length === 0) return undefined;
  return {
    origin: [...origins],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID', 'X-Correlation-Id'],
    exposedHeaders: ['X-Correlation-Id', 'Retry-After'],
    maxAge: 600,
    credentials: false,
  };
}
