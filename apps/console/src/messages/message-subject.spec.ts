import { type Dictionary, en as english } from '../i18n/en';
import { ru as russian } from '../i18n/ru';
import type { I18n } from '../i18n';
import type { Envelope } from '../views';
import { subjectOf } from './message-subject';

/** The texts and code names of `makeI18n` (whose module, TSX, jest does not load), from the same dictionaries. */
function makeI18n(lang: 'en' | 'ru'): Pick<I18n, 't' | 'code'> {
  const dictionary: Dictionary = lang === 'ru' ? russian : english;
  return {
    t: (key, params = {}) => dictionary.texts[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name])),
    code: (list, value) => (dictionary.codes[list] as Record<string, string>)[value] ?? value,
  };
}

const FIELDS = {
  id: '0b7c2f7e-3a52-4d1e-9a55-0d1a1c3e5f01',
  origin: 'KZ-PCU-AKTAU',
  tlp: 'AMBER',
  createdAt: '2026-11-20T09:30:00.000Z',
} as const;
const ORIGINAL = '5f3a6c1e-8d2b-4f0a-b1c9-2e7d4a6b8c90';
const hit = {
  ...FIELDS,
  kind: 'HIT',
  body: { identifier: { type: 'CONTAINER', value: 'CSQU3054383' }, alerts: [], windowDays: 90 },
} as unknown as Envelope;

describe(subjectOf.name, () => {
  it("gives an alert's and a risk profile's own title, in any language", () => {
    const alert = { ...FIELDS, kind: 'ALERT', body: { title: 'Falsified antibiotics via Aktau' } } as Envelope;
    const profile = { ...FIELDS, kind: 'RISK_PROFILE', body: { title: 'Antibiotics by sea' } } as Envelope;
    expect(subjectOf(alert, makeI18n('ru'))).toBe('Falsified antibiotics via Aktau');
    expect(subjectOf(profile, makeI18n('en'))).toBe('Antibiotics by sea');
  });

  it('says what a hit and each follow-up are about, in the reader’s language', () => {
    const en = makeI18n('en');
    expect(subjectOf(hit, en)).toBe('Hit: CSQU3054383 named in alerts of two nodes');
    expect(subjectOf(hit, makeI18n('ru'))).toBe('Совпадение: CSQU3054383 в ориентировках двух узлов');
    expect(
      subjectOf({ ...FIELDS, kind: 'WITHDRAWAL', body: { refersTo: ORIGINAL, reason: 'sent in error' } }, en),
    ).toBe(`Withdrawal of message ${ORIGINAL}`);
    expect(subjectOf({ ...FIELDS, kind: 'AMENDMENT', body: { refersTo: ORIGINAL, version: 2 } } as Envelope, en)).toBe(
      `Amendment of message ${ORIGINAL} (version 2)`,
    );
    const feedback = { ...FIELDS, kind: 'FEEDBACK', body: { refersTo: ORIGINAL, outcome: 'SEIZURE' } } as const;
    expect(subjectOf(feedback, en)).toBe(`Feedback on message ${ORIGINAL}: ${en.code('outcome', 'SEIZURE')}`);
  });
});
