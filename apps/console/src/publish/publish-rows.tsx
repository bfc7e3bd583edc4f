import { type GoodsUnit, ITINERARY_ROLES, type ItineraryRole } from '@iren/contracts/vocabulary';
import type { Api } from '../api';
import { described, Field } from '../components/field';
import { useDebouncedLookup } from '../components/use-debounced';
import { useI18n } from '../i18n';
import { findHeading, findLocation } from './checks';

export interface StopRow {
  locode: string;
  role: ItineraryRole;
}

export interface GoodsRow {
  hsCode: string;
  description: string;
  quantity: string;
  unit: GoodsUnit;
  brand: string;
}

type ServerProblems = (field: string) => string[];

export function ItineraryRows(props: {
  api: Api;
  rows: StopRow[];
  onChange: (rows: StopRow[]) => void;
  serverProblems: ServerProblems;
}) {
  const { t } = useI18n();
  const update = (index: number, change: Partial<StopRow>) =>
    props.onChange(props.rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset>
      <legend>{t('message.itinerary')}</legend>
      {props.rows.map((row, index) => (
        <Stop
          key={index}
          index={index}
          api={props.api}
          row={row}
          onChange={(change) => update(index, change)}
          onRemove={() => props.onChange(props.rows.filter((_, i) => i !== index))}
          serverProblems={props.serverProblems(`body.itinerary.${index}`)}
        />
      ))}
      <button
        type="button"
        class="secondary"
        onClick={() => props.onChange([...props.rows, { locode: '', role: 'DISCHARGE' }])}
      >
        {t('publish.addStop')}
      </button>
    </fieldset>
  );
}

const LOCODE = /^[A-Z]{2}[A-Z2-9]{3}$/;

function Stop(props: {
  index: number;
  api: Api;
  row: StopRow;
  onChange: (change: Partial<StopRow>) => void;
  onRemove: () => void;
  serverProblems: string[];
}) {
  const { t, code } = useI18n();
  const locode = props.row.locode.toUpperCase();
  const wellFormed = LOCODE.test(locode);
  const location = useDebouncedLookup(wellFormed ? locode : '', (value) => findLocation(props.api, value));
  const problems = [
    ...(locode && !wellFormed ? [t('publish.locodeShape')] : []),
    ...(wellFormed && location === null ? [t('publish.locodeUnknown', { locode })] : []),
    ...props.serverProblems,
  ];
  const id = `stop${props.index}`;
  return (
    <div class="row">
      <Field
        id={`${id}-locode`}
        label={t('publish.locode')}
        hint={location ? `${location.name}, ${location.countryName ?? location.country}` : undefined}
        problems={problems}
      >
        <input
          {...described(`${id}-locode`, problems, !!location)}
          value={props.row.locode}
          maxLength={5}
          placeholder="KZAAU"
          onInput={(e) => props.onChange({ locode: e.currentTarget.value.toUpperCase() })}
        />
      </Field>
      <Field id={`${id}-role`} label={t('publish.stopRole')}>
        <select
          id={`${id}-role`}
          value={props.row.role}
          onChange={(e) => props.onChange({ role: e.currentTarget.value as ItineraryRole })}
        >
          {ITINERARY_ROLES.map((role) => (
            <option key={role} value={role}>
              {code('itineraryRole', role)}
            </option>
          ))}
        </select>
      </Field>
      <button
        type="button"
        class="secondary"
        onClick={props.onRemove}
        aria-label={`${t('common.remove')} ${props.row.locode}`}
      >
        {t('common.remove')}
      </button>
    </div>
  );
}

export function GoodsRows(props: {
  api: Api;
  rows: GoodsRow[];
  units: readonly GoodsUnit[];
  onChange: (rows: GoodsRow[]) => void;
  serverProblems: ServerProblems;
}) {
  const { t } = useI18n();
  const update = (index: number, change: Partial<GoodsRow>) =>
    props.onChange(props.rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <fieldset>
      <legend>{t('message.goods')}</legend>
      {props.rows.map((row, index) => (
        <GoodsLine
          key={index}
          index={index}
          api={props.api}
          row={row}
          units={props.units}
          onChange={(change) => update(index, change)}
          onRemove={() => props.onChange(props.rows.filter((_, i) => i !== index))}
          serverProblems={props.serverProblems}
        />
      ))}
      <button
        type="button"
        class="secondary"
        onClick={() =>
          props.onChange([...props.rows, { hsCode: '', description: '', quantity: '', unit: 'PCS', brand: '' }])
        }
      >
        {t('publish.addGoods')}
      </button>
    </fieldset>
  );
}

function GoodsLine(props: {
  index: number;
  api: Api;
  row: GoodsRow;
  units: readonly GoodsUnit[];
  onChange: (change: Partial<GoodsRow>) => void;
  onRemove: () => void;
  serverProblems: ServerProblems;
}) {
  const { t } = useI18n();
  const { row, index } = props;
  const digits = /^\d{6,10}$/.test(row.hsCode);
  const heading = useDebouncedLookup(digits ? row.hsCode : '', (value) => findHeading(props.api, value));
  const path = `body.goods.${index}`;
  const hsProblems = [
    ...(row.hsCode && !digits ? [t('publish.hsShape')] : []),
    ...(digits && heading === null ? [t('publish.hsUnknown', { heading: row.hsCode.slice(0, 4) })] : []),
    ...props.serverProblems(`${path}.hsCode`),
  ];
  const id = `goods${index}`;
  return (
    <div class="row">
      <Field id={`${id}-hs`} label={t('publish.hsCode')} hint={heading?.description} problems={hsProblems}>
        <input
          {...described(`${id}-hs`, hsProblems, !!heading)}
          inputMode="numeric"
          maxLength={10}
          value={row.hsCode}
          onInput={(e) => props.onChange({ hsCode: e.currentTarget.value.trim() })}
        />
      </Field>
      <Field
        id={`${id}-description`}
        label={t('publish.goodsDescription')}
        problems={props.serverProblems(`${path}.description`)}
      >
        <input
          {...described(`${id}-description`, props.serverProblems(`${path}.description`))}
          value={row.description}
          onInput={(e) => props.onChange({ description: e.currentTarget.value })}
        />
      </Field>
      <Field id={`${id}-quantity`} label={t('publish.quantity')} problems={props.serverProblems(`${path}.quantity`)}>
        <input
          {...described(`${id}-quantity`, props.serverProblems(`${path}.quantity`))}
          inputMode="numeric"
          value={row.quantity}
          onInput={(e) => props.onChange({ quantity: e.currentTarget.value.trim() })}
        />
      </Field>
      <Field id={`${id}-unit`} label={t('publish.unit')}>
        <select
          id={`${id}-unit`}
          value={row.unit}
          onChange={(e) => props.onChange({ unit: e.currentTarget.value as GoodsUnit })}
        >
          {props.units.map((unit) => (
            <option key={unit} value={unit}>
              {unit}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-brand`} label={t('publish.brand')}>
        <input id={`${id}-brand`} value={row.brand} onInput={(e) => props.onChange({ brand: e.currentTarget.value })} />
      </Field>
      <button type="button" class="secondary" onClick={props.onRemove}>
        {t('common.remove')}
      </button>
    </div>
  );
}
