import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';

/** What a Nest request/reply handler answers: its result, or the error its exception filter made. */
export interface RpcReply<T> {
  response?: T;
  err?: { code?: string; status?: number; message?: string };
}

/**
 * One request to a Nest NATS handler in its wire format (`{pattern, data, id}` in, `{response}` or
 * `{err}` out), straight over a NATS connection: for code that runs without a Nest client proxy.
 * Rejects when nobody answers in time.
 */
export async function callRpc<T>(
  nc: NatsConnection,
  subject: string,
  pattern: string,
  data: unknown,
  timeoutMs: number,
  headers?: MsgHdrs,
): Promise<RpcReply<T>> {
  const body = JSON.stringify({ pattern, data, id: randomUUID() });
  return (await nc.request(subject, body, { timeout: timeoutMs, ...(headers && { headers }) })).json<RpcReply<T>>();
}
