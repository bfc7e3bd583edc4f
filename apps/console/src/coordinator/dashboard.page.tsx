import { ok } from '@iren/client';
import { useMemo, useState } from 'preact/hooks';
import { ErrorNote } from '../components/error-note';
import { useI18n } from '../i18n';
import type { PageProps } from '../page';
import { durationUnit } from './chart-scale';
import { Chart } from './charts';
import { type ExchangeReport, exchangeSeries, feedbackByCountry } from './exchange-series';
import { useCountryName, useText } from './i18n';
import { nodesByCountry, portNames } from './network';
import { type PeriodUnit, recentPeriods } from './periods';
import { SeizuresCard } from './seizures-card';
import { inTurns, useLoad } from './use-load';

const PERIODS = 12;

/** The coordinator's view of the network: its members, its exchanges over time, its seizures. */
export function DashboardPage({ session }: PageProps) {
  const tx = useText();
  return (
    <section aria-labelledby="dashboard-title" class="dashboard">
      <div class="page-head">
        <h1 id="dashboard-title">{tx('dashboard.title')}</h1>
      </div>
      <NetworkCard api={session.api} />
      <ExchangeCard api={session.api} />
      <SeizuresCard api={session.api} />
    </section>
  );
}

type Api = PageProps['session']['api'];

function NetworkCard({ api }: { api: Api }) {
  const tx = useText();
  const { t, code } = useI18n();
  const countryName = useCountryName();
  const nodes = useLoad((signal) => ok(api.client.GET('/api/v1/nodes', { signal })), [api]);
  const countries = useMemo(() => nodesByCountry(nodes.data ?? []), [nodes.data]);
  return (
    <section class="card" aria-labelledby="network-title">
      <h2 id="network-title">{tx('network.title')}</h2>
      {nodes.error != null && <ErrorNote error={nodes.error} />}
      {nodes.loading && !nodes.data && <p>{t('common.loading')}</p>}
      {nodes.data && (
        <table data-testid="network">
          <caption class="visually-hidden">{tx('network.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{tx('network.country')}</th>
              <th scope="col">{tx('network.type')}</th>
              <th scope="col">{tx('network.node')}</th>
              <th scope="col">{tx('network.ports')}</th>
              <th scope="col">{tx('network.status')}</th>
            </tr>
          </thead>
          {countries.map((country) => (
            <tbody key={country.country}>
              {country.byType.flatMap(({ type, nodes: members }, t) =>
                members.map((node, i) => (
                  <tr key={node.id} data-node={node.id}>
                    {t === 0 && i === 0 ? (
                      <th scope="rowgroup" rowSpan={country.byType.reduce((n, group) => n + group.nodes.length, 0)}>
                        {countryName(country.country)}
                        <div class="sub">
                          {tx('network.counts', { active: country.active, suspended: country.suspended })}
                        </div>
                      </th>
                    ) : null}
                    <td>{code('nodeType', type)}</td>
                    <td>
                      {node.name}
                      <div class="sub">{node.id}</div>
                    </td>
                    <td>{portNames(node).join(', ') || '—'}</td>
                    <td>
                      <span class={`status status-${node.status.toLowerCase()}`}>
                        {code('nodeStatus', node.status)}
                      </span>
                    </td>
                  </tr>
                )),
              )}
            </tbody>
          ))}
        </table>
      )}
    </section>
  );
}

function ExchangeCard({ api }: { api: Api }) {
  const tx = useText();
  const { t, lang, number } = useI18n();
  const [unit, setUnit] = useState<PeriodUnit>('month');
  const periods = useMemo(() => recentPeriods(unit, PERIODS), [unit]);
  const loaded = useLoad(
    async (signal) => {
      const report = (from: string, to: string) =>
        ok(api.client.GET('/api/v1/reports/exchange', { params: { query: { from, to } }, signal }));
      // One report per period, a few at a time, and one over the whole range for the totals.
      const [whole, ...each] = await inTurns(
        [() => report(periods[0].from, periods[PERIODS - 1].to), ...periods.map((p) => () => report(p.from, p.to))],
        3,
      );
      return { unit, whole, points: exchangeSeries(periods, each) };
    },
    [api, periods],
  );
  const points = loaded.data?.points ?? [];
  // Labels from the data's own periods: while another range loads, the charts keep what they show.
  const labels = useMemo(() => {
    const shown = loaded.data?.unit ?? unit;
    const format = new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
      ...(shown === 'month' ? { month: 'short', year: '2-digit' } : { day: 'numeric', month: 'short' }),
    });
    return points.map((p) => format.format(new Date(p.from)));
  }, [points, lang, loaded.data?.unit, unit]);
  const durations = durationUnit(points.flatMap((p) => [p.readSeconds, p.acknowledgeSeconds]));
  const inUnit = (seconds: number | null) => (seconds === null ? null : seconds / durations.divisor);
  const network = loaded.data?.whole.network;
  const median = (seconds: number | null | undefined) =>
    seconds == null
      ? '—'
      : tx(`unit.${durationUnit([seconds]).unit}`, {
          n: roundForReading(seconds / durationUnit([seconds]).divisor, number),
        });
  return (
    <section class="card" aria-labelledby="exchange-title">
      <div class="page-head">
        <h2 id="exchange-title">{tx('exchange.title')}</h2>
        <label>
          {tx('exchange.period')}{' '}
          <select value={unit} onChange={(event) => setUnit(event.currentTarget.value as PeriodUnit)}>
            <option value="month">{tx('exchange.months', { n: PERIODS })}</option>
            <option value="week">{tx('exchange.weeks', { n: PERIODS })}</option>
          </select>
        </label>
      </div>
      {loaded.error != null && <ErrorNote error={loaded.error} />}
      {loaded.loading && <p role="status">{t('common.loading')}</p>}
      {network && (
        <dl class="facts figures" data-testid="exchange-totals">
          <dt>{tx('exchange.sent')}</dt>
          <dd>{number(network.sent.total)}</dd>
          <dt>{tx('exchange.received')}</dt>
          <dd>{number(network.received.total)}</dd>
          <dt>{tx('exchange.readMedian')}</dt>
          <dd>{median(network.timeToRead.medianSeconds)}</dd>
          <dt>{tx('exchange.ackMedian')}</dt>
          <dd>{median(network.timeToAcknowledge.medianSeconds)}</dd>
          <dt>{tx('exchange.feedbackRate')}</dt>
          <dd>
            {network.feedback.rate === null
              ? '—'
              : tx('exchange.rateOf', {
                  percent: number(Math.round(network.feedback.rate * 1000) / 10),
                  given: number(network.feedback.given),
                  requested: number(network.feedback.requested),
                })}
          </dd>
          <dt>{tx('exchange.overdue')}</dt>
          <dd>{number(network.feedback.overdue)}</dd>
        </dl>
      )}
      {loaded.data && (
        <div class="charts">
          <Chart
            id="chart-messages"
            kind="bars"
            title={tx('exchange.chart.messages')}
            labels={labels}
            format={number}
            series={[
              { name: tx('exchange.sent'), values: points.map((p) => p.sent) },
              { name: tx('exchange.received'), values: points.map((p) => p.received) },
            ]}
          />
          <Chart
            id="chart-times"
            kind="lines"
            title={tx('exchange.chart.times', { unit: tx(`unitName.${durations.unit}`) })}
            labels={labels}
            format={(v) => roundForReading(v, number)}
            series={[
              { name: tx('exchange.readMedian'), values: points.map((p) => inUnit(p.readSeconds)) },
              { name: tx('exchange.ackMedian'), values: points.map((p) => inUnit(p.acknowledgeSeconds)) },
            ]}
          />
          <Chart
            id="chart-feedback"
            kind="lines"
            title={tx('exchange.chart.feedback')}
            labels={labels}
            format={(v) => `${number(v)} %`}
            series={[{ name: tx('exchange.feedbackRate'), values: points.map((p) => p.feedbackPercent) }]}
          />
          <Chart
            id="chart-overdue"
            kind="bars"
            title={tx('exchange.chart.overdue')}
            labels={labels}
            format={number}
            series={[{ name: tx('exchange.overdue'), values: points.map((p) => p.overdue) }]}
          />
        </div>
      )}
      {loaded.data && <FeedbackTable report={loaded.data.whole} />}
    </section>
  );
}

function FeedbackTable({ report }: { report: ExchangeReport }) {
  const tx = useText();
  const { number } = useI18n();
  const countryName = useCountryName();
  const rows = feedbackByCountry(report);
  if (rows.length === 0) return <p>{tx('exchange.none')}</p>;
  return (
    <table data-testid="feedback-by-country">
      <caption>{tx('feedback.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{tx('network.country')}</th>
          <th scope="col">{tx('exchange.sent')}</th>
          <th scope="col">{tx('exchange.received')}</th>
          <th scope="col">{tx('feedback.requested')}</th>
          <th scope="col">{tx('feedback.given')}</th>
          <th scope="col">{tx('exchange.feedbackRate')}</th>
          <th scope="col">{tx('exchange.overdue')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.country}>
            <th scope="row">{countryName(row.country)}</th>
            <td>{number(row.sent)}</td>
            <td>{number(row.received)}</td>
            <td>{number(row.requested)}</td>
            <td>{number(row.given)}</td>
            <td>{row.percent === null ? '—' : `${number(row.percent)} %`}</td>
            <td class={row.overdue > 0 ? 'overdue' : undefined}>{number(row.overdue)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Two significant decimals at most: 0.35, 4.2, 37. */
function roundForReading(value: number, number: (value: number) => string): string {
  const decimals = value >= 10 ? 0 : value >= 1 ? 1 : 2;
  return number(Number(value.toFixed(decimals)));
}
