import {
  ALERT_CATEGORIES,
  type AlertCategory,
  GOODS_UNITS,
  HANDLING_CODES,
  type HandlingCode,
  type ItineraryRole,
  REQUESTED_ACTIONS,
  type RequestedAction,
  RISK_LEVELS,
  type RiskLevel,
  TLP_LEVELS,
  type Tlp,
  TRANSPORT_MODES,
  type TransportMode,
} from '@iren/contracts/vocabulary';
import { useState } from 'preact/hooks';
import { ok, problemsOf } from '../api';
import { ErrorNote } from '../components/error-note';
import { described, Field } from '../components/field';
import { useI18n } from '../i18n';
import type { PageProps } from '../page';
import { navigate } from '../router';
import { listOf, listProblems, localChecks } from './checks';
import type { PublishMessage, Recipient } from '../views';
import { GoodsRows, type GoodsRow, ItineraryRows, type StopRow } from './publish-rows';

interface Draft {
  tlp: Tlp;
  handling: HandlingCode | '';
  toNodes: string;
  toCountries: string;
  category: AlertCategory;
  riskLevel: RiskLevel;
  mode: TransportMode;
  title: string;
  summary: string;
  containers: string;
  billOfLading: string;
  vesselImo: string;
  awbs: string;
  flight: string;
  itinerary: StopRow[];
  goods: GoodsRow[];
  indicators: string;
  requestedAction: RequestedAction;
  feedbackDueBy: string;
}

const inAMonth = () => new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);

/** An officer's alert: checked field by field as it is typed, its recipients previewed before it is sent. */
export function PublishPage({ session }: PageProps) {
  const { t, code, lang } = useI18n();
  const [draft, setDraft] = useState<Draft>({
    tlp: 'AMBER',
    handling: '',
    toNodes: '',
    toCountries: '',
    category: 'OTHER',
    riskLevel: 'MEDIUM',
    mode: 'SEA',
    title: '',
    summary: '',
    containers: '',
    billOfLading: '',
    vesselImo: '',
    awbs: '',
    flight: '',
    itinerary: [{ locode: '', role: 'LOADING' as ItineraryRole }],
    goods: [],
    indicators: '',
    requestedAction: 'EXAMINE',
    feedbackDueBy: inAMonth(),
  });
  const [recipients, setRecipients] = useState<Recipient[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (change: Partial<Draft>) => {
    setDraft({ ...draft, ...change });
    setRecipients(null);
  };

  const server = (field: string) => problemsOf(error, field);
  const local = {
    containers: listProblems(draft.containers, localChecks.container),
    vesselImo: draft.vesselImo ? listProblems(draft.vesselImo, localChecks.imo) : [],
    awbs: listProblems(draft.awbs, localChecks.awb),
    flight: draft.flight ? listProblems(draft.flight, localChecks.flight) : [],
  };
  const problems = (field: keyof typeof local, path: string) => [...local[field], ...server(path)];
  const hasLocalProblems = Object.values(local).some((list) => list.length > 0);

  const message = (): PublishMessage => ({
    kind: 'ALERT',
    tlp: draft.tlp,
    ...(draft.handling && { handling: draft.handling }),
    to: { nodes: listOf(draft.toNodes), countries: listOf(draft.toCountries), groups: [] },
    body: {
      category: draft.category,
      riskLevel: draft.riskLevel,
      mode: draft.mode,
      title: draft.title.trim(),
      summary: draft.summary.trim(),
      lang,
      transport: {
        containers: listOf(draft.containers),
        billOfLading: draft.billOfLading.trim() || null,
        vesselImo: draft.vesselImo.trim().toUpperCase() || null,
        awbs: listOf(draft.awbs),
        flight: draft.flight.trim().toUpperCase() || null,
      },
      itinerary: draft.itinerary
        .filter((stop) => stop.locode)
        .map((stop) => ({ locode: stop.locode.toUpperCase(), role: stop.role })),
      goods: draft.goods.map((line) => ({
        hsCode: line.hsCode,
        description: line.description,
        ...(line.quantity && { quantity: Number(line.quantity), unit: line.unit }),
        ...(line.brand && { brand: line.brand }),
      })),
      indicators: listOf(draft.indicators),
      requestedAction: draft.requestedAction,
      ...(draft.feedbackDueBy && { feedbackDueBy: new Date(`${draft.feedbackDueBy}T00:00:00Z`).toISOString() }),
    },
  });

  // Why a node would receive it (`filter:0`, `addressed:node`, `addressed:country:KZ`, `addressed:group:X`), in words.
  const reasonText = (reason: string): string => {
    const [how, what, value] = reason.split(':');
    if (how === 'filter' && /^\d+$/.test(what)) return t('publish.reason.filter', { number: Number(what) + 1 });
    if (how === 'addressed' && what === 'node') return t('publish.reason.node');
    if (how === 'addressed' && what === 'country' && value) return t('publish.reason.country', { country: value });
    if (how === 'addressed' && what === 'group' && value) return t('publish.reason.group', { group: value });
    return reason;
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const preview = () =>
    run(async () => {
      const answer = await ok(session.api.client.POST('/api/v1/messages/preview', { body: message() }));
      setRecipients(answer.recipients);
    });
  const send = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const answer = await ok(session.api.client.POST('/api/v1/messages', { body: message() }));
      navigate(`messages/${answer.id}`);
    });
  };

  const select = <T extends string>(
    id: string,
    label: string,
    value: T,
    options: readonly T[],
    name: (value: T) => string,
    onChange: (value: T) => void,
    path: string,
  ) => (
    <Field id={id} label={label} problems={server(path)}>
      <select {...described(id, server(path))} value={value} onChange={(e) => onChange(e.currentTarget.value as T)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {name(option)}
          </option>
        ))}
      </select>
    </Field>
  );

  return (
    <form onSubmit={send} aria-labelledby="publish-title" novalidate>
      <h1 id="publish-title">{t('publish.title')}</h1>
      <fieldset>
        <legend>{t('publish.alert')}</legend>
        <div class="grid">
          <Field id="title" label={t('publish.subject')} problems={server('body.title')}>
            <input
              {...described('title', server('body.title'))}
              required
              maxLength={200}
              value={draft.title}
              onInput={(e) => set({ title: e.currentTarget.value })}
            />
          </Field>
          {select(
            'category',
            t('message.category'),
            draft.category,
            ALERT_CATEGORIES,
            (v) => code('category', v),
            (category) => set({ category }),
            'body.category',
          )}
          {select(
            'risk',
            t('message.risk'),
            draft.riskLevel,
            RISK_LEVELS,
            (v) => code('risk', v),
            (riskLevel) => set({ riskLevel }),
            'body.riskLevel',
          )}
          {select(
            'mode',
            t('message.mode'),
            draft.mode,
            TRANSPORT_MODES,
            (v) => code('mode', v),
            (mode) => set({ mode }),
            'body.mode',
          )}
          {select(
            'action',
            t('message.action'),
            draft.requestedAction,
            REQUESTED_ACTIONS,
            (v) => code('action', v),
            (requestedAction) => set({ requestedAction }),
            'body.requestedAction',
          )}
          <Field id="due" label={t('message.feedbackDue')} problems={server('body.feedbackDueBy')}>
            <input
              type="date"
              {...described('due', server('body.feedbackDueBy'))}
              value={draft.feedbackDueBy}
              onInput={(e) => set({ feedbackDueBy: e.currentTarget.value })}
            />
          </Field>
        </div>
        <Field id="summary" label={t('publish.summary')} problems={server('body.summary')}>
          <textarea
            {...described('summary', server('body.summary'))}
            required
            value={draft.summary}
            onInput={(e) => set({ summary: e.currentTarget.value })}
          />
        </Field>
        <Field
          id="indicators"
          label={t('message.indicators')}
          hint={t('publish.indicatorsHint')}
          problems={server('body.indicators')}
        >
          <input
            {...described('indicators', server('body.indicators'), true)}
            value={draft.indicators}
            onInput={(e) => set({ indicators: e.currentTarget.value })}
          />
        </Field>
      </fieldset>
      <fieldset>
        <legend>{t('publish.distribution')}</legend>
        <div class="grid">
          {select(
            'tlp',
            t('publish.tlp'),
            draft.tlp,
            TLP_LEVELS,
            (v) => code('tlp', v),
            (tlp) => set({ tlp }),
            'tlp',
          )}
          {select(
            'handling',
            t('publish.handling'),
            draft.handling,
            ['', ...HANDLING_CODES] as const,
            (v) => (v ? code('handling', v) : t('common.none')),
            (handling) => set({ handling }),
            'handling',
          )}
          <Field
            id="to-nodes"
            label={t('publish.toNodes')}
            hint={t('publish.toNodesHint')}
            problems={server('to.nodes')}
          >
            <input
              {...described('to-nodes', server('to.nodes'), true)}
              value={draft.toNodes}
              onInput={(e) => set({ toNodes: e.currentTarget.value })}
            />
          </Field>
          <Field
            id="to-countries"
            label={t('publish.toCountries')}
            hint={t('publish.toCountriesHint')}
            problems={server('to.countries')}
          >
            <input
              {...described('to-countries', server('to.countries'), true)}
              value={draft.toCountries}
              onInput={(e) => set({ toCountries: e.currentTarget.value })}
            />
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('message.transport')}</legend>
        <div class="grid">
          <Field
            id="containers"
            label={t('publish.containers')}
            hint={t('publish.listHint')}
            problems={problems('containers', 'body.transport.containers')}
          >
            <input
              {...described('containers', problems('containers', 'body.transport.containers'), true)}
              value={draft.containers}
              onInput={(e) => set({ containers: e.currentTarget.value })}
            />
          </Field>
          <Field id="bill" label={t('publish.billOfLading')} problems={server('body.transport.billOfLading')}>
            <input
              {...described('bill', server('body.transport.billOfLading'))}
              value={draft.billOfLading}
              onInput={(e) => set({ billOfLading: e.currentTarget.value })}
            />
          </Field>
          <Field id="imo" label={t('publish.vesselImo')} problems={problems('vesselImo', 'body.transport.vesselImo')}>
            <input
              {...described('imo', problems('vesselImo', 'body.transport.vesselImo'))}
              placeholder="IMO9074729"
              value={draft.vesselImo}
              onInput={(e) => set({ vesselImo: e.currentTarget.value })}
            />
          </Field>
          <Field
            id="awbs"
            label={t('publish.awbs')}
            hint={t('publish.listHint')}
            problems={problems('awbs', 'body.transport.awbs')}
          >
            <input
              {...described('awbs', problems('awbs', 'body.transport.awbs'), true)}
              value={draft.awbs}
              onInput={(e) => set({ awbs: e.currentTarget.value })}
            />
          </Field>
          <Field id="flight" label={t('publish.flight')} problems={problems('flight', 'body.transport.flight')}>
            <input
              {...described('flight', problems('flight', 'body.transport.flight'))}
              value={draft.flight}
              onInput={(e) => set({ flight: e.currentTarget.value })}
            />
          </Field>
        </div>
      </fieldset>
      <ItineraryRows
        api={session.api}
        rows={draft.itinerary}
        onChange={(itinerary) => set({ itinerary })}
        serverProblems={server}
      />
      <GoodsRows
        api={session.api}
        rows={draft.goods}
        units={GOODS_UNITS}
        onChange={(goods) => set({ goods })}
        serverProblems={server}
      />
      {error != null && <ErrorNote error={error} />}
      {recipients && (
        <section class="panel" aria-labelledby="recipients-title" aria-live="polite">
          <h2 id="recipients-title">{t('publish.recipients', { count: recipients.length })}</h2>
          {recipients.length === 0 ? (
            <p>{t('publish.noRecipients')}</p>
          ) : (
            <ul data-testid="recipients">
              {recipients.map((recipient) => (
                <li key={recipient.node}>
                  <strong>{recipient.node}</strong> — {recipient.reasons.map(reasonText).join(', ')}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <div class="actions">
        <button type="button" class="secondary" disabled={busy || hasLocalProblems} onClick={() => void preview()}>
          {t('publish.preview')}
        </button>
        <button type="submit" disabled={busy || hasLocalProblems || recipients === null}>
          {t('publish.send')}
        </button>
        {recipients === null && <span class="hint">{t('publish.previewFirst')}</span>}
      </div>
    </form>
  );
}
