export { HASH_SIZE, emptyRoot, leafHash, nodeHash } from './hashing';
export { MerkleTree } from './merkle-tree';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './proof-verification';
export { CHECKPOINT_FORMAT, checkpointBody, signCheckpoint, verifyCheckpoint } from './checkpoint';
export type { Checkpoint } from './checkpoint';
export { keyIdOf } from './signing-key';
export {
  CheckpointFormatError,
  ConsistencyRangeError,
  InvalidHashError,
  LeafIndexOutOfRangeError,
  LedgerError,
  SigningKeyError,
  TreeSizeOutOfRangeError,
} from './ledger.errors';
export type { LedgerErrorCode } from './ledger.errors';
export { hashesFromHex, verifyLedgerView } from './ledger-view';
export type { LedgerViewVerdict } from './ledger-view';
