import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Checkpoint } from '@iren/ledger';
import type { CheckpointWatchState } from '@iren/messaging';
import type { AuditEventRow } from './audit-csv';

// The answers' shapes for the OpenAPI document (the audit service's answers pass through as they are).

const HEX_HASH = {
  pattern: '^[0-9a-f]{64}$',
  example: '5d41f2c3a9b8e7d6c5b4a3928170f6e5d4c3b2a1908f7e6d5c4b3a2918070605',
} as const;

/** One ledger entry (DESIGN section 8). */
export class AuditEventView implements AuditEventRow {
  @ApiProperty({ minimum: 0, example: 41 })
  index: number;

  @ApiProperty({
    description:
      'RFC 9162 leaf hash of the entry, hex: SHA-256 of 0x00 followed by the RFC 8785 canonical JSON of the ' +
      'entry’s index, sourceId, type, at, recordedAt, node, nodes, country, messageId, kind, correlationId ' +
      'and data, so that a reader recomputes it from the entry itself',
    ...HEX_HASH,
  })
  leafHash: string;

  @ApiProperty({
    description:
      'what the ledger recorded the entry from, once only (`event:<event id>`, `exchange:<message id>`, ' +
      '`exchange-refused:<stream sequence>`); covered by leafHash',
    example: 'event:5c3f0d8e-1b7a-4e39-9a0c-2f6d8b1e4a77',
  })
  sourceId: string;

  @ApiProperty({ example: 'message.routed' })
  type: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-20T09:30:01.204Z' })
  at: string;

  @ApiProperty({
    format: 'date-time',
    description: 'when the ledger recorded the entry; covered by leafHash',
    example: '2026-11-20T09:30:01.371Z',
  })
  recordedAt: string;

  @ApiProperty({ type: String, nullable: true, example: 'KZ-PCU-AKTAU' })
  node: string | null;

  @ApiProperty({ type: [String], example: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'] })
  nodes: string[];

  @ApiProperty({ type: String, nullable: true, example: 'KZ' })
  country: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  messageId: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'ALERT' })
  kind: string | null;

  @ApiProperty({ type: String, nullable: true })
  correlationId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'what the event records, by type' })
  data: Record<string, unknown>;

  @ApiPropertyOptional({
    enum: [true],
    description:
      'for an officer: parts the message withheld from their node were removed, so the entry no longer ' +
      'hashes to leafHash: only the inclusion of leafHash can be proved, not what the entry records',
  })
  redacted?: true;
}

/** A page of ledger entries. */
export class AuditEventsPageView {
  @ApiProperty({ type: () => [AuditEventView] })
  items: AuditEventView[];

  @ApiProperty({ type: String, nullable: true, description: 'pass as `after` to read on' })
  next: string | null;
}

/** The audit service's signed head of the ledger. */
export class CheckpointView implements Checkpoint {
  @ApiProperty({ minimum: 0, example: 42 })
  size: number;

  @ApiProperty({ description: 'Merkle tree head of the first `size` entries, hex', ...HEX_HASH })
  rootHash: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-20T09:35:00.000Z' })
  timestamp: string;

  @ApiProperty({ description: 'the signing key, among rotated ones' })
  keyId: string;

  @ApiProperty({ description: 'Ed25519 signature over the checkpoint body, base64' })
  signature: string;
}

/** What a holder of a checkpoint verifies it with. */
export class AuditPublicKeyView {
  @ApiProperty()
  keyId: string;

  @ApiProperty({ description: 'SPKI PEM of the Ed25519 key' })
  publicKey: string;
}

/** RFC 9162 inclusion proof of one entry in a tree of `treeSize` entries. */
export class InclusionProofView {
  @ApiProperty({ minimum: 0, example: 41 })
  leafIndex: number;

  @ApiProperty({ minimum: 1, example: 42 })
  treeSize: number;

  @ApiProperty({ type: [String], description: 'the audit path, hex' })
  hashes: string[];
}

/** RFC 9162 consistency proof between two tree sizes. */
export class ConsistencyProofView {
  @ApiProperty({ minimum: 1, example: 20 })
  first: number;

  @ApiProperty({ minimum: 1, example: 42 })
  second: number;

  @ApiProperty({ type: [String], description: 'hex' })
  hashes: string[];
}

/** The first entry that does not match, and what about it. */
export class LedgerFaultView {
  @ApiProperty({ minimum: 0 })
  index: number;

  @ApiProperty({
    example: 'its stored fields do not match its leaf hash (altered, forged, or moved from another index)',
  })
  problem: string;
}

/** The size and root a verify run checked the rows against. */
export class CheckedCheckpointView {
  @ApiProperty({ minimum: 0 })
  size: number;

  @ApiProperty(HEX_HASH)
  rootHash: string;
}

/** `POST /audit/verify`: the ledger intact, or its first fault. */
export class LedgerVerificationView {
  @ApiProperty({ example: true })
  intact: boolean;

  @ApiProperty({ minimum: 0, description: 'rows read', example: 42 })
  entries: number;

  @ApiProperty({ type: () => CheckedCheckpointView, nullable: true })
  checkpoint: CheckedCheckpointView | null;

  @ApiProperty({ type: () => LedgerFaultView, nullable: true })
  fault: LedgerFaultView | null;

  @ApiProperty({ description: 'the verdict in plain words' })
  message: string;
}

/** A checkpoint the gateway refused to move to, and why. */
export class CheckpointAlertView {
  @ApiProperty({ description: 'why the offered checkpoint was refused (a rollback or a fork)' })
  reason: string;

  @ApiProperty({ type: () => CheckpointView })
  offered: CheckpointView;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

/** The gateway's view of the audit ledger. */
export class CheckpointWatchView implements CheckpointWatchState {
  @ApiProperty({ type: String, nullable: true })
  keyId: string | null;

  @ApiProperty({ type: String, nullable: true })
  publicKey: string | null;

  @ApiProperty({ type: () => CheckpointView, nullable: true })
  checkpoint: CheckpointView | null;

  @ApiProperty({
    type: () => CheckpointAlertView,
    nullable: true,
    description: 'set while the ledger rolled back or forked',
  })
  alert: CheckpointAlertView | null;
}
