import { ApiProperty } from '@nestjs/swagger';
import type { Recipient } from '@iren/filters';
import type { RecipientsPreview } from './preview.service';

/** A node that would receive the message, and why. */
export class RecipientView implements Recipient {
  @ApiProperty({ example: 'AZ-PCU-BAKU' })
  node: string;

  @ApiProperty({
    type: [String],
    description: '`addressed:node`, `addressed:country:<cc>`, `addressed:group:<id>`, `filter:<index>`',
    example: ['addressed:country:AZ', 'filter:0'],
  })
  reasons: string[];
}

/** `POST /messages/preview` (the answer's shape, for the OpenAPI document). */
export class RecipientsPreviewView implements RecipientsPreview {
  @ApiProperty({ type: () => [RecipientView], description: 'sorted by node id' })
  recipients: Recipient[];
}
