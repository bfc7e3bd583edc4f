import type { AmendmentBody, Envelope } from '@iren/contracts';
import type { DeliveryEntity } from '../inbox/delivery.entity';
import type { MessageEntity } from './message.entity';
import { originView, recipientView } from './message.view';

const ORIGINAL = {
  id: '7d3f1a52-0c1e-4b8a-9f55-2a6f1d0c9e11',
  kind: 'ALERT',
  origin: 'AZ-PCU-BAKU',
  createdAt: '2026-11-20T09:00:00.000Z',
  tlp: 'AMBER',
  body: { title: 'v1' },
} as unknown as Envelope;

const published = (change: Partial<MessageEntity> = {}) =>
  ({
    envelope: ORIGINAL,
    version: 1,
    withdrawnAt: null,
    withdrawalReason: null,
    withdrawalId: null,
    ...change,
  }) as MessageEntity;

const amendment = (version: number): Envelope<AmendmentBody> => ({
  ...ORIGINAL,
  id: `a${version}`,
  kind: 'AMENDMENT',
  createdAt: `2026-11-2${version}T00:00:00.000Z`,
  body: { refersTo: ORIGINAL.id, version, body: { title: `v${version}` } },
});

const delivery = {
  node: 'KZ-PCU-AKTAU',
  state: 'RECEIVED',
  envelope: ORIGINAL,
  deliveredAt: new Date('2026-11-20T09:00:01Z'),
  receivedAt: new Date('2026-11-20T10:00:00Z'),
  actionedAt: null,
  readAt: new Date('2026-11-20T09:30:00Z'),
  version: 1,
  amendment: null,
  history: [],
  withdrawnAt: null,
  withdrawalReason: null,
  withdrawalId: null,
  feedback: { messageId: 'f1', outcome: 'NO_ACTION', at: '2026-11-21T00:00:00.000Z' },
  feedbackDeliveredAt: new Date('2026-11-21T00:00:01Z'),
  feedbackDueAt: new Date('2026-12-10T00:00:00Z'),
  feedbackOverdueAt: null,
} as unknown as DeliveryEntity;

describe(originView.name, () => {
  it('shows the latest version, the earlier ones as history, and each recipient', () => {
    const view = originView(published({ version: 3 }), [amendment(2), amendment(3)], [delivery]);
    expect(view.version).toBe(3);
    expect(view.message).toEqual({ ...ORIGINAL, body: { title: 'v3' } });
    expect(view.amendment).toEqual({ messageId: 'a3', at: '2026-11-23T00:00:00.000Z', reason: null });
    expect(view.history.map((h) => [h.version, (h.message.body as { title: string }).title])).toEqual([
      [1, 'v1'],
      [2, 'v2'],
    ]);
    expect(view.withdrawn).toBeNull();
    expect(view.deliveries).toEqual([
      {
        node: 'KZ-PCU-AKTAU',
        state: 'RECEIVED',
        deliveredAt: '2026-11-20T09:00:01.000Z',
        receivedAt: '2026-11-20T10:00:00.000Z',
        actionedAt: null,
        readAt: '2026-11-20T09:30:00.000Z',
        version: 1,
        withdrawnAt: null,
        feedbackDueBy: '2026-12-10T00:00:00.000Z',
        feedbackOverdue: false,
        feedback: {
          messageId: 'f1',
          outcome: 'NO_ACTION',
          at: '2026-11-21T00:00:00.000Z',
          deliveredAt: '2026-11-21T00:00:01.000Z',
        },
      },
    ]);
  });

  it('shows a withdrawal with its reason', () => {
    const withdrawnAt = new Date('2026-11-22T00:00:00Z');
    const view = originView(published({ withdrawnAt, withdrawalReason: 'false alarm', withdrawalId: 'w1' }), [], []);
    expect(view.withdrawn).toEqual({ at: '2026-11-22T00:00:00.000Z', reason: 'false alarm', messageId: 'w1' });
    expect(view.history).toEqual([]);
  });
});

describe(recipientView.name, () => {
  it('shows the recipient its own copy and state only', () => {
    const view = recipientView(delivery);
    expect(view.message).toBe(ORIGINAL);
    expect(view.deliveries.map((d) => d.node)).toEqual(['KZ-PCU-AKTAU']);
  });
});
