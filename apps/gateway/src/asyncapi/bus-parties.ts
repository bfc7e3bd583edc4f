import {
  type BusChannel,
  type BusIdentity,
  type BusPermissions,
  busPermissions,
  type ExchangeNames,
  nodeIdentity,
  type Party,
  type Reception,
  serviceIdentity,
} from '@iren/contracts';

/**
 * Stands for every node when the catalogue is asked what a node party gets: node ids begin with
 * their country, which the catalogue reads from them (`iren.pub.<country>.<node>.>`).
 */
const ANY_NODE = 'CC-ANY-NODE';

/** `iren.pub.CC.CC-ANY-NODE.>` → `iren.pub.{country}.{node}.>`: what a node gets, written for every node. */
export function forEveryNode(subject: string): string {
  return subject.replaceAll(`.${ANY_NODE.slice(0, 2)}.${ANY_NODE}`, '.{country}.{node}').replaceAll(ANY_NODE, '{node}');
}

function identityOf(party: Party): BusIdentity {
  return party === 'node' ? nodeIdentity(ANY_NODE) : serviceIdentity(party);
}

/** The identity, as the document names it: a service, or `{node}` for each node's own system. */
export function describedIdentity(party: Party): BusIdentity {
  return party === 'node' ? nodeIdentity('{node}') : serviceIdentity(party);
}

/** Who the party is, as a sentence begins with it. */
export function partyName(party: Party): string {
  return party === 'node' ? 'A node’s own system (for its own id only)' : `The ${party} service`;
}

/** Where the party's answers to its requests, pull requests and watches arrive; nobody else may listen there. */
export function replySubjects(names: ExchangeNames, party: Party): string[] {
  return [forEveryNode(`${names.replyPrefix(identityOf(party))}.>`)];
}

export function permissionsOf(names: ExchangeNames, party: Party): BusPermissions {
  return busPermissions(names, identityOf(party));
}

/** The subjects the party may publish on a channel, as its NATS user's `pub` permission has them. */
export function sentSubjects(channel: BusChannel, party: Party): string[] {
  return (channel.senders[party]?.(ANY_NODE) ?? []).map(forEveryNode);
}

/** The consumer's durable name (`{node}` in a node's). */
export function durableOf(reception: Extract<Reception, { via: 'consumer' }>): string {
  return forEveryNode(reception.durable(ANY_NODE));
}

/**
 * What the party publishes to receive on a channel: the JetStream API subjects of its own consumer
 * (pull, ack, and create and read by sequence when it manages it), of the bucket's stream for a
 * watch, or of the stream it reads by sequence; taken from the permissions the catalogue compiles
 * for it, so they are exactly what its NATS user may do.
 */
export function receivingApiSubjects(names: ExchangeNames, channel: BusChannel, party: Party): string[] {
  const reception = channel.receivers[party];
  const stream = channel.stream;
  if (!reception || reception.via === 'subscription' || !stream) return [];
  const granted = permissionsOf(names, party).publish;
  // Compared token by token: one durable's name may begin with another's.
  const concerns = (subject: string) => {
    const tokens = subject.split('.');
    const at = tokens.indexOf(stream);
    const next = tokens[at + 1];
    if (at < 0) return false;
    const readBySequence = next === undefined && tokens.slice(at - 2, at).join('.') === 'MSG.GET';
    if (reception.via === 'consumer') {
      return next === reception.durable(ANY_NODE) || (reception.managedBy === 'self' && readBySequence);
    }
    if (reception.via === 'get') return readBySequence || (next === undefined && tokens[at - 1] === 'INFO');
    return next === '>' || (next === undefined && tokens[at - 1] === 'INFO');
  };
  return granted.filter(concerns).map(forEveryNode);
}
