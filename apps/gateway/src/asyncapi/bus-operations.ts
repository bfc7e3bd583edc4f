import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { type BusChannel, busChannels, type ExchangeNames, type Party, type Reception } from '@iren/contracts';
import { CONSUMER_POLICY } from '@iren/messaging';
import { channelMessageRef, channelRef, REPLIES_CHANNEL } from './bus-channels';
import {
  describedIdentity,
  durableOf,
  partyName,
  permissionsOf,
  receivingApiSubjects,
  replySubjects,
  sentSubjects,
} from './bus-parties';

type Operation = Record<string, unknown>;
type ConsumerReception = Extract<Reception, { via: 'consumer' }>;

function replyOf(channel: BusChannel): Operation {
  if (!channel.reply) return {};
  return {
    reply: {
      channel: channelRef(REPLIES_CHANNEL),
      messages: [channelMessageRef(REPLIES_CHANNEL, channel.reply)],
    },
  };
}

function sending(names: ExchangeNames, channel: BusChannel, party: Party): Operation {
  const publish = sentSubjects(channel, party);
  return {
    action: 'send',
    channel: channelRef(channel.id),
    title: `${party} sends on ${channel.id}`,
    summary: `${partyName(party)} may publish here, on ${publish.map((s) => `\`${s}\``).join(', ')}.`,
    messages: [channelMessageRef(channel.id, channel.payload)],
    ...replyOf(channel),
    'x-iren-identity': describedIdentity(party),
    'x-iren-subjects': { publish, ...(channel.reply && { subscribe: replySubjects(names, party) }) },
  };
}

/** The durable consumer: its name and owner, and for the services' own consumers the redelivery policy they apply. */
function consumerOf(channel: BusChannel, reception: ConsumerReception): Operation {
  const consumer = { stream: channel.stream, durable: durableOf(reception), managedBy: reception.managedBy };
  if (reception.managedBy !== 'self') return consumer;
  return {
    ...consumer,
    ackPolicy: AckPolicy.Explicit,
    deliverPolicy: DeliverPolicy.All,
    ackWaitMs: CONSUMER_POLICY.ackWaitMs,
    // -1: the server never gives a message up; the worker does.
    maxDeliver: CONSUMER_POLICY.maxDeliver,
    // The worker's own limit: failed attempts it saw, not counting outages waited out.
    retryBudget: CONSUMER_POLICY.retryBudget,
    // Not a JetStream BackOff setting: the worker naks with this delay, by attempt, the last repeating.
    backoffMs: [...CONSUMER_POLICY.backoffMs],
    whileADependencyIsDown:
      'the message is held un-acked (its ack deadline extended), retried every few seconds at most, and nothing new is pulled',
    afterRetryBudget: 'copied to the dead-letters channel with its reason, then terminated',
  };
}

const HOW: Record<Reception['via'], string> = {
  consumer: 'pulls from its durable consumer and acks after its own commit',
  subscription: 'subscribes with core NATS',
  watch: 'watches the bucket (an ordered consumer it makes and drops itself)',
  get: 'reads stored messages by sequence number',
};

function receiving(names: ExchangeNames, channel: BusChannel, party: Party, reception: Reception): Operation {
  const subjects =
    reception.via === 'subscription'
      ? {
          subscribe: [reception.subject],
          ...(channel.reply && { allowResponses: permissionsOf(names, party).allowResponses }),
        }
      : { publish: receivingApiSubjects(names, channel, party), subscribe: replySubjects(names, party) };
  return {
    action: 'receive',
    channel: channelRef(channel.id),
    title: `${party} receives on ${channel.id}`,
    summary: `${partyName(party)} ${HOW[reception.via]}${channel.reply ? ', and answers on the request’s reply subject' : ''}.`,
    messages: [channelMessageRef(channel.id, channel.payload)],
    ...replyOf(channel),
    'x-iren-identity': describedIdentity(party),
    'x-iren-subjects': subjects,
    ...(reception.via === 'consumer' && { 'x-iren-consumer': consumerOf(channel, reception) }),
  };
}

/**
 * One `send` per sender and one `receive` per receiver of every channel: the operations of the bus
 * are exactly those the catalogue grants, named `<party>.sends.<channel>` and `<party>.receives.<channel>`.
 */
export function asyncApiOperations(names: ExchangeNames): Record<string, Operation> {
  const operations: [string, Operation][] = [];
  for (const channel of busChannels(names)) {
    for (const party of Object.keys(channel.senders) as Party[]) {
      operations.push([`${party}.sends.${channel.id}`, sending(names, channel, party)]);
    }
    for (const [party, reception] of Object.entries(channel.receivers) as [Party, Reception][]) {
      operations.push([`${party}.receives.${channel.id}`, receiving(names, channel, party, reception)]);
    }
  }
  return Object.fromEntries(operations);
}
