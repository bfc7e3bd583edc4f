import { ALERT_CATEGORIES, RISK_LEVELS, type RiskLevel, TRANSPORT_MODES } from '@iren/contracts/vocabulary';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type Api, ok, problemsOf } from '../api';
import { ErrorNote } from '../components/error-note';
import { Picker, type PickerOption } from '../components/picker';
import { useI18n } from '../i18n';
import type { PageProps } from '../page';
import type { SubscriptionFilter, SubscriptionPreview } from '../views';

/** One filter as the API takes it (DESIGN section 5): an empty list leaves its field unconstrained. */
type Filter = SubscriptionFilter;

/** The node's subscription: its filters, each with how many recent alerts it would have matched. */
export function SubscriptionPage({ session }: PageProps) {
  const { t } = useI18n();
  const nodeId = session.who.nodeId!;
  const route = { params: { path: { id: nodeId } } };
  const [filters, setFilters] = useState<Filter[] | null>(null);
  const [preview, setPreview] = useState<SubscriptionPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Names of the codes chosen in this session (the pickers' answers), so chips read as names.
  const names = useRef(new Map<string, string>());

  useEffect(() => {
    ok(session.api.client.GET('/api/v1/nodes/{id}/subscription', route)).then(
      (answer) => setFilters(answer.filters),
      (failure: unknown) => setError(failure),
    );
  }, [session.api, nodeId]);

  useEffect(() => {
    if (!filters) return;
    let current = true;
    const timer = setTimeout(() => {
      ok(
        session.api.client.POST('/api/v1/nodes/{id}/subscription/preview', {
          ...route,
          body: { filters: filters.map(compact) },
        }),
      ).then(
        (answer) => current && setPreview(answer),
        () => current && setPreview(null),
      );
    }, 300);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [session.api, nodeId, filters]);

  if (!filters) return error ? <ErrorNote error={error} /> : <p>{t('common.loading')}</p>;
  const change = (index: number, next: Filter) => {
    setSaved(null);
    setFilters(filters.map((filter, i) => (i === index ? next : filter)));
  };
  const save = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await ok(
        session.api.client.PUT('/api/v1/nodes/{id}/subscription', {
          ...route,
          body: { filters: filters.map(compact) },
        }),
      );
      setFilters(answer.filters);
      setSaved(t('subscription.saved'));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={save} aria-labelledby="subscription-title">
      <div class="page-head">
        <h1 id="subscription-title">{t('nav.subscription')}</h1>
        {preview && (
          <p class="counts" aria-live="polite" data-testid="subscription-total">
            {t('subscription.total', { matched: preview.matched, alerts: preview.alerts })}
          </p>
        )}
      </div>
      <p class="hint">{t('subscription.intro')}</p>
      {filters.length === 0 && <p>{t('subscription.none')}</p>}
      {filters.map((filter, index) => (
        <FilterEditor
          key={index}
          index={index}
          api={session.api}
          filter={filter}
          names={names.current}
          matched={preview?.filters[index]?.matched}
          problems={problemsOf(error, `filters.${index}`)}
          onChange={(next) => change(index, next)}
          onRemove={() => setFilters(filters.filter((_, i) => i !== index))}
        />
      ))}
      <div class="actions">
        <button type="button" class="secondary" onClick={() => setFilters([...filters, {}])}>
          {t('subscription.addFilter')}
        </button>
        <button type="submit" disabled={busy}>
          {t('common.save')}
        </button>
        {saved && (
          <span class="ok" role="status">
            {saved}
          </span>
        )}
      </div>
      {error != null && <ErrorNote error={error} />}
    </form>
  );
}

/** Drops the empty lists: the API reads absent and empty alike, and the saved filter reads cleaner. */
function compact(filter: Filter): Filter {
  return Object.fromEntries(
    Object.entries(filter).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)),
  ) as Filter;
}

function FilterEditor(props: {
  index: number;
  api: Api;
  filter: Filter;
  names: Map<string, string>;
  matched: number | undefined;
  problems: string[];
  onChange: (filter: Filter) => void;
  onRemove: () => void;
}) {
  const { t, code } = useI18n();
  const { filter, index, names } = props;
  const id = `filter${index}`;
  const searchLocations = async (query: string): Promise<PickerOption[]> => {
    const found = await ok(
      props.api.client.GET('/api/v1/reference/locations', { params: { query: { q: query, limit: 12 } } }),
    );
    return found.map((location) => {
      const label = `${location.name}, ${location.countryName ?? location.country} (${location.locode}) — ${location.functions.join(', ')}`;
      names.set(location.locode, `${location.name} (${location.locode})`);
      return { value: location.locode, label };
    });
  };
  const searchHs = async (query: string): Promise<PickerOption[]> => {
    const found = await ok(
      props.api.client.GET('/api/v1/reference/hs', { params: { query: { q: query, limit: 12 } } }),
    );
    return found.map((entry) => {
      names.set(`hs:${entry.code}`, `${entry.code} ${entry.description}`);
      return { value: entry.code, label: `${entry.code} — ${entry.description}` };
    });
  };
  const toggle = <T extends string>(list: T[] | undefined, value: T): T[] =>
    list?.includes(value) ? list.filter((v) => v !== value) : [...(list ?? []), value];
  return (
    <fieldset data-testid={`filter-${index}`}>
      <legend>
        {t('subscription.filter', { number: index + 1 })}
        {props.matched !== undefined && (
          <span class="matched" data-testid={`filter-${index}-matched`}>
            {' — '}
            {t('subscription.matched', { count: props.matched })}
          </span>
        )}
      </legend>
      <div class="grid">
        <Picker
          id={`${id}-locodes`}
          label={t('subscription.places')}
          hint={t('subscription.placesHint')}
          values={filter.locodes ?? []}
          describe={(locode) => names.get(locode) ?? locode}
          search={searchLocations}
          onChange={(locodes) => props.onChange({ ...filter, locodes })}
        />
        <Picker
          id={`${id}-hs`}
          label={t('subscription.goods')}
          hint={t('subscription.goodsHint')}
          values={filter.hsPrefixes ?? []}
          describe={(prefix) => names.get(`hs:${prefix}`) ?? prefix}
          search={searchHs}
          onChange={(hsPrefixes) => props.onChange({ ...filter, hsPrefixes })}
        />
        <div class="field">
          <label for={`${id}-risk`}>{t('subscription.minRisk')}</label>
          <select
            id={`${id}-risk`}
            value={filter.minRiskLevel ?? ''}
            onChange={(event) =>
              props.onChange({
                ...filter,
                minRiskLevel: (event.currentTarget.value || undefined) as RiskLevel | undefined,
              })
            }
          >
            <option value="">{t('common.any')}</option>
            {RISK_LEVELS.map((level) => (
              <option key={level} value={level}>
                {code('risk', level)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <fieldset class="checks-group">
        <legend>{t('subscription.categories')}</legend>
        <div class="checks">
          {ALERT_CATEGORIES.map((category) => (
            <label key={category}>
              <input
                type="checkbox"
                checked={filter.categories?.includes(category) ?? false}
                onChange={() => props.onChange({ ...filter, categories: toggle(filter.categories, category) })}
              />{' '}
              {code('category', category)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset class="checks-group">
        <legend>{t('subscription.modes')}</legend>
        <div class="checks">
          {TRANSPORT_MODES.map((mode) => (
            <label key={mode}>
              <input
                type="checkbox"
                checked={filter.modes?.includes(mode) ?? false}
                onChange={() => props.onChange({ ...filter, modes: toggle(filter.modes, mode) })}
              />{' '}
              {code('mode', mode)}
            </label>
          ))}
        </div>
      </fieldset>
      {props.problems.length > 0 && <p class="field-problem">{props.problems.join('; ')}</p>}
      <button type="button" class="secondary" onClick={props.onRemove}>
        {t('subscription.removeFilter', { number: index + 1 })}
      </button>
    </fieldset>
  );
}
