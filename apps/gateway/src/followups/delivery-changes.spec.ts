import type { AmendmentBody, Envelope, WithdrawalBody } from '@iren/contracts';
import type { DeliveryEntity } from '../inbox/delivery.entity';
import { amendmentChange, feedbackDueOf, withdrawalChange } from './delivery-changes';

const ORIGINAL: Envelope = {
  id: '7d3f1a52-0c1e-4b8a-9f55-2a6f1d0c9e11',
  kind: 'ALERT',
  origin: 'AZ-PCU-BAKU',
  createdAt: '2026-11-20T09:00:00.000Z',
  tlp: 'AMBER',
  body: { title: 'v1', feedbackDueBy: '2026-12-10T00:00:00Z' } as Envelope['body'],
};

function delivery(change: Partial<DeliveryEntity> = {}): DeliveryEntity {
  return {
    envelope: ORIGINAL,
    version: 1,
    amendment: null,
    history: [],
    withdrawalId: null,
    feedbackDueAt: new Date('2026-12-10T00:00:00Z'),
    feedbackOverdueAt: null,
    ...change,
  } as DeliveryEntity;
}

const amendment = (version: number, body: object, id = `a${version}`): Envelope<AmendmentBody> => ({
  ...ORIGINAL,
  id,
  kind: 'AMENDMENT',
  createdAt: `2026-11-2${version}T09:00:00.000Z`,
  body: { refersTo: ORIGINAL.id, version, reason: `r${version}`, body },
});
const NOW = new Date('2026-11-25T00:00:00Z');

describe(feedbackDueOf.name, () => {
  it("reads an alert's feedbackDueBy, and nothing from other kinds", () => {
    expect(feedbackDueOf(ORIGINAL)).toEqual(new Date('2026-12-10T00:00:00Z'));
    expect(feedbackDueOf({ ...ORIGINAL, body: { title: 'x' } as Envelope['body'] })).toBeUndefined();
    expect(feedbackDueOf({ ...ORIGINAL, kind: 'RISK_PROFILE' })).toBeUndefined();
  });
});

describe(withdrawalChange.name, () => {
  const withdrawal: Envelope<WithdrawalBody> = {
    ...ORIGINAL,
    id: 'w1',
    kind: 'WITHDRAWAL',
    createdAt: '2026-11-21T10:00:00.000Z',
    body: { refersTo: ORIGINAL.id, reason: 'false alarm' },
  };

  it('marks the delivery withdrawn, with the reason and the time the origin withdrew it', () => {
    expect(withdrawalChange(delivery(), withdrawal)).toEqual({
      withdrawnAt: new Date('2026-11-21T10:00:00.000Z'),
      withdrawalReason: 'false alarm',
      withdrawalId: 'w1',
    });
  });

  it('changes nothing the second time', () => {
    expect(withdrawalChange(delivery({ withdrawalId: 'w1' }), withdrawal)).toBeUndefined();
  });
});

describe(amendmentChange.name, () => {
  it('makes the new version current and keeps the replaced one as history', () => {
    const change = amendmentChange(delivery(), amendment(2, { title: 'v2' }), { title: 'v2' }, NOW)!;
    expect(change.version).toBe(2);
    expect(change.envelope).toEqual({ ...ORIGINAL, body: { title: 'v2' } });
    expect(change.amendment).toEqual({ messageId: 'a2', at: '2026-11-22T09:00:00.000Z', reason: 'r2' });
    expect(change.history).toEqual([{ version: 1, message: ORIGINAL, amendment: null }]);
    // The new body has no due time: the deadline ends.
    expect(change.feedbackDueAt).toBeNull();
  });

  it('changes nothing for a version already there, current or in the history', () => {
    const v2 = delivery({ version: 2, history: [{ version: 1, message: ORIGINAL, amendment: null }] });
    expect(amendmentChange(v2, amendment(2, {}), {}, NOW)).toBeUndefined();
    expect(amendmentChange(v2, amendment(1 as number, {}), {}, NOW)).toBeUndefined();
  });

  it('files a version that arrives after a newer one into the history, in order', () => {
    const v3 = delivery({ version: 3, history: [{ version: 1, message: ORIGINAL, amendment: null }] });
    const change = amendmentChange(v3, amendment(2, { title: 'v2' }), { title: 'v2' }, NOW)!;
    expect(change).toEqual({
      history: [expect.objectContaining({ version: 1 }), expect.objectContaining({ version: 2 })],
    });
  });

  it('restarts a deadline moved ahead, clearing the reminder given', () => {
    const overdue = delivery({ feedbackOverdueAt: new Date('2026-12-10T00:00:01Z') });
    const later = { title: 'v2', feedbackDueBy: '2026-12-20T00:00:00Z' };
    const change = amendmentChange(overdue, amendment(2, later), later, new Date('2026-12-11T00:00:00Z'))!;
    expect(change).toMatchObject({ feedbackDueAt: new Date('2026-12-20T00:00:00Z'), feedbackOverdueAt: null });
  });

  it('keeps the deadline and its reminder when the due time is unchanged', () => {
    const same = { title: 'v2', feedbackDueBy: '2026-12-10T00:00:00Z' };
    const change = amendmentChange(delivery(), amendment(2, same), same, NOW)!;
    expect(change).not.toHaveProperty('feedbackDueAt');
    expect(change).not.toHaveProperty('feedbackOverdueAt');
  });
});
