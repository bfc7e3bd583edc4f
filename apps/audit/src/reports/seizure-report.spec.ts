import fc from 'fast-check';
import type { SeizureLineRow } from './reports.repository';
import { kilogramsOf } from './kilograms';
import { buildSeizureReport } from './seizure-report';

const line = (overrides: Partial<SeizureLineRow>): SeizureLineRow => ({
  year: 2022,
  country: 'KZ',
  messageId: 'a1',
  category: 'IPR',
  pieces: null,
  kilograms: null,
  ...overrides,
});

/** A gram amount written the way a feedback may give it: 3 decimals, or trailing zeros left out (`1.5`, `12`). */
const asDecimal = (grams: bigint, trimmed: boolean): string => {
  const text = `${grams / 1000n}.${(grams % 1000n).toString().padStart(3, '0')}`;
  return trimmed ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
};

const LINES = [
  line({ messageId: 'a1', pieces: 1200, kilograms: '0.001' }),
  line({ messageId: 'a2', kilograms: '266.282' }),
  line({ messageId: 'a2', country: 'AZ', pieces: 5 }),
  line({ messageId: 'a3', category: 'CIGARETTES', pieces: 400000, kilograms: '1.5' }),
  line({ messageId: 'a4', year: 2023, kilograms: '1.500' }),
];

describe(buildSeizureReport.name, () => {
  it('adds kilograms to the gram and counts each alert once per category', () => {
    const report = buildSeizureReport({ year: 2022 }, LINES.slice(0, 4));
    expect(report.year).toBe(2022);
    expect(report.totals).toEqual([
      { category: 'CIGARETTES', pieces: 400000, kilograms: '1.500', alerts: 1 },
      { category: 'IPR', pieces: 1205, kilograms: '266.283', alerts: 2 },
    ]);
    expect(report.countries).toEqual([
      { country: 'AZ', totals: [{ category: 'IPR', pieces: 5, kilograms: '0.000', alerts: 1 }] },
      {
        country: 'KZ',
        totals: [
          { category: 'CIGARETTES', pieces: 400000, kilograms: '1.500', alerts: 1 },
          { category: 'IPR', pieces: 1200, kilograms: '266.283', alerts: 2 },
        ],
      },
    ]);
    expect(report).not.toHaveProperty('years');
  });

  it('breaks all years down by year, and names the filters it was given', () => {
    const report = buildSeizureReport({ country: 'KZ', category: 'IPR' }, LINES);
    expect(report).toMatchObject({ year: null, country: 'KZ', category: 'IPR' });
    expect(report).not.toHaveProperty('countries');
    expect(report.years).toEqual([
      { year: 2022, totals: expect.any(Array) },
      { year: 2023, totals: [{ category: 'IPR', pieces: 0, kilograms: '1.500', alerts: 1 }] },
    ]);
  });

  it('adds decimals exactly where binary floats do not', () => {
    expect(0.001 + 266.282).not.toBe(266.283);
    const lines = [line({ kilograms: '0.1' }), line({ kilograms: '0.2' }), line({ kilograms: '0.001' })];
    expect(buildSeizureReport({}, lines).totals[0].kilograms).toBe('0.301');
  });

  it('totals random gram amounts, written as decimals, to their integer sum', () => {
    const amount = fc.record({ grams: fc.bigInt({ min: 0n, max: 999_999_999_999_999n }), trimmed: fc.boolean() });
    fc.assert(
      fc.property(fc.array(amount, { minLength: 1, maxLength: 60 }), (amounts) => {
        const lines = amounts.map((a, i) => line({ messageId: `a${i % 7}`, kilograms: asDecimal(a.grams, a.trimmed) }));
        const sum = amounts.reduce((total, a) => total + a.grams, 0n);
        expect(buildSeizureReport({}, lines).totals).toEqual([
          { category: 'IPR', pieces: 0, kilograms: kilogramsOf(sum), alerts: Math.min(amounts.length, 7) },
        ]);
      }),
    );
  });

  it('skips a line whose amounts are not exact instead of rounding them', () => {
    const report = buildSeizureReport({}, [
      line({ kilograms: '1e3' }),
      line({ kilograms: 0.1 }),
      line({ pieces: 1.5 }),
      line({ pieces: '7' }),
      line({ pieces: -1 }),
      line({ pieces: 2 }),
    ]);
    expect(report.totals).toEqual([{ category: 'IPR', pieces: 2, kilograms: '0.000', alerts: 1 }]);
  });

  it('answers empty totals when nothing was seized', () => {
    expect(buildSeizureReport({ year: 2030 }, [])).toEqual({ year: 2030, totals: [], countries: [] });
  });
});
