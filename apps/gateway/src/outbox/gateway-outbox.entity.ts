import { Entity } from 'typeorm';
import { OutboxRecord } from '@iren/messaging';

@Entity({ schema: 'gateway', name: 'outbox' })
export class GatewayOutboxEntity extends OutboxRecord {}
