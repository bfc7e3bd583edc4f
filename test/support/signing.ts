import { Client } from 'pg';
import { privateKeyOf, signEnvelope, type Envelope } from '@iren/contracts';
import type { apiClient } from './http';
import type { TestNetwork } from './test-network';

/**
 * Signs an envelope as the gateway would for its origin: with the origin's active key, read from
 * `GET /nodes/{origin}` and the gateway's key table (or with `keyId`, another of its keys). Lets a test forge a message that passes the
 * signature check, so that it reaches the check it is about (a follow-up from a non-origin).
 */
export async function signAsOrigin<E extends Envelope<unknown>>(
  net: TestNetwork,
  api: ReturnType<typeof apiClient>,
  envelope: E,
  /** A key of the origin's other than the active one (a retired key). */
  keyId?: string,
): Promise<E> {
  const node = await api('GET', `/nodes/${envelope.origin}`, net.adminToken);
  const keys = node.body.keys as { keyId: string; status: string }[];
  const active = keys.find((k) => (keyId ? k.keyId === keyId : k.status === 'ACTIVE'));
  if (!active) throw new Error(`${envelope.origin} has no such key`);
  const db = new Client({ connectionString: net.databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query('SELECT private_key FROM gateway.node_signing_keys WHERE key_id = $1', [
      active.keyId,
    ]);
    const privateKey = privateKeyOf((rows[0] as { private_key: string }).private_key);
    return signEnvelope(envelope, { keyId: active.keyId, privateKey });
  } finally {
    await db.end();
  }
}
