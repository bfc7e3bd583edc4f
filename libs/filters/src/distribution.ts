import type { Addressing, Envelope, Tlp } from '@iren/contracts';
import { toMatchable } from './matchable-message';
import type { Recipient, RecipientDirectory } from './recipient-directory';
import type { SubscriptionMatcher } from './subscription-matcher';

/** TLP labels under which subscribers receive a message besides its addressees. */
const BROADCAST: ReadonlySet<Tlp> = new Set<Tlp>(['CLEAR', 'GREEN', 'AMBER']);

/**
 * Who receives a fresh message, and why, sorted by node id (DESIGN section 4, TLP 2.0):
 * - RED: only the nodes named in `to.nodes`;
 * - AMBER+STRICT: the addressees (`to.nodes`, every node of `to.countries`, the members of
 *   `to.groups`), no subscriber;
 * - AMBER, GREEN, CLEAR: the addressees and every node with a matching filter.
 * Never the origin, a node the directory does not know or does not list as ACTIVE, nor, when the
 * message names an operation, a node outside its members. A coordination node (COORD) reads the
 * content only of what names it (DESIGN section 1): it receives a message only when `to.nodes`
 * names it or it is a member of a group `to.groups` names, never as one of its country's nodes or
 * by a filter. Withdrawals and amendments go to the recipients of the original, which only the
 * caller remembers: this computes a fresh message's.
 */
export function recipientsFor(
  envelope: Envelope<unknown>,
  directory: RecipientDirectory,
  matcher: SubscriptionMatcher,
): Recipient[] {
  const reasons = new Map<string, Set<string>>();
  const give = (node: string, reason: string) => {
    const given = reasons.get(node);
    if (given === undefined) reasons.set(node, new Set([reason]));
    else given.add(reason);
  };

  const coordinates = (node: string) => directory.node(node)?.type === 'COORD';
  const to = addressees(envelope.to);
  for (const node of to.nodes) give(node, 'addressed:node');
  if (envelope.tlp !== 'RED') {
    for (const country of to.countries) {
      for (const node of directory.nodesOfCountry(country)) {
        if (node.type !== 'COORD') give(node.id, `addressed:country:${country}`);
      }
    }
    for (const group of to.groups) {
      for (const node of directory.groupMembers(group) ?? []) give(node, `addressed:group:${group}`);
    }
  }
  if (BROADCAST.has(envelope.tlp)) {
    for (const [node, positions] of matcher.match(toMatchable(envelope))) {
      if (coordinates(node)) continue;
      for (const position of positions) give(node, `filter:${position}`);
    }
  }

  const mayReceive = entitlement(envelope, directory);
  return [...reasons]
    .filter(([node]) => mayReceive(node))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([node, given]) => ({ node, reasons: [...given] }));
}

/**
 * What a gateway must refuse before storing a message, in words an officer can act on, each
 * starting with the field it concerns (`to.nodes`, `to.groups`, `operation`); empty when the
 * addressing is sound. Unknown country codes are the validators' concern, and a country without
 * nodes is fine (the message simply reaches no one there). A node may address only the groups it
 * is a member of, and name only an operation it is a member of, which must run now: a group or
 * operation it is not part of is answered like one that does not exist, so that neither its
 * members nor its window are told to outsiders.
 */
export function addressingProblems(envelope: Envelope<unknown>, directory: RecipientDirectory): string[] {
  const to = addressees(envelope.to);
  const problems: string[] = [];
  if (envelope.tlp === 'RED' && to.nodes.length === 0) {
    problems.push('to.nodes: a RED message must name the nodes it is for');
  }
  for (const node of new Set(to.nodes)) {
    if (directory.node(node) === undefined) problems.push(`to.nodes: unknown node ${node}`);
  }
  for (const group of new Set(to.groups)) {
    if (!directory.groupMembers(group)?.includes(envelope.origin)) problems.push(`to.groups: unknown group ${group}`);
  }
  if (envelope.operation !== undefined) problems.push(...operationProblems(envelope.operation, envelope, directory));
  return problems;
}

/** Fail-closed like `entitlement`: a directory that cannot describe operations knows none. */
function operationProblems(id: string, envelope: Envelope<unknown>, directory: RecipientDirectory): string[] {
  const operation = directory.operation?.(id);
  if (!operation?.members.includes(envelope.origin)) return [`operation: unknown operation ${id}`];
  if (!operation.running) {
    return [`operation: ${id} is not running now; it runs from ${operation.startsAt} to ${operation.endsAt}`];
  }
  return [];
}

/** A client may leave out `to` or any of its lists; all mean "nobody this way". */
function addressees(to: Partial<Addressing> | undefined): Addressing {
  return { nodes: to?.nodes ?? [], countries: to?.countries ?? [], groups: to?.groups ?? [] };
}

function entitlement(envelope: Envelope<unknown>, directory: RecipientDirectory): (node: string) => boolean {
  const members =
    envelope.operation === undefined ? undefined : new Set(directory.operationMembers?.(envelope.operation) ?? []);
  return (node) =>
    node !== envelope.origin &&
    directory.node(node)?.status === 'ACTIVE' &&
    (members === undefined || members.has(node));
}
