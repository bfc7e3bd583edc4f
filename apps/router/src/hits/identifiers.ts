import type { HitIdentifier, IdentifierType, TransportReferences } from '@iren/contracts';

/**
 * The form two references are compared in: upper-case, without spaces or dashes, so that
 * `176-12345675` and `17612345675`, or `IMO 9074729` and `imo9074729`, are the same identifier.
 */
export function normaliseIdentifier(value: string): string {
  return value.toUpperCase().replace(/[\s-]+/g, '');
}

/**
 * The identifiers an alert's transport references name, normalised, each once, in a stable order
 * (by type, then value): what the router indexes and correlates alerts by.
 */
export function identifiersOf(transport: TransportReferences | undefined): HitIdentifier[] {
  const named: [IdentifierType, string | null | undefined][] = [
    ...(transport?.containers ?? []).map((c): [IdentifierType, string] => ['CONTAINER', c]),
    ...(transport?.awbs ?? []).map((a): [IdentifierType, string] => ['AWB', a]),
    ['BILL_OF_LADING', transport?.billOfLading],
    ['IMO', transport?.vesselImo],
  ];
  const unique = new Map<string, HitIdentifier>();
  for (const [type, raw] of named) {
    if (typeof raw !== 'string') continue;
    const value = normaliseIdentifier(raw);
    if (value !== '') unique.set(identifierKey({ type, value }), { type, value });
  }
  return [...unique.values()].sort((a, b) => identifierKey(a).localeCompare(identifierKey(b)));
}

/** `CONTAINER:CSQU3054383`: one string per identifier, for locks, message ids and maps. */
export function identifierKey(identifier: HitIdentifier): string {
  return `${identifier.type}:${identifier.value}`;
}
