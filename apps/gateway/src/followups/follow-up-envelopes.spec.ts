import type { Envelope } from '@iren/contracts';
import { changeOf, feedbackOn } from './follow-up-envelopes';

const ORIGINAL: Envelope = {
  id: '7d3f1a52-0c1e-4b8a-9f55-2a6f1d0c9e11',
  kind: 'ALERT',
  origin: 'AZ-PCU-BAKU',
  createdAt: '2026-11-20T09:00:00.000Z',
  tlp: 'AMBER+STRICT',
  handling: 'H3',
  to: { nodes: ['KZ-PCU-AKTAU'], countries: ['UZ'], groups: ['caspian'] },
  operation: 'OP-SILK-2026',
  body: { title: 'v1' } as Envelope['body'],
};
const stamp = { id: 'f1', origin: 'AZ-PCU-BAKU', createdAt: '2026-11-21T00:00:00.000Z' };

describe(changeOf.name, () => {
  it("carries the original's TLP, handling, addressing and operation", () => {
    const withdrawal = changeOf(ORIGINAL, 'WITHDRAWAL', { refersTo: ORIGINAL.id, reason: 'x' }, stamp);
    expect(withdrawal).toEqual({
      ...stamp,
      kind: 'WITHDRAWAL',
      tlp: 'AMBER+STRICT',
      handling: 'H3',
      to: ORIGINAL.to,
      operation: 'OP-SILK-2026',
      body: { refersTo: ORIGINAL.id, reason: 'x' },
    });
    expect(withdrawal.to).not.toBe(ORIGINAL.to);
  });

  it('leaves out handling and operation the original did not have', () => {
    const plain: Envelope = { ...ORIGINAL, handling: undefined, operation: undefined, to: undefined };
    delete plain.handling;
    delete plain.operation;
    const change = changeOf(plain, 'AMENDMENT', { refersTo: ORIGINAL.id, version: 2, body: {} }, stamp);
    expect(change).not.toHaveProperty('handling');
    expect(change).not.toHaveProperty('operation');
    expect(change.to).toEqual({ nodes: [], countries: [], groups: [] });
  });
});

describe(feedbackOn.name, () => {
  it("is RED and addressed to the original's origin alone", () => {
    const feedback = feedbackOn(
      ORIGINAL,
      { refersTo: ORIGINAL.id, outcome: 'NO_ACTION' },
      { ...stamp, origin: 'KZ-PCU-AKTAU' },
    );
    expect(feedback).toMatchObject({
      kind: 'FEEDBACK',
      origin: 'KZ-PCU-AKTAU',
      tlp: 'RED',
      handling: 'H3',
      to: { nodes: ['AZ-PCU-BAKU'], countries: [], groups: [] },
    });
    expect(feedback).not.toHaveProperty('operation');
  });
});
