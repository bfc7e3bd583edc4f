/** Codes of the ledger's refusals; the audit service maps them to HTTP answers (400 or 404). */
export type LedgerErrorCode =
  | 'INVALID_HASH'
  | 'LEAF_INDEX_OUT_OF_RANGE'
  | 'TREE_SIZE_OUT_OF_RANGE'
  | 'INVALID_CONSISTENCY_RANGE'
  | 'INVALID_CHECKPOINT'
  | 'INVALID_SIGNING_KEY';

/** Base of every error the ledger throws: a stable `code` for callers, a message for people. */
export class LedgerError extends Error {
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A hash argument is not a 32-byte SHA-256 value. */
export class InvalidHashError extends LedgerError {
  constructor(what: string, length: number) {
    super('INVALID_HASH', `${what} must be 32 bytes, got ${length}`);
  }
}

/** An inclusion proof was asked for a leaf outside the tree: RFC 9162 needs 0 <= index < size. */
export class LeafIndexOutOfRangeError extends LedgerError {
  constructor(
    readonly index: number,
    readonly size: number,
  ) {
    super('LEAF_INDEX_OUT_OF_RANGE', `leaf index ${index} is not below tree size ${size}`);
  }
}

/** A tree size is not a whole number between 0 and the number of leaves appended so far. */
export class TreeSizeOutOfRangeError extends LedgerError {
  constructor(
    readonly size: number,
    readonly treeSize: number,
  ) {
    super('TREE_SIZE_OUT_OF_RANGE', `tree size ${size} is not between 0 and ${treeSize}`);
  }
}

/** A consistency proof needs 0 < from <= to (RFC 9162 section 2.1.4: nothing to prove from an empty tree). */
export class ConsistencyRangeError extends LedgerError {
  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    super('INVALID_CONSISTENCY_RANGE', `consistency needs 0 < from <= to, got from=${from} to=${to}`);
  }
}

/** A checkpoint's fields cannot be put into the signed body (bad size, root hash or timestamp). */
export class CheckpointFormatError extends LedgerError {
  constructor(problem: string) {
    super('INVALID_CHECKPOINT', `checkpoint ${problem}`);
  }
}

/** A key is not an Ed25519 key of the kind needed, or does not match the key id it is given with. */
export class SigningKeyError extends LedgerError {
  constructor(problem: string) {
    super('INVALID_SIGNING_KEY', problem);
  }
}
