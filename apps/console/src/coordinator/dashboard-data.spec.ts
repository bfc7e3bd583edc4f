import { durationUnit, valueScale } from './chart-scale';
import { type ExchangeReport, exchangeSeries, feedbackByCountry } from './exchange-series';
import { type NodeSummary, nodesByCountry, portNames } from './network';
import { recentPeriods } from './periods';
import { addKilograms, kilogramsOf, seizureCategories, type SeizureReport, seizureRows } from './seizures';

const figures = (sent: number, requested: number, given: number, overdue: number, median: number | null = null) => ({
  sent: { total: sent, byKind: {}, byCategory: {} },
  received: { total: sent * 2, byKind: {}, byCategory: {} },
  timeToRead: { count: median === null ? 0 : 1, medianSeconds: median, p90Seconds: median },
  timeToAcknowledge: { count: 0, medianSeconds: null, p90Seconds: null },
  feedback: { requested, given, rate: null, overdue },
  rejected: { total: 0, byReason: {} },
});

describe(recentPeriods.name, () => {
  // The spec runs in the machine's time zone; midnights are compared as local dates.
  const local = (iso: string) => {
    const d = new Date(iso);
    return [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes()];
  };

  it('gives the last months, the current one included, oldest first, back to back', () => {
    const periods = recentPeriods('month', 3, new Date(2026, 0, 15, 10));
    expect(periods.map((p) => local(p.from))).toEqual([
      [2025, 11, 1, 0, 0],
      [2025, 12, 1, 0, 0],
      [2026, 1, 1, 0, 0],
    ]);
    expect(local(periods[2].to)).toEqual([2026, 2, 1, 0, 0]);
    for (let i = 1; i < periods.length; i++) expect(periods[i].from).toBe(periods[i - 1].to);
  });

  it('gives weeks from Monday to Monday', () => {
    const sunday = new Date(2026, 10, 29, 23, 59);
    const periods = recentPeriods('week', 2, sunday);
    expect(periods.map((p) => local(p.from))).toEqual([
      [2026, 11, 16, 0, 0],
      [2026, 11, 23, 0, 0],
    ]);
    expect(local(periods[1].to)).toEqual([2026, 11, 30, 0, 0]);
    expect(local(recentPeriods('week', 1, new Date(2026, 10, 30, 0, 0))[0].from)).toEqual([2026, 11, 30, 0, 0]);
  });

  it('refuses a count that is not a whole number from 1', () => {
    expect(() => recentPeriods('week', 0)).toThrow(/count/);
    expect(() => recentPeriods('month', 1.5)).toThrow(/count/);
  });
});

describe(exchangeSeries.name, () => {
  const periods = recentPeriods('month', 2, new Date(2026, 5, 1));
  const report = (network: ReturnType<typeof figures>): ExchangeReport => ({
    from: null,
    to: null,
    network,
    countries: [],
  });

  it('takes the network figures of each period, feedback as a percentage', () => {
    const points = exchangeSeries(periods, [report(figures(4, 3, 2, 1, 30.5)), report(figures(0, 0, 0, 0))]);
    expect(points[0]).toMatchObject({ sent: 4, received: 8, readSeconds: 30.5, feedbackPercent: 66.7, overdue: 1 });
    expect(points[1]).toMatchObject({ sent: 0, readSeconds: null, feedbackPercent: null, from: periods[1].from });
  });

  it('refuses reports that do not match the periods', () => {
    expect(() => exchangeSeries(periods, [report(figures(1, 0, 0, 0))])).toThrow(/2 periods but 1 reports/);
  });
});

describe(feedbackByCountry.name, () => {
  it('lists the most overdue countries first', () => {
    const rows = feedbackByCountry({
      from: null,
      to: null,
      network: figures(0, 0, 0, 0),
      countries: [
        { country: 'AZ', nodes: [], ...figures(1, 4, 4, 0) },
        { country: 'KZ', nodes: [], ...figures(2, 4, 1, 3) },
        { country: 'UZ', nodes: [], ...figures(1, 0, 0, 0) },
      ],
    });
    expect(rows.map((r) => [r.country, r.percent, r.overdue])).toEqual([
      ['KZ', 25, 3],
      ['AZ', 100, 0],
      ['UZ', null, 0],
    ]);
  });
});

describe('seizure table', () => {
  const report: SeizureReport = {
    year: null,
    totals: [],
    years: [
      { year: 2022, totals: [{ category: 'IPR', pieces: 1200, kilograms: '3.250', alerts: 1 }] },
      {
        year: 2026,
        totals: [
          { category: 'WILDLIFE', pieces: 0, kilograms: '12.005', alerts: 1 },
          { category: 'DRUGS', pieces: 0, kilograms: '0.100', alerts: 2 },
        ],
      },
    ],
  };

  it('lists years newest first and categories by code, kilograms exact', () => {
    expect(seizureRows(report).map((r) => [r.year, r.category, r.kilograms])).toEqual([
      [2026, 'DRUGS', '0.100'],
      [2026, 'WILDLIFE', '12.005'],
      [2022, 'IPR', '3.250'],
    ]);
    expect(seizureCategories(report)).toEqual(['DRUGS', 'IPR', 'WILDLIFE']);
    expect(kilogramsOf(report, 2026, 'WILDLIFE')).toBe(12.005);
    expect(kilogramsOf(report, 2022, 'DRUGS')).toBe(0);
  });

  it('shows one year asked for without a breakdown', () => {
    const rows = seizureRows({ year: 2022, totals: [{ category: 'IPR', pieces: 5, kilograms: '1.000', alerts: 1 }] });
    expect(rows).toEqual([{ year: 2022, category: 'IPR', pieces: 5, kilograms: '1.000', alerts: 1 }]);
  });

  it('adds kilograms exactly', () => {
    expect(addKilograms(['0.1', '0.2'])).toBe('0.300');
    expect(addKilograms(['266.283', '9007199254740.993', '1'])).toBe('9007199255008.276');
    expect(addKilograms([])).toBe('0.000');
    expect(() => addKilograms(['1.2345'])).toThrow(/1.2345/);
  });
});

describe(nodesByCountry.name, () => {
  it('groups by country and type, counting active and suspended nodes', () => {
    const node = (id: string, type: NodeSummary['type'], status: NodeSummary['status'] = 'ACTIVE') => ({
      id,
      type,
      country: id.slice(0, 2),
      name: id,
      locodes: [],
      places: [],
      status,
    });
    const groups = nodesByCountry([
      node('KZ-PCU-AKTAU', 'PCU'),
      node('AZ-PCU-BAKU', 'PCU', 'SUSPENDED'),
      node('KZ-HQ-ASTANA', 'HQ'),
      node('KZ-ACCU-ALA', 'ACCU', 'SUSPENDED'),
    ]);
    expect(groups.map((g) => [g.country, g.active, g.suspended])).toEqual([
      ['AZ', 0, 1],
      ['KZ', 2, 1],
    ]);
    expect(groups[1].byType.map((t) => t.type)).toEqual(['HQ', 'PCU', 'ACCU']);
  });
});

describe(valueScale.name, () => {
  it.each([
    [[7, 3], 8, [0, 2, 4, 6, 8]],
    [[0.3], 0.3, [0, 0.1, 0.2, 0.3]],
    [[1234], 1250, [0, 250, 500, 750, 1000, 1250]],
    [[100], 100, [0, 20, 40, 60, 80, 100]],
  ])('scales %j to %d', (values, max, ticks) => {
    expect(valueScale(values)).toEqual({ max, ticks });
  });

  it('gives an axis to 1 when there is nothing to draw', () => {
    expect(valueScale([])).toEqual({ max: 1, ticks: [0, 1] });
    expect(valueScale([0, null])).toEqual({ max: 1, ticks: [0, 1] });
  });
});

describe(durationUnit.name, () => {
  it.each([
    [[30, null], 'seconds', 1],
    [[150, 60], 'minutes', 60],
    [[7200], 'hours', 3600],
    [[3 * 86_400, 10], 'days', 86_400],
    [[], 'seconds', 1],
  ])('reads %j in %s', (values, unit, divisor) => {
    expect(durationUnit(values)).toEqual({ unit, divisor });
  });
});

describe(portNames.name, () => {
  it('names each locode the registry named, and leaves the others as codes', () => {
    const node: NodeSummary = {
      id: 'KZ-PCU-AKTAU',
      type: 'PCU',
      country: 'KZ',
      name: 'Aktau PCU',
      status: 'ACTIVE',
      locodes: ['KZAAU', 'KZZZZ'],
      places: [
        { locode: 'KZAAU', name: 'Aktau' },
        { locode: 'KZZZZ', name: null },
      ],
    };
    expect(portNames(node)).toEqual(['Aktau (KZAAU)', 'KZZZZ']);
  });
});
