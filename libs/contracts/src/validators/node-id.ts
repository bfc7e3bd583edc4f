import { NODE_TYPES, type NodeType } from '../vocabulary';
import { countryCodeProblem } from './country-code';
import { identifierDecorator } from './identifier-decorator';

const PATTERN = new RegExp(`^([A-Z]{2})-(${NODE_TYPES.join('|')})-([A-Z0-9]{2,16})$`);

/** The parts of a node id such as `KZ-PCU-AKTAU`. */
export interface NodeIdParts {
  country: string;
  type: NodeType;
  location: string;
}

/** Splits a well-formed node id into its parts (the country is not checked), or undefined. */
export function parseNodeId(id: string): NodeIdParts | undefined {
  const match = PATTERN.exec(id);
  return match ? { country: match[1], type: match[2] as NodeType, location: match[3] } : undefined;
}

/** What is wrong with a node id, or undefined when it is valid. */
export function nodeIdProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'should be a string';
  const parts = parseNodeId(value);
  if (!parts) {
    return `should read country-type-location, like KZ-PCU-AKTAU, with a type among ${NODE_TYPES.join(', ')}`;
  }
  if (countryCodeProblem(parts.country) !== undefined) return `country ${parts.country} is not a known country code`;
  return undefined;
}

/** Whether `value` is a node id like `KZ-PCU-AKTAU` of a real country. */
export function isValidNodeId(value: unknown): boolean {
  return nodeIdProblem(value) === undefined;
}

/** class-validator: a node id like `KZ-PCU-AKTAU` (country, NODE_TYPES member, location token). */
export const IsNodeId = identifierDecorator('isNodeId', nodeIdProblem);
