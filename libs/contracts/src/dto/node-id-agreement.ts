import { ValidateBy, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { parseNodeId } from '../validators/node-id';

interface TypedNode {
  type?: unknown;
  country?: unknown;
}

/** What of `type` and `country` the id contradicts, or nothing when they agree (or it is malformed). */
function disagreements(id: unknown, node: TypedNode): string[] {
  const parts = typeof id === 'string' ? parseNodeId(id) : undefined;
  if (!parts) return []; // @IsNodeId reports a malformed id.
  const found: string[] = [];
  if (parts.type !== node.type) found.push(`type ${parts.type} but type is ${String(node.type)}`);
  if (parts.country !== node.country) found.push(`country ${parts.country} but country is ${String(node.country)}`);
  return found;
}

/**
 * class-validator, on a node's `id`: its country and type parts must be the node's `country` and
 * `type`, so that `KZ-PCU-AKTAU` is always a Kazakh PCU whatever reads only the id.
 */
export function IdAgreesWithTypeAndCountry(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'idAgreesWithTypeAndCountry',
      validator: {
        validate: (id: unknown, args?: ValidationArguments) => disagreements(id, args?.object ?? {}).length === 0,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'id'}: ${String(args?.value)} says ${disagreements(args?.value, args?.object ?? {}).join(', and ')}`,
      },
    },
    options,
  );
}
