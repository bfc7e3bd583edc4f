import { Inject, Injectable } from '@nestjs/common';
import type { Checkpoint } from '@iren/ledger';
import { InvalidInputError, NotFoundError } from '@iren/platform';
import { LedgerTree } from '../tree/ledger-tree';
import { AUDIT_SIGNING_KEY, type AuditSigningKey } from './audit-signing-key';
import { CheckpointsRepository } from './checkpoints.repository';

/** `GET /audit/proofs/inclusion`: the sibling hashes from the leaf up, hex. */
export interface InclusionProofView {
  leafIndex: number;
  treeSize: number;
  hashes: string[];
}

/** `GET /audit/proofs/consistency`: PROOF(first, D[0:second]) of RFC 9162, hex. */
export interface ConsistencyProofView {
  first: number;
  second: number;
  hashes: string[];
}

/** `GET /audit/public-key`: what a holder of a checkpoint verifies it with. */
export interface PublicKeyView {
  keyId: string;
  publicKey: string;
}

function refuse(field: string, message: string): InvalidInputError {
  return new InvalidInputError('invalid input', [{ field, messages: [message] }]);
}

/** Checkpoints and proofs over the ledger's Merkle tree, for anyone holding a checkpoint. */
@Injectable()
export class LedgerProofsService {
  constructor(
    private readonly tree: LedgerTree,
    private readonly checkpoints: CheckpointsRepository,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
  ) {}

  async latestCheckpoint(): Promise<Checkpoint> {
    const latest = await this.checkpoints.latest();
    if (latest === null) throw new NotFoundError('checkpoint');
    return latest;
  }

  publicKey(): PublicKeyView {
    return { keyId: this.key.keyId, publicKey: this.key.publicKeyPem };
  }

  async inclusion(index: number, size: number): Promise<InclusionProofView> {
    const tree = await this.tree.sync();
    if (size > tree.size) throw refuse('size', `size must not exceed the ledger's ${tree.size} entries`);
    if (index >= size) throw refuse('index', 'index must be below size');
    const hashes = tree.inclusionProof(index, size).map((h) => h.toString('hex'));
    return { leafIndex: index, treeSize: size, hashes };
  }

  async consistency(from: number, to: number): Promise<ConsistencyProofView> {
    const tree = await this.tree.sync();
    if (from === 0) throw refuse('from', 'from must be at least 1: nothing is proved about an empty ledger');
    if (from > to) throw refuse('from', 'from must not exceed to');
    if (to > tree.size) throw refuse('to', `to must not exceed the ledger's ${tree.size} entries`);
    return { first: from, second: to, hashes: tree.consistencyProof(from, to).map((h) => h.toString('hex')) };
  }
}
