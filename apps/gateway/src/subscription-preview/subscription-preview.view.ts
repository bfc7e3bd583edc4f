import { ApiProperty } from '@nestjs/swagger';
import type { SubscriptionPreview } from './subscription-preview.service';

export class FilterMatchCountView {
  @ApiProperty({ minimum: 0, example: 12 })
  matched: number;
}

export class SubscriptionPreviewView implements SubscriptionPreview {
  @ApiProperty({ format: 'date-time', description: 'the start of the window: 30 days before the request' })
  since: string;

  @ApiProperty({
    minimum: 0,
    example: 240,
    description:
      'alerts of the window a subscription could have brought this node: not its own, not withdrawn, TLP CLEAR, GREEN or AMBER, not confined to an operation (the newest 20,000 at most)',
  })
  alerts: number;

  @ApiProperty({ type: () => [FilterMatchCountView], description: 'per filter, in the order given' })
  filters: FilterMatchCountView[];

  @ApiProperty({ minimum: 0, example: 31, description: 'alerts any of the filters matches' })
  matched: number;
}
