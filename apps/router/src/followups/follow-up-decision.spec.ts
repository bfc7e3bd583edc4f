import { randomUUID } from 'node:crypto';
import type { Envelope, MessageKind } from '@iren/contracts';
import { followUpDecision, type OriginalRecord } from './follow-up-decision';

const ORIGINAL_ID = '7d3f1a52-0c1e-4b8a-9f55-2a6f1d0c9e11';
const original: OriginalRecord = {
  origin: 'AZ-PCU-BAKU',
  kind: 'ALERT',
  recipients: [
    { node: 'KZ-HQ-ASTANA', reasons: ['filter:0'] },
    { node: 'KZ-PCU-AKTAU', reasons: ['addressed:node'] },
  ],
};
const alertBody = {
  category: 'IPR',
  riskLevel: 'HIGH',
  mode: 'SEA',
  title: 'Counterfeit perfume',
  summary: '',
  lang: 'en',
  itinerary: [{ locode: 'KZAAU', role: 'DISCHARGE' }],
  requestedAction: 'EXAMINE',
};

function followUp(kind: MessageKind, origin: string, body: object): Envelope<unknown> {
  return { id: randomUUID(), kind, origin, createdAt: new Date().toISOString(), tlp: 'AMBER', body };
}
const everyoneActive = () => true;
const nodesOf = (decision: ReturnType<typeof followUpDecision>) =>
  'recipients' in decision ? decision.recipients.map((r) => r.node) : decision;

describe(followUpDecision.name, () => {
  it.each<[MessageKind, object]>([
    ['WITHDRAWAL', { refersTo: ORIGINAL_ID, reason: 'false alarm' }],
    ['AMENDMENT', { refersTo: ORIGINAL_ID, version: 2, body: alertBody }],
  ])("sends a %s from the origin to exactly the original's recorded recipients", (kind, body) => {
    const decision = followUpDecision(followUp(kind, 'AZ-PCU-BAKU', body), original, everyoneActive);
    expect(decision).toEqual({
      recipients: [
        { node: 'KZ-HQ-ASTANA', reasons: [`recipient-of:${ORIGINAL_ID}`] },
        { node: 'KZ-PCU-AKTAU', reasons: [`recipient-of:${ORIGINAL_ID}`] },
      ],
    });
  });

  it('leaves out recorded recipients that are not ACTIVE now', () => {
    const withdrawal = followUp('WITHDRAWAL', 'AZ-PCU-BAKU', { refersTo: ORIGINAL_ID, reason: 'x' });
    expect(nodesOf(followUpDecision(withdrawal, original, (n) => n !== 'KZ-PCU-AKTAU'))).toEqual(['KZ-HQ-ASTANA']);
  });

  it.each<MessageKind>(['WITHDRAWAL', 'AMENDMENT'])('refuses a %s from a node that is not the origin', (kind) => {
    const body = { refersTo: ORIGINAL_ID, reason: 'x', version: 2, body: alertBody };
    const decision = followUpDecision(followUp(kind, 'KZ-PCU-AKTAU', body), original, everyoneActive);
    expect(decision).toEqual({
      refusal: { reason: 'not_the_origin', detail: expect.stringContaining('KZ-PCU-AKTAU') },
    });
  });

  it("refuses an amendment whose new body breaks the original kind's rules", () => {
    const body = { refersTo: ORIGINAL_ID, version: 2, body: { ...alertBody, title: '' } };
    const decision = followUpDecision(followUp('AMENDMENT', 'AZ-PCU-BAKU', body), original, everyoneActive);
    expect(decision).toEqual({
      refusal: { reason: 'invalid_amendment', detail: expect.stringContaining('body.title') },
    });
  });

  it('sends feedback from a recorded recipient to the origin only', () => {
    const feedback = followUp('FEEDBACK', 'KZ-PCU-AKTAU', { refersTo: ORIGINAL_ID, outcome: 'NO_ACTION' });
    expect(followUpDecision(feedback, original, everyoneActive)).toEqual({
      recipients: [{ node: 'AZ-PCU-BAKU', reasons: [`origin-of:${ORIGINAL_ID}`] }],
    });
    expect(nodesOf(followUpDecision(feedback, original, (n) => n !== 'AZ-PCU-BAKU'))).toEqual([]);
  });

  it('refuses feedback from a node that did not receive the original, the origin included', () => {
    for (const sender of ['GE-PCU-POTI', 'AZ-PCU-BAKU']) {
      const feedback = followUp('FEEDBACK', sender, { refersTo: ORIGINAL_ID, outcome: 'NO_ACTION' });
      expect(followUpDecision(feedback, original, everyoneActive)).toMatchObject({
        refusal: { reason: 'not_a_recipient' },
      });
    }
  });

  it('waits for an original it has no record of', () => {
    const withdrawal = followUp('WITHDRAWAL', 'AZ-PCU-BAKU', { refersTo: ORIGINAL_ID, reason: 'x' });
    expect(followUpDecision(withdrawal, null, everyoneActive)).toEqual({ waitForOriginal: ORIGINAL_ID });
  });

  it.each<MessageKind>(['WITHDRAWAL', 'FEEDBACK', 'HIT'])('refuses a follow-up of a %s', (kind) => {
    const withdrawal = followUp('WITHDRAWAL', 'AZ-PCU-BAKU', { refersTo: ORIGINAL_ID, reason: 'x' });
    expect(followUpDecision(withdrawal, { ...original, kind }, everyoneActive)).toMatchObject({
      refusal: { reason: 'invalid_follow_up' },
    });
  });
});
