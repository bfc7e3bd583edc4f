import { type BusChannel, busChannels, type BusPayload, type ExchangeNames, SERVICES, STREAMS } from '@iren/contracts';
import { STREAM_LIMITS, streamConfig } from '@iren/messaging';
import { replySubjects } from './bus-parties';
import { registryKeys } from './registry-record.schemas';

/** The channel on which every request/reply answer travels: its address is the requester's own. */
export const REPLIES_CHANNEL = 'replies';

export function channelRef(id: string): { $ref: string } {
  return { $ref: `#/channels/${id}` };
}

export function channelMessageRef(id: string, payload: string): { $ref: string } {
  return { $ref: `#/channels/${id}/messages/${payload}` };
}

function messagesOf(payloads: BusPayload[]): Record<string, { $ref: string }> {
  return Object.fromEntries(payloads.map((payload) => [payload, { $ref: `#/components/messages/${payload}` }]));
}

/** The stream's limits as `streamConfig` applies them; the bytes scale with `IREN_STREAM_MAX_BYTES`. */
function streamOf(names: ExchangeNames, name: string): Record<string, unknown> | undefined {
  const stream = STREAMS.find((s) => names.stream(s) === name);
  if (!stream) return undefined;
  const config = streamConfig(names, stream);
  const limits = STREAM_LIMITS[stream];
  return {
    name,
    subjects: config.subjects,
    storage: config.storage,
    retention: config.retention,
    discard: config.discard,
    maxMsgSize: config.max_msg_size,
    maxBytesShare: limits.sizeShare,
    maxBytes: `${limits.sizeShare} × IREN_STREAM_MAX_BYTES`,
    maxAgeMs: limits.maxAgeMs,
    duplicateWindowMs: limits.duplicateWindowMs,
    replicas: 'IREN_STREAM_REPLICAS',
  };
}

/** Where a channel's messages are kept: a JetStream stream, the registry's KV bucket, or nowhere (core NATS). */
function storageOf(names: ExchangeNames, channel: BusChannel): Record<string, unknown> {
  if (channel.stream === undefined) return { 'x-iren-core-nats': 'not stored: only who listens at the time gets it' };
  if (channel.streamAt === 'site') {
    // Made at each national site by `npm run site:streams` (fromHubStreamConfig), never at the hub.
    const source = `${names.siteStream('{country}')} of the hub, across the site's leaf link ($JS.hub.API)`;
    return {
      'x-iren-site-stream': { ...streamOf(names, names.stream('INBOX')), name: channel.stream, subjects: [], source },
    };
  }
  if (channel.stream === names.registryBucketStream) {
    return { 'x-iren-kv-bucket': { bucket: names.registryBucket, stream: channel.stream, keys: registryKeys() } };
  }
  const stream = streamOf(names, channel.stream);
  if (!stream) throw new Error(`channel ${channel.id}: unknown stream ${channel.stream}`);
  return { 'x-iren-stream': stream };
}

function channelOf(names: ExchangeNames, channel: BusChannel): Record<string, unknown> {
  const parameters = Object.entries(channel.parameters).map(([name, description]) => [name, { description }]);
  return {
    address: channel.address,
    title: channel.id,
    description: channel.description,
    ...(parameters.length > 0 && { parameters: Object.fromEntries(parameters) }),
    messages: messagesOf([channel.payload]),
    ...storageOf(names, channel),
  };
}

/** The answers to requests: NATS sends each to the reply subject its request named, under the requester's prefix. */
function repliesChannel(names: ExchangeNames, replies: BusPayload[]): Record<string, unknown> {
  const prefixes = [...SERVICES, 'node' as const].map((party) => [party, replySubjects(names, party)[0]]);
  return {
    address: null,
    title: REPLIES_CHANNEL,
    description:
      'The reply subject a request names (NATS `reply-to`, not a header): it lies under the requester’s own prefix, where only the requester may subscribe (`x-iren-reply-subjects`), and only the server that received the request may publish (NATS response permission).',
    messages: messagesOf(replies),
    'x-iren-reply-subjects': Object.fromEntries(prefixes),
  };
}

/** One AsyncAPI channel per channel of the catalogue, and the replies channel. */
export function asyncApiChannels(names: ExchangeNames): Record<string, Record<string, unknown>> {
  const catalogue = busChannels(names);
  const replies = [...new Set(catalogue.flatMap((channel) => (channel.reply ? [channel.reply] : [])))];
  const channels = catalogue.map((channel) => [channel.id, channelOf(names, channel)]);
  return { ...Object.fromEntries(channels), [REPLIES_CHANNEL]: repliesChannel(names, replies) };
}
