import { ExchangeNames } from '../names';
import { durableConsumerOwner } from './channels';

const names = new ExchangeNames('iren');

describe(durableConsumerOwner.name, () => {
  it.each([
    ['iren_router', 'router', 'iren_EXCHANGE'],
    ['iren_audit_exchange', 'audit', 'iren_EXCHANGE'],
    ['iren_audit_events', 'audit', 'iren_EVENTS'],
    ['iren_gateway_inbox', 'gateway', 'iren_INBOX'],
    ['iren_node_KZ-PCU-AKTAU', 'node', 'iren_INBOX'],
  ])('names who reads through %s, and its stream', (durable, party, stream) => {
    expect(durableConsumerOwner(names, durable)).toEqual({ party, stream });
  });

  it.each(['iren_node_', 'iren_routerx', 'iren_registry', 't1_router', 'router', ''])(
    'knows no consumer named %j',
    (durable) => {
      expect(durableConsumerOwner(names, durable)).toBeUndefined();
    },
  );
});
