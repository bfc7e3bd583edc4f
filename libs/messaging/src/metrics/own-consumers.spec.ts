import { ExchangeNames } from '@iren/contracts';
import { ownDurableConsumers } from './own-consumers';

describe(ownDurableConsumers.name, () => {
  const names = new ExchangeNames('iren');

  it("answers each service's own durable consumers with their streams", () => {
    expect(ownDurableConsumers(names, 'router')).toEqual([{ durable: 'iren_router', stream: 'iren_EXCHANGE' }]);
    expect(ownDurableConsumers(names, 'gateway')).toEqual([{ durable: 'iren_gateway_inbox', stream: 'iren_INBOX' }]);
    expect(ownDurableConsumers(names, 'audit')).toEqual(
      expect.arrayContaining([
        { durable: 'iren_audit_exchange', stream: 'iren_EXCHANGE' },
        { durable: 'iren_audit_events', stream: 'iren_EVENTS' },
      ]),
    );
    expect(ownDurableConsumers(names, 'audit')).toHaveLength(2);
  });

  it('answers none for a service that reads through no durable consumer, and never a node’s', () => {
    expect(ownDurableConsumers(names, 'registry')).toEqual([]);
    const all = (['gateway', 'router', 'audit', 'registry'] as const).flatMap((s) => ownDurableConsumers(names, s));
    expect(all.some((c) => c.durable.includes('_node_'))).toBe(false);
  });
});
