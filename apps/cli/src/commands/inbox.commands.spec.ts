import type { InboxItemView } from '../api-views';
import { subjectOf } from './inbox.commands';

type Message = InboxItemView['message'];

const FIELDS = {
  id: '0b7c2f7e-3a52-4d1e-9a55-0d1a1c3e5f01',
  origin: 'KZ-PCU-AKTAU',
  tlp: 'AMBER',
  createdAt: '2026-11-20T09:30:00.000Z',
} as const;
const ORIGINAL = '5f3a6c1e-8d2b-4f0a-b1c9-2e7d4a6b8c90';

describe(subjectOf.name, () => {
  it("gives an alert's and a risk profile's own title", () => {
    const alert = { ...FIELDS, kind: 'ALERT', body: { title: 'Falsified antibiotics via Aktau' } } as Message;
    const profile = {
      ...FIELDS,
      kind: 'RISK_PROFILE',
      body: { title: 'Antibiotics through Caspian ports' },
    } as Message;
    expect(subjectOf(alert)).toBe('Falsified antibiotics via Aktau');
    expect(subjectOf(profile)).toBe('Antibiotics through Caspian ports');
  });

  it('says what a hit and each follow-up are about, not an empty title', () => {
    const hit = {
      ...FIELDS,
      kind: 'HIT',
      body: { identifier: { type: 'CONTAINER', value: 'CSQU3054383' }, alerts: [], windowDays: 90 },
    } as unknown as Message;
    expect(subjectOf(hit)).toBe('hit on CONTAINER CSQU3054383');
    expect(subjectOf({ ...FIELDS, kind: 'WITHDRAWAL', body: { refersTo: ORIGINAL, reason: 'sent in error' } })).toBe(
      `withdraws ${ORIGINAL}`,
    );
    expect(subjectOf({ ...FIELDS, kind: 'AMENDMENT', body: { refersTo: ORIGINAL, version: 2 } } as Message)).toBe(
      `amends ${ORIGINAL} (version 2)`,
    );
    expect(subjectOf({ ...FIELDS, kind: 'FEEDBACK', body: { refersTo: ORIGINAL, outcome: 'SEIZURE' } })).toBe(
      `feedback on ${ORIGINAL}: SEIZURE`,
    );
  });
});
