import { ok } from '@iren/client';
import { useI18n } from '../i18n';
import type { PageProps } from '../page';
import { ErrorNote } from '../components/error-note';
import { Chart } from './charts';
import { useText } from './i18n';
import { addKilograms, kilogramsOf, seizureCategories, seizureRows } from './seizures';
import { useLoad } from './use-load';

/**
 * Seizure totals by year and category from SEIZURE feedback: pieces and exact kilograms in a
 * table, kilograms by year in a chart.
 */
export function SeizuresCard({ api }: { api: PageProps['session']['api'] }) {
  const tx = useText();
  const { t, code, number, lang } = useI18n();
  const report = useLoad((signal) => ok(api.client.GET('/api/v1/reports/seizures', { signal })), [api]);
  const data = report.data;
  const rows = data ? seizureRows(data) : [];
  const years = [...new Set(rows.map((row) => row.year))].sort((a, b) => a - b);
  const categories = data ? seizureCategories(data) : [];
  const kilograms = (text: string) => exactKilograms(text, lang);
  return (
    <section class="card" aria-labelledby="seizures-title">
      <h2 id="seizures-title">{tx('seizures.title')}</h2>
      {report.error != null && <ErrorNote error={report.error} />}
      {report.loading && !data && <p role="status">{t('common.loading')}</p>}
      {data && rows.length === 0 && <p>{tx('seizures.none')}</p>}
      {rows.length > 0 && (
        <>
          <table data-testid="seizures">
            <caption class="visually-hidden">{tx('seizures.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{tx('seizures.year')}</th>
                <th scope="col">{tx('seizures.category')}</th>
                <th scope="col">{tx('seizures.pieces')}</th>
                <th scope="col">{tx('seizures.kilograms')}</th>
                <th scope="col">{tx('seizures.alerts')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.year}-${row.category}`} data-year={row.year} data-category={row.category}>
                  <th scope="row">{row.year}</th>
                  <td>{code('category', row.category)}</td>
                  <td>{number(row.pieces)}</td>
                  <td>{kilograms(row.kilograms)}</td>
                  <td>{number(row.alerts)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={2}>
                  {tx('seizures.total')}
                </th>
                <td>{number(data!.totals.reduce((sum, t) => sum + t.pieces, 0))}</td>
                <td>{kilograms(addKilograms(data!.totals.map((t) => t.kilograms)))}</td>
                <td>{number(data!.totals.reduce((sum, t) => sum + t.alerts, 0))}</td>
              </tr>
            </tfoot>
          </table>
          <div class="charts">
            <Chart
              id="chart-seizures"
              kind="bars"
              title={tx('seizures.chart')}
              labels={years.map(String)}
              format={(v) => number(v)}
              series={categories.map((category) => ({
                name: code('category', category),
                values: years.map((year) => kilogramsOf(data!, year, category)),
              }))}
            />
          </div>
        </>
      )}
    </section>
  );
}

/** An exact decimal with the language's separators, every digit kept (no float on the way). */
function exactKilograms(text: string, lang: string): string {
  const [whole, fraction = ''] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'ru' ? '\u00a0' : ',');
  return `${grouped}${lang === 'ru' ? ',' : '.'}${fraction.padEnd(3, '0')}`;
}
