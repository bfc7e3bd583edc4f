import { valueScale } from './chart-scale';
import { useText } from './i18n';

/** One line or one kind of bar; a null value is a gap (nothing measured in that period). */
export interface ChartSeries {
  name: string;
  values: (number | null)[];
}

export interface ChartProps {
  /** Unique on the page: names the chart's title for assistive technology. */
  id: string;
  title: string;
  /** What each column of values is (a week, a month, a year). */
  labels: string[];
  series: ChartSeries[];
  /** How a value reads in the axis, the table and a point's tooltip. */
  format: (value: number) => string;
  kind: 'bars' | 'lines';
}

// Colours with at least 3:1 contrast on white (WCAG 1.4.11 for graphics), told apart without hue
// too: the legend and the table name each series.
const COLOURS = ['#1f5fa8', '#b3541e', '#2e7d32', '#6a3d9a', '#8a6d00', '#c2185b', '#00707a', '#5d4037'];
const WIDTH = 640;
const HEIGHT = 220;
const LEFT = 64;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 30;

/**
 * A bar or line chart over time in SVG, with no chart library: the picture is labelled as an image
 * with its title, and the same figures follow as a table for anyone who cannot see it.
 */
export function Chart({ id, title, labels, series, format, kind }: ChartProps) {
  const tx = useText();
  const scale = valueScale(series.flatMap((s) => s.values));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const column = plotWidth / Math.max(labels.length, 1);
  const y = (value: number) => TOP + plotHeight - (value / scale.max) * plotHeight;
  const every = Math.ceil(labels.length / 8); // at most 8 labels under the axis, so they never overlap
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title`} focusable="false">
        <title>{title}</title>
        {scale.ticks.map((tick) => (
          <g key={tick}>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(tick)} y2={y(tick)} stroke="#d0d4da" stroke-width="1" />
            <text x={LEFT - 6} y={y(tick) + 4} text-anchor="end" font-size="11" fill="#3b4350">
              {format(tick)}
            </text>
          </g>
        ))}
        {labels.map((label, i) =>
          i % every === 0 ? (
            <text
              key={label}
              x={LEFT + column * (i + 0.5)}
              y={HEIGHT - 10}
              text-anchor="middle"
              font-size="11"
              fill="#3b4350"
            >
              {label}
            </text>
          ) : null,
        )}
        {kind === 'bars' ? (
          <Bars series={series} labels={labels} column={column} y={y} format={format} />
        ) : (
          <Lines series={series} labels={labels} column={column} y={y} format={format} />
        )}
      </svg>
      {series.length > 1 && (
        <ul class="legend">
          {series.map((s, i) => (
            <li key={s.name}>
              <svg width="12" height="12" aria-hidden="true" focusable="false">
                <rect width="12" height="12" fill={COLOURS[i % COLOURS.length]} />
              </svg>{' '}
              {s.name}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>{tx('chart.table')}</summary>
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{tx('chart.period')}</th>
              {series.map((s) => (
                <th key={s.name} scope="col">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td key={s.name}>{s.values[i] === null ? '—' : format(s.values[i]!)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

interface PlotProps {
  series: ChartSeries[];
  labels: string[];
  column: number;
  y: (value: number) => number;
  format: (value: number) => string;
}

function Bars({ series, labels, column, y, format }: PlotProps) {
  // Bars of a few columns stay slim: a single year must not fill the whole plot.
  const width = Math.min((column * 0.8) / Math.max(series.length, 1), 40);
  const offset = (column - width * series.length) / 2;
  return (
    <g>
      {series.map((s, k) =>
        s.values.map((value, i) =>
          value === null || value === 0 ? null : (
            <rect
              key={`${s.name}-${i}`}
              x={LEFT + column * i + offset + width * k}
              y={y(value)}
              width={Math.max(width - 1, 1)}
              height={y(0) - y(value)}
              fill={COLOURS[k % COLOURS.length]}
            >
              <title>{`${labels[i]} · ${s.name}: ${format(value)}`}</title>
            </rect>
          ),
        ),
      )}
    </g>
  );
}

function Lines({ series, labels, column, y, format }: PlotProps) {
  const x = (i: number) => LEFT + column * (i + 0.5);
  return (
    <g>
      {series.map((s, k) => {
        const colour = COLOURS[k % COLOURS.length];
        // A gap (null) breaks the line: nothing measured is not zero.
        const runs: number[][] = [[]];
        s.values.forEach((value, i) => (value === null ? runs.push([]) : runs[runs.length - 1].push(i)));
        return (
          <g key={s.name}>
            {runs
              .filter((run) => run.length > 1)
              .map((run) => (
                <polyline
                  key={run[0]}
                  points={run.map((i) => `${x(i)},${y(s.values[i]!)}`).join(' ')}
                  fill="none"
                  stroke={colour}
                  stroke-width="2"
                />
              ))}
            {s.values.map((value, i) =>
              value === null ? null : (
                <circle key={i} cx={x(i)} cy={y(value)} r="3.5" fill={colour}>
                  <title>{`${labels[i]} · ${s.name}: ${format(value)}`}</title>
                </circle>
              ),
            )}
          </g>
        );
      })}
    </g>
  );
}
