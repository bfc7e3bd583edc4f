import { publishedClassification } from './published-classification';

describe(publishedClassification.name, () => {
  it('keeps an alert’s category, risk level and feedback deadline', () => {
    expect(
      publishedClassification('ALERT', {
        category: 'IPR',
        riskLevel: 'HIGH',
        feedbackDueBy: '2026-12-10T00:00:00Z',
        title: 'secret',
      }),
    ).toEqual({ category: 'IPR', riskLevel: 'HIGH', feedbackDueBy: '2026-12-10T00:00:00.000Z' });
  });

  it('keeps a risk profile’s category and level, never a deadline', () => {
    expect(
      publishedClassification('RISK_PROFILE', { category: 'DRUGS', feedbackDueBy: '2026-12-10T00:00:00Z' }),
    ).toEqual({ category: 'DRUGS' });
  });

  it('leaves out values outside the vocabulary and classifies no follow-up', () => {
    expect(publishedClassification('ALERT', { category: 'secret', riskLevel: 7, feedbackDueBy: 'soon' })).toEqual({});
    expect(publishedClassification('ALERT', null)).toEqual({});
    expect(publishedClassification('FEEDBACK', { category: 'IPR' })).toEqual({});
  });
});
