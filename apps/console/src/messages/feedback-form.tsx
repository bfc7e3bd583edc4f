import {
  ALERT_CATEGORIES,
  type AlertCategory,
  FEEDBACK_OUTCOMES,
  type FeedbackOutcome,
} from '@iren/contracts/vocabulary';
import { useState } from 'preact/hooks';
import { ok, problemsOf } from '../api';
import { ErrorNote } from '../components/error-note';
import { described, Field } from '../components/field';
import { useI18n } from '../i18n';
import type { Session } from '../session';
import type { DeliveryStatus } from '../views';

interface QuantityRow {
  category: AlertCategory;
  pieces: string;
  kilograms: string;
}

/** Kilograms travel as an exact decimal string (DESIGN section 8): never through a float. */
const KILOGRAMS = /^\d{1,12}(\.\d{1,3})?$/;

/** The recipient's outcome (`POST /messages/{id}/feedback`), with seizure quantities by category. */
export function FeedbackForm(props: {
  session: Session;
  messageId: string;
  delivery: DeliveryStatus;
  onDone: () => void;
}) {
  const { t, code, dateTime } = useI18n();
  const [outcome, setOutcome] = useState<FeedbackOutcome>('SEIZURE');
  const [seizedAt, setSeizedAt] = useState(new Date().toISOString().slice(0, 10));
  const [rows, setRows] = useState<QuantityRow[]>([{ category: 'OTHER', pieces: '', kilograms: '' }]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (props.delivery.feedback) {
    return (
      <section class="panel" aria-labelledby="feedback-title">
        <h2 id="feedback-title">{t('feedback.title')}</h2>
        <p class="ok" data-testid="feedback-given">
          {t('feedback.given', {
            outcome: code('outcome', props.delivery.feedback.outcome),
            at: dateTime(props.delivery.feedback.at),
          })}
        </p>
      </section>
    );
  }

  const rowProblems = (row: QuantityRow): { pieces?: string; kilograms?: string } => ({
    pieces: row.pieces && !/^\d{1,12}$/.test(row.pieces) ? t('feedback.piecesInvalid') : undefined,
    kilograms: row.kilograms && !KILOGRAMS.test(row.kilograms) ? t('feedback.kilogramsInvalid') : undefined,
  });
  const serverProblems = (field: string) => problemsOf(error, field);
  const update = (index: number, change: Partial<QuantityRow>) =>
    setRows(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const seizure = outcome === 'SEIZURE';
    try {
      const body = {
        outcome,
        ...(seizure && {
          seizedAt,
          quantities: rows.map((row) => ({
            category: row.category,
            ...(row.pieces && { pieces: Number(row.pieces) }),
            ...(row.kilograms && { kilograms: row.kilograms }),
          })),
        }),
      };
      await ok(
        props.session.api.client.POST('/api/v1/messages/{id}/feedback', {
          params: { path: { id: props.messageId } },
          body,
        }),
      );
      props.onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const invalid = outcome === 'SEIZURE' && rows.some((row) => Object.values(rowProblems(row)).some(Boolean));
  return (
    <form class="panel" aria-labelledby="feedback-title" onSubmit={submit}>
      <h2 id="feedback-title">{t('feedback.title')}</h2>
      <Field id="feedback-outcome" label={t('feedback.outcome')} problems={serverProblems('outcome')}>
        <select
          {...described('feedback-outcome', serverProblems('outcome'))}
          value={outcome}
          onChange={(event) => setOutcome(event.currentTarget.value as FeedbackOutcome)}
        >
          {FEEDBACK_OUTCOMES.map((value) => (
            <option key={value} value={value}>
              {code('outcome', value)}
            </option>
          ))}
        </select>
      </Field>
      {outcome === 'SEIZURE' && (
        <>
          <Field id="feedback-seized-at" label={t('feedback.seizedAt')} problems={serverProblems('seizedAt')}>
            <input
              type="date"
              {...described('feedback-seized-at', serverProblems('seizedAt'))}
              value={seizedAt}
              required
              onInput={(event) => setSeizedAt(event.currentTarget.value)}
            />
          </Field>
          <fieldset>
            <legend>{t('feedback.quantities')}</legend>
            {rows.map((row, index) => {
              const problems = rowProblems(row);
              const prefix = `quantities.${index}`;
              return (
                <div class="row" key={index}>
                  <Field id={`q${index}-category`} label={t('message.category')}>
                    <select
                      id={`q${index}-category`}
                      value={row.category}
                      onChange={(event) => update(index, { category: event.currentTarget.value as AlertCategory })}
                    >
                      {ALERT_CATEGORIES.map((value) => (
                        <option key={value} value={value}>
                          {code('category', value)}
                        </option>
                      ))}
                    </select>
                  </Field>
                  <Field
                    id={`q${index}-pieces`}
                    label={t('feedback.pieces')}
                    problems={[problems.pieces, ...serverProblems(`${prefix}.pieces`)].filter((p): p is string => !!p)}
                  >
                    <input
                      {...described(`q${index}-pieces`, problems.pieces ? [problems.pieces] : undefined)}
                      inputMode="numeric"
                      value={row.pieces}
                      onInput={(event) => update(index, { pieces: event.currentTarget.value.trim() })}
                    />
                  </Field>
                  <Field
                    id={`q${index}-kilograms`}
                    label={t('feedback.kilograms')}
                    problems={[problems.kilograms, ...serverProblems(`${prefix}.kilograms`)].filter(
                      (p): p is string => !!p,
                    )}
                  >
                    <input
                      {...described(`q${index}-kilograms`, problems.kilograms ? [problems.kilograms] : undefined)}
                      inputMode="decimal"
                      placeholder="3.250"
                      value={row.kilograms}
                      onInput={(event) => update(index, { kilograms: event.currentTarget.value.trim() })}
                    />
                  </Field>
                  {rows.length > 1 && (
                    <button type="button" class="secondary" onClick={() => setRows(rows.filter((_, i) => i !== index))}>
                      {t('common.remove')}
                    </button>
                  )}
                </div>
              );
            })}
            <button
              type="button"
              class="secondary"
              onClick={() => setRows([...rows, { category: 'OTHER', pieces: '', kilograms: '' }])}
            >
              {t('feedback.addQuantity')}
            </button>
          </fieldset>
        </>
      )}
      {error != null && <ErrorNote error={error} />}
      <div class="actions">
        <button type="submit" disabled={busy || invalid}>
          {t('feedback.send')}
        </button>
      </div>
    </form>
  );
}
