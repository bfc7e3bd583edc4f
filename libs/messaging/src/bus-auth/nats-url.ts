/** The servers of a `NATS_URL` and the user and password it carries, if any. */
export interface NatsUrlParts {
  /** `host:port` for `nats://`, the whole URL for `tls://` (nats.js then insists on TLS). */
  servers: string[];
  user?: string;
  pass?: string;
}

/**
 * Splits `NATS_URL` (`nats://user:password@host:4222`, several comma-separated) into what nats.js
 * takes: it ignores credentials inside a server URL, so they are passed as `user` and `pass`.
 */
export function parseNatsUrl(url: string): NatsUrlParts {
  const parts: NatsUrlParts = { servers: [] };
  for (const entry of url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const parsed = new URL(entry.includes('://') ? entry : `nats://${entry}`);
    if (parsed.username && parts.user === undefined) {
      parts.user = decodeURIComponent(parsed.username);
      parts.pass = decodeURIComponent(parsed.password);
    }
    const hostPort = `${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`;
    parts.servers.push(parsed.protocol === 'nats:' ? hostPort : `${parsed.protocol}//${hostPort}`);
  }
  return parts;
}
