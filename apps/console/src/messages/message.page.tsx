import { useCallback, useEffect, useState } from 'preact/hooks';
import { ok } from '../api';
import { ErrorNote } from '../components/error-note';
import { HandlingLabel, Mark, TlpLabel } from '../components/labels';
import { useI18n } from '../i18n';
import type { PageProps } from '../page';
import type { MessageView } from '../views';
import { AcknowledgeForm } from './acknowledge-form';
import { FeedbackForm } from './feedback-form';
import { KindFacts, KindSections } from './message-kinds';
import { subjectOf } from './message-subject';

/** One message: what it says with its codes named, and for the origin where each recipient stands. */
export function MessagePage({ session, params }: PageProps) {
  const { t } = useI18n();
  const [view, setView] = useState<MessageView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    ok(session.api.client.GET('/api/v1/messages/{id}', { params: { path: { id: params.id } } })).then(
      // A reader not addressed gets the metadata alone (`content: 'withheld'`): nothing to show here.
      (answer) => ('names' in answer ? setView(answer) : setError(new Error(t('message.withheld')))),
      (failure: unknown) => setError(failure),
    );
  }, [session.api, params.id, t]);
  useEffect(load, [load]);

  if (error) return <ErrorNote error={error} />;
  if (!view) return <p>{t('common.loading')}</p>;
  const isOrigin = view.message.origin === session.who.nodeId;
  const own = view.deliveries.find((delivery) => delivery.node === session.who.nodeId);
  return (
    <article aria-labelledby="message-title">
      <MessageBody view={view} />
      {isOrigin ? (
        <Deliveries view={view} />
      ) : (
        own &&
        !view.withdrawn && (
          <div class="columns">
            <AcknowledgeForm session={session} messageId={view.message.id} delivery={own} onDone={load} />
            <FeedbackForm session={session} messageId={view.message.id} delivery={own} onDone={load} />
          </div>
        )
      )}
    </article>
  );
}

function MessageBody({ view }: { view: MessageView }) {
  const i18n = useI18n();
  const { t, code, dateTime } = i18n;
  const { message } = view;
  return (
    <>
      <div class="page-head">
        <h1 id="message-title">{subjectOf(message, i18n)}</h1>
        <span>
          <TlpLabel tlp={message.tlp} />
          <HandlingLabel handling={message.handling} />
          {view.withdrawn && <Mark kind="withdrawn" text={t('inbox.withdrawn')} />}
          {view.amendment && <Mark kind="amended" text={t('inbox.amended', { version: view.version })} />}
        </span>
      </div>
      {view.withdrawn && (
        <p class="problem" role="note">
          {t('message.withdrawnAt', { at: dateTime(view.withdrawn.at) })}
          {view.withdrawn.reason && ` — ${view.withdrawn.reason}`}
        </p>
      )}
      <dl class="facts panel">
        <dt>{t('message.kind')}</dt>
        <dd>{code('kind', message.kind)}</dd>
        <dt>{t('inbox.col.from')}</dt>
        <dd>{message.origin}</dd>
        <dt>{t('message.created')}</dt>
        <dd>{dateTime(message.createdAt)}</dd>
        <KindFacts message={message} />
      </dl>
      <KindSections view={view} />
    </>
  );
}

/** For the origin: every recipient's delivery, acknowledgement and feedback. */
function Deliveries({ view }: { view: MessageView }) {
  const { t, code, dateTime } = useI18n();
  return (
    <section aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">{t('message.deliveries', { count: view.deliveries.length })}</h2>
      {view.deliveries.length === 0 ? (
        <p>{t('message.noRecipients')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('message.recipient')}</th>
              <th scope="col">{t('inbox.col.state')}</th>
              <th scope="col">{t('message.delivered')}</th>
              <th scope="col">{t('message.read')}</th>
              <th scope="col">{t('message.acknowledged')}</th>
              <th scope="col">{t('message.feedback')}</th>
            </tr>
          </thead>
          <tbody>
            {view.deliveries.map((delivery) => (
              <tr key={delivery.node} data-node={delivery.node}>
                <td>{delivery.node}</td>
                <td>{code('state', delivery.state)}</td>
                <td>{dateTime(delivery.deliveredAt)}</td>
                <td>{dateTime(delivery.readAt)}</td>
                <td>{dateTime(delivery.actionedAt ?? delivery.receivedAt)}</td>
                <td>
                  {delivery.feedback
                    ? `${code('outcome', delivery.feedback.outcome)} (${dateTime(delivery.feedback.at)})`
                    : delivery.feedbackOverdue
                      ? t('inbox.overdue')
                      : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
