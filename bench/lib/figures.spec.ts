import { benchArgs } from './emit';
import { against, figureOf, formatValue, markdownTable, percentile } from './figures';

describe('figures', () => {
  it('takes the median and the spread of the runs', () => {
    expect(figureOf('ceiling', 'publish', 'msgs/s', [30, 10, 20])).toEqual({
      bench: 'ceiling',
      case: 'publish',
      unit: 'msgs/s',
      median: 20,
      min: 10,
      max: 30,
      runs: 3,
    });
    expect(figureOf('b', 'c', 'ms', [4, 1, 3, 2]).median).toBe(2.5);
    expect(() => figureOf('b', 'c', 'ms', [])).toThrow('no runs');
  });

  it('compares medians as a ratio to the baseline', () => {
    const baseline = figureOf('ceiling', 'consume', 'msgs/s', [1000]);
    expect(against(figureOf('pipeline', 'stored', 'alerts/s', [250]), baseline).baseline).toEqual({
      bench: 'ceiling',
      case: 'consume',
      ratio: 0.25,
    });
  });

  it('counts an undelivered message (infinitely late) in the high percentiles', () => {
    const sorted = [...Array.from({ length: 99 }, (_, i) => i + 1), Number.POSITIVE_INFINITY];
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(Number.POSITIVE_INFINITY);
  });

  it('formats values with few significant digits', () => {
    expect(formatValue(12345.6)).toBe('12,346');
    expect(formatValue(42.345)).toBe('42.3');
    expect(formatValue(0.2071)).toBe('0.207');
    expect(formatValue(Number.POSITIVE_INFINITY)).toBe('Infinity');
  });

  it('prints a markdown table, pipes in text escaped, the spread only for several runs', () => {
    const one = figureOf('memory', 'gateway | idle', 'MiB', [80]);
    const several = against(figureOf('pipeline', 'stored', 'alerts/s', [90, 110, 100], 'target 0.2'), {
      ...figureOf('ceiling', 'consume', 'msgs/s', [1000]),
    });
    const lines = markdownTable([one, several]).split('\n');
    expect(lines[0]).toBe('| bench | case | median | spread (min–max) | unit | runs | vs baseline | note |');
    expect(lines[2]).toBe('| memory | gateway \\| idle | 80 |  | MiB | 1 |  |  |');
    expect(lines[3]).toBe('| pipeline | stored | 100 | 90–110 | alerts/s | 3 | 0.1 × ceiling / consume | target 0.2 |');
  });
});

describe('benchArgs', () => {
  it('takes the quick default in quick mode, the full one otherwise, and an explicit value over both', () => {
    expect(benchArgs(['--quick']).number('runs', 5, 2)).toBe(2);
    expect(benchArgs([]).number('runs', 5, 2)).toBe(5);
    expect(benchArgs(['--quick', '--runs=7']).number('runs', 5, 2)).toBe(7);
    expect(benchArgs(['--rates=50,200']).numbers('rates', [1])).toEqual([50, 200]);
    expect(benchArgs(['--quick']).quick).toBe(true);
    expect(() => benchArgs(['--runs=x']).number('runs', 5)).toThrow('--runs=x');
  });
});
