import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Envelope, MessageKind, Tlp } from '@iren/contracts';

/**
 * A message published through this gateway, as accepted (the outbox row carries it to NATS). An
 * original keeps the envelope it was sent with; its amendments and withdrawal are messages of their
 * own that refer to it, and `version` and `withdrawn*` say where it stands.
 */
@Entity({ schema: 'gateway', name: 'messages' })
export class MessageEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  origin: string;

  @Column({ type: 'text' })
  kind: MessageKind;

  @Column({ type: 'text' })
  tlp: Tlp;

  @Column({ type: 'jsonb' })
  envelope: Envelope;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** For a WITHDRAWAL, AMENDMENT or FEEDBACK: the message it refers to. */
  @Column({ name: 'refers_to', type: 'uuid', nullable: true })
  refersTo: string | null;

  /** The current version of an original: 1, then one more with each amendment. */
  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason: string | null;

  @Column({ name: 'withdrawal_id', type: 'uuid', nullable: true })
  withdrawalId: string | null;
}
