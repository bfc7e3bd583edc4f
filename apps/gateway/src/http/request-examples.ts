import { type Type } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { DESIGN_EXAMPLES } from '@iren/contracts';

/**
 * The request bodies of DESIGN section 8 (Baku to Aktau to Tashkent, HS 300420), as the OpenAPI
 * document's examples: the lib's DESIGN_EXAMPLES, the alert's summary written out where DESIGN
 * elides it. request-examples.spec.ts validates each against its DTO, so an example that the API
 * would refuse fails the build instead of misleading a reader.
 */
export const REQUEST_EXAMPLES = {
  registerNode: DESIGN_EXAMPLES.registerNode,
  putSubscription: DESIGN_EXAMPLES.putSubscription,
  publishMessage: {
    ...DESIGN_EXAMPLES.publishMessage,
    body: { ...DESIGN_EXAMPLES.publishMessage.body, summary: 'New consignee; the route deviates through Baku.' },
  },
  ack: DESIGN_EXAMPLES.ack,
  giveFeedback: DESIGN_EXAMPLES.giveFeedback,
  createGroup: DESIGN_EXAMPLES.createGroup,
} as const;

/** Documents an operation's body as `type`, with one of the examples above. */
export function ApiExampleBody(type: Type<unknown>, example: keyof typeof REQUEST_EXAMPLES): MethodDecorator {
  return ApiBody({ type, examples: { [example]: { summary: 'DESIGN section 8', value: REQUEST_EXAMPLES[example] } } });
}
