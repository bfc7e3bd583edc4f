import { DECORATORS, getSchemaPath } from '@nestjs/swagger';
import { ApiEnvelopeProperty } from './envelope-by-kind';
import { bodyDtoFor, SUPPORTED_KINDS } from './message-bodies';

class CarriesAnEnvelope {
  @ApiEnvelopeProperty('the signed envelope')
  message: object;
}

type Variant = new () => object;

const propertyOf = (cls: Variant, key: string) =>
  Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, cls.prototype, key) as Record<string, unknown>;

describe(ApiEnvelopeProperty.name, () => {
  const documented = propertyOf(CarriesAnEnvelope, 'message') as {
    oneOf: { $ref: string }[];
    discriminator: { propertyName: string; mapping: Record<string, string> };
    description: string;
  };
  const variants = Reflect.getMetadata(DECORATORS.API_EXTRA_MODELS, CarriesAnEnvelope) as Variant[];

  it('documents one envelope per supported kind, told apart by kind', () => {
    expect(documented.description).toBe('the signed envelope');
    expect(documented.discriminator.propertyName).toBe('kind');
    expect(Object.keys(documented.discriminator.mapping).sort()).toEqual([...SUPPORTED_KINDS].sort());
    expect(documented.oneOf.map((ref) => ref.$ref).sort()).toEqual(
      Object.values(documented.discriminator.mapping).sort(),
    );
    expect(documented.discriminator.mapping.RISK_PROFILE).toBe('#/components/schemas/RiskProfileEnvelope');
  });

  it('registers each envelope, whose kind is its one value and whose body is that kind’s body DTO', () => {
    expect(variants.map((variant) => getSchemaPath(variant)).sort()).toEqual(
      Object.values(documented.discriminator.mapping).sort(),
    );
    for (const [kind, path] of Object.entries(documented.discriminator.mapping)) {
      const variant = variants.find((candidate) => getSchemaPath(candidate) === path)!;
      expect(propertyOf(variant, 'kind')).toMatchObject({ enum: [kind] });
      const body = propertyOf(variant, 'body') as { type: () => unknown };
      expect(body.type()).toBe(bodyDtoFor(kind));
      // The envelope's other fields (id, origin, signature...) come with it.
      for (const field of ['id', 'origin', 'createdAt', 'tlp']) expect(propertyOf(variant, field)).toBeDefined();
    }
  });
});
