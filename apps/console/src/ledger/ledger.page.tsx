import { ok, type operations } from '@iren/client';
import { MESSAGE_KINDS } from '@iren/contracts/vocabulary';
import { useState } from 'preact/hooks';
import { ErrorNote } from '../components/error-note';
import { LEDGER_TYPES, useText, useTypeName } from '../coordinator/i18n';
import { useLoad } from '../coordinator/use-load';
import { useI18n } from '../i18n';
import type { PageProps } from '../page';
import { useVerification } from './use-verification';
import { VerificationPanel } from './verification-panel';

type AuditQuery = NonNullable<operations['listAuditEvents']['parameters']['query']>;

interface Filters {
  node: string;
  kind: string;
  from: string;
  to: string;
}

const PAGE_SIZE = 25;
const NO_FILTERS: Filters = { node: '', kind: '', from: '', to: '' };

/** The audit ledger, filtered and paged, with any entry's inclusion verified in the browser. */
export function LedgerBrowserPage({ session }: PageProps) {
  const tx = useText();
  const { t, code, dateTime } = useI18n();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  // The cursors of the pages before this one: Previous pops, Next pushes.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useLoad(
    async (signal) => {
      const answer = await ok(
        session.api.client.GET('/api/v1/audit/events', { params: { query: queryOf(filters, cursor) }, signal }),
      );
      // The operation also answers CSV (format=csv), which this page never asks for.
      if (typeof answer === 'string') throw new TypeError('the ledger answered CSV where JSON was asked for');
      return answer;
    },
    [session.api, filters, cursor],
  );
  const { state, verify } = useVerification(session.api);
  const apply = (event: Event) => {
    event.preventDefault();
    setFilters(draft);
    setCursors([undefined]);
  };
  const field = (name: keyof Filters) => ({
    id: `ledger-${name}`,
    value: draft[name],
    onInput: (event: Event) => setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement).value }),
  });
  const typeName = useTypeName();
  return (
    <section aria-labelledby="ledger-title">
      <div class="page-head">
        <h1 id="ledger-title">{tx('ledger.title')}</h1>
      </div>
      <form class="card filters" onSubmit={apply} aria-label={tx('ledger.filters')}>
        <div class="row">
          <div class="field">
            <label for="ledger-node">{tx('ledger.node')}</label>
            <input {...field('node')} placeholder="KZ-PCU-AKTAU" autoComplete="off" />
          </div>
          <div class="field">
            <label for="ledger-kind">{tx('ledger.kind')}</label>
            <select
              id="ledger-kind"
              value={draft.kind}
              onChange={(event) => setDraft({ ...draft, kind: event.currentTarget.value })}
            >
              <option value="">{tx('ledger.anyKind')}</option>
              <optgroup label={tx('ledger.eventTypes')}>
                {LEDGER_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {typeName(type)}
                  </option>
                ))}
              </optgroup>
              <optgroup label={tx('ledger.messageKinds')}>
                {MESSAGE_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {code('kind', kind)}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <div class="field">
            <label for="ledger-from">{tx('ledger.from')}</label>
            <input type="datetime-local" {...field('from')} />
          </div>
          <div class="field">
            <label for="ledger-to">{tx('ledger.to')}</label>
            <input type="datetime-local" {...field('to')} />
          </div>
        </div>
        <div class="actions">
          <button type="submit">{tx('ledger.apply')}</button>
        </div>
      </form>
      {page.error != null && <ErrorNote error={page.error} />}
      {page.loading && <p role="status">{t('common.loading')}</p>}
      {page.data && page.data.items.length === 0 && <p>{tx('ledger.empty')}</p>}
      {page.data && page.data.items.length > 0 && (
        <table data-testid="ledger">
          <caption class="visually-hidden">{tx('ledger.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{tx('ledger.index')}</th>
              <th scope="col">{tx('ledger.at')}</th>
              <th scope="col">{tx('ledger.type')}</th>
              <th scope="col">{tx('ledger.node')}</th>
              <th scope="col">{tx('ledger.message')}</th>
              <th scope="col">{tx('ledger.leafHash')}</th>
              <th scope="col">
                <span class="visually-hidden">{tx('ledger.verify')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.data.items.map((item) => (
              <tr key={item.index} data-index={item.index}>
                <td>{item.index}</td>
                <td>{dateTime(item.at)}</td>
                <td>
                  {typeName(item.type)}
                  {item.kind && <div class="sub">{code('kind', item.kind)}</div>}
                </td>
                <td>{item.node ?? '—'}</td>
                <td>
                  <code>{item.messageId ? item.messageId.slice(0, 8) : '—'}</code>
                </td>
                <td>
                  <code title={item.leafHash}>{item.leafHash.slice(0, 12)}…</code>
                </td>
                <td>
                  <button
                    type="button"
                    class="secondary"
                    disabled={state.phase === 'running'}
                    aria-label={tx('ledger.verifyEntry', { index: item.index })}
                    onClick={() => void verify(item)}
                  >
                    {tx('ledger.verify')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div class="actions">
        <button
          type="button"
          class="secondary"
          disabled={cursors.length < 2}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          {tx('ledger.previous')}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={!page.data?.next}
          onClick={() => page.data?.next && setCursors([...cursors, page.data.next])}
        >
          {tx('ledger.next')}
        </button>
      </div>
      <section class="card" aria-live="polite" aria-labelledby="verification-title">
        <h2 id="verification-title">{tx('ledger.verification')}</h2>
        <VerificationPanel state={state} />
      </section>
    </section>
  );
}

function queryOf(filters: Filters, after: string | undefined): AuditQuery {
  const query: AuditQuery = { limit: PAGE_SIZE };
  if (filters.node.trim()) query.node = filters.node.trim();
  // The select offers only the contract's kinds.
  if (filters.kind) query.kind = filters.kind as AuditQuery['kind'];
  // datetime-local is the user's local time: sent as the instant it names.
  if (filters.from) query.from = new Date(filters.from).toISOString();
  if (filters.to) query.to = new Date(filters.to).toISOString();
  if (after) query.after = after;
  return query;
}
