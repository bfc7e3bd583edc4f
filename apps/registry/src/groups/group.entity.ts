import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { GroupKind, GroupRecord } from '@iren/contracts';

@Entity({ schema: 'registry', name: 'groups' })
export class GroupEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: GroupKind;

  @Column({ name: 'starts_at', type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** The record as published; a plain group carries no window keys at all. */
  toRecord(members: string[]): GroupRecord {
    return {
      id: this.id,
      name: this.name,
      kind: this.kind,
      ...(this.startsAt && { startsAt: this.startsAt.toISOString() }),
      ...(this.endsAt && { endsAt: this.endsAt.toISOString() }),
      members,
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}
