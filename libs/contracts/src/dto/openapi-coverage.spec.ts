import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import * as dtos from './index';

/** Every DTO class the lib exports. */
const DTO_CLASSES = Object.entries(dtos).filter(
  (entry): entry is [string, new () => object] => typeof entry[1] === 'function' && entry[0].endsWith('Dto'),
);

function validatedProperties(cls: new () => object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

function documentedProperties(cls: new () => object): string[] {
  const names = (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, cls.prototype) ?? []) as string[];
  return [...new Set(names.map((name) => name.replace(/^:/, '')))].sort();
}

// The OpenAPI document is generated from @ApiProperty: a validated field without one would be
// accepted by the API yet missing from its published contract, and the reverse would document a
// field the API refuses as unknown.
describe.each(DTO_CLASSES)('%s', (_name, cls) => {
  it('documents exactly the fields it validates', () => {
    expect(validatedProperties(cls).length).toBeGreaterThan(0);
    expect(documentedProperties(cls)).toEqual(validatedProperties(cls));
  });
});
