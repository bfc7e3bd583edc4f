import type { NatsConnection } from '@nats-io/transport-node';
import { RPC, type ExchangeNames } from '@iren/contracts';
import type { Checkpoint } from '@iren/ledger';
import { callRpc, type RpcReply } from './rpc-call';
import type { BusSigner } from './trust/bus-signer';

/** What a checkpoint watcher asks the audit service. */
export interface AuditLedgerSource {
  /** The latest signed checkpoint, or null before the first one. */
  latestCheckpoint(): Promise<Checkpoint | null>;
  /** PROOF(from, to) in hex, or `refused` when the audit's ledger cannot prove it (a size it does not hold). */
  consistencyProof(from: number, to: number): Promise<string[] | 'refused'>;
  /** The audit's checkpoint key, pinned by the watcher on first use. */
  publicKey(): Promise<{ keyId: string; publicKey: string }>;
}

/** The audit service did not answer, or answered with an error that says nothing about the ledger. */
export class AuditUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditUnavailableError';
  }
}

const TIMEOUT_MS = 5000;

/**
 * The audit service's request/reply handlers, spoken in Nest's NATS wire format
 * (`{pattern, data, id}` in, `{response}` or `{err}` out) straight over a NATS connection, so that
 * any app can watch checkpoints without a Nest client proxy; each request signed by the app.
 */
export class NatsAuditLedgerSource implements AuditLedgerSource {
  constructor(
    private readonly nc: NatsConnection,
    private readonly names: ExchangeNames,
    private readonly signer: BusSigner,
  ) {}

  async latestCheckpoint(): Promise<Checkpoint | null> {
    const reply = await this.call<Checkpoint>(RPC.latestCheckpoint, {});
    if (reply.err?.status === 404) return null;
    return this.responseOf(reply, RPC.latestCheckpoint);
  }

  async consistencyProof(from: number, to: number): Promise<string[] | 'refused'> {
    const reply = await this.call<{ hashes: string[] }>(RPC.consistencyProof, { from, to });
    if (reply.err?.status === 400) return 'refused';
    return this.responseOf(reply, RPC.consistencyProof).hashes;
  }

  async publicKey(): Promise<{ keyId: string; publicKey: string }> {
    return this.responseOf(await this.call(RPC.auditPublicKey, {}), RPC.auditPublicKey);
  }

  private async call<T>(pattern: string, data: unknown): Promise<RpcReply<T>> {
    try {
      const subject = this.names.rpc(pattern);
      return await callRpc<T>(this.nc, subject, pattern, data, TIMEOUT_MS, this.signer.requestHeaders(subject, data));
    } catch (error) {
      throw new AuditUnavailableError(`${pattern}: ${(error as Error).message}`);
    }
  }

  private responseOf<T>(reply: RpcReply<T>, pattern: string): T {
    if (reply.err || reply.response === undefined) {
      throw new AuditUnavailableError(`${pattern}: ${reply.err?.message ?? 'no answer'}`);
    }
    return reply.response;
  }
}
