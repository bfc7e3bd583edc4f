import 'reflect-metadata';
import { ApiExtraModels, ApiProperty, ApiSchema, getSchemaPath, OmitType } from '@nestjs/swagger';
import type { Type } from '@nestjs/common';
import { MESSAGE_KINDS, type MessageKind } from '../vocabulary';
import { EnvelopeDto } from './envelope.dto';
import { bodyDtoFor } from './message-bodies';

/** `RISK_PROFILE` → `RiskProfileEnvelope`: the schema name of the kind's envelope. */
function envelopeSchemaName(kind: MessageKind): string {
  const words = kind.toLowerCase().split('_');
  return `${words.map((word) => word[0].toUpperCase() + word.slice(1)).join('')}Envelope`;
}

/**
 * For the OpenAPI document only (validation stays with EnvelopeDto, whose `@Type(bodyTypeOf)`
 * picks the body rules from the kind): the envelope of one kind, its `kind` the one value and its
 * `body` that kind's body DTO, so that a typed client narrows the body by testing `kind`.
 */
function envelopeOfKind(kind: MessageKind, body: Type<object>): Type<object> {
  @ApiSchema({ name: envelopeSchemaName(kind), description: `an envelope of kind ${kind}` })
  class EnvelopeOfKind extends OmitType(EnvelopeDto, ['kind', 'body'] as const) {
    @ApiProperty({ enum: [kind], example: kind })
    kind: MessageKind;

    @ApiProperty({ type: () => body, description: `the body of an envelope of kind ${kind}` })
    body: object;
  }
  return EnvelopeOfKind;
}

/** One documented envelope per kind the network carries: those with a body DTO (SUPPORTED_KINDS). */
const ENVELOPES_BY_KIND: ReadonlyMap<MessageKind, Type<object>> = new Map(
  MESSAGE_KINDS.flatMap((kind) => {
    const body = bodyDtoFor(kind);
    return body ? [[kind, envelopeOfKind(kind, body)] as const] : [];
  }),
);

/**
 * Documents a property holding a signed envelope as one of the per-kind envelopes, told apart by
 * `kind` (an OpenAPI discriminator), and registers those schemas with the document.
 */
export function ApiEnvelopeProperty(description?: string): PropertyDecorator {
  const variants = [...ENVELOPES_BY_KIND.values()];
  return (target, key) => {
    ApiExtraModels(...variants)(target.constructor);
    ApiProperty({
      description,
      oneOf: variants.map((variant) => ({ $ref: getSchemaPath(variant) })),
      discriminator: {
        propertyName: 'kind',
        mapping: Object.fromEntries([...ENVELOPES_BY_KIND].map(([kind, variant]) => [kind, getSchemaPath(variant)])),
      },
    })(target, key);
  };
}
