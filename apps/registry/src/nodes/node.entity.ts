import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { NodeContact, NodeRecord, NodeStatus, NodeType } from '@iren/contracts';

@Entity({ schema: 'registry', name: 'nodes' })
export class NodeEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  type: NodeType;

  @Column({ type: 'char', length: 2 })
  country: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', array: true })
  locodes: string[];

  @Column({ type: 'jsonb' })
  contact: NodeContact;

  @Column({ type: 'text' })
  status: NodeStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  toRecord(): NodeRecord {
    return {
      id: this.id,
      type: this.type,
      country: this.country,
      name: this.name,
      locodes: this.locodes,
      contact: this.contact,
      status: this.status,
      createdAt: this.createdAt.toISOString(),
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}
