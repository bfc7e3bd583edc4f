import { Entity } from 'typeorm';
import { OutboxRecord } from '@iren/messaging';

@Entity({ schema: 'registry', name: 'outbox' })
export class RegistryOutboxEntity extends OutboxRecord {}
