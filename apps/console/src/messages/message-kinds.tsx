import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n';
import { href } from '../router';
import type { Envelope, MessageView } from '../views';
import { RouteLine } from './route-line';

/** The body of a message of kind `K`, as the contract types it. */
type BodyOf<K extends Envelope['kind']> = Extract<Envelope, { kind: K }>['body'];

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function MessageLink({ id }: { id: string }) {
  return <a href={href(`messages/${id}`)}>{id}</a>;
}

/** The facts of the message's own kind, for the page's list of facts (a `<dl>`). */
export function KindFacts({ message }: { message: Envelope }) {
  const { t, code, dateTime } = useI18n();
  switch (message.kind) {
    case 'ALERT':
      return <AlertFacts body={message.body} />;
    case 'RISK_PROFILE': {
      const body = message.body;
      return (
        <>
          <Fact label={t('message.profile')}>
            {t('message.profileVersion', { id: body.profileId, version: body.version })}
          </Fact>
          {body.category && <Fact label={t('message.category')}>{code('category', body.category)}</Fact>}
          {body.riskLevel && <Fact label={t('message.risk')}>{code('risk', body.riskLevel)}</Fact>}
          <Fact label={t('message.recommendedAction')}>{code('action', body.recommendedAction)}</Fact>
          <Fact label={t('message.validity')}>
            {t('message.validRange', { from: dateTime(body.validFrom), until: dateTime(body.validUntil) })}
          </Fact>
        </>
      );
    }
    case 'HIT':
      return (
        <>
          <Fact label={t('message.identifier')}>{message.body.identifier.value}</Fact>
          <Fact label={t('message.hitWindow')}>{t('message.hitWindowDays', { days: message.body.windowDays })}</Fact>
        </>
      );
    case 'WITHDRAWAL':
      return (
        <>
          <Fact label={t('message.refersTo')}>
            <MessageLink id={message.body.refersTo} />
          </Fact>
          <Fact label={t('message.reason')}>{message.body.reason}</Fact>
        </>
      );
    case 'AMENDMENT':
      return (
        <>
          <Fact label={t('message.refersTo')}>
            <MessageLink id={message.body.refersTo} />
          </Fact>
          {message.body.reason && <Fact label={t('message.reason')}>{message.body.reason}</Fact>}
        </>
      );
    case 'FEEDBACK':
      return (
        <>
          <Fact label={t('message.refersTo')}>
            <MessageLink id={message.body.refersTo} />
          </Fact>
          <Fact label={t('message.feedback')}>{code('outcome', message.body.outcome)}</Fact>
          {message.body.remarks && <Fact label={t('message.remarks')}>{message.body.remarks}</Fact>}
        </>
      );
  }
}

function AlertFacts({ body }: { body: BodyOf<'ALERT'> }) {
  const { t, code, dateTime } = useI18n();
  return (
    <>
      <Fact label={t('message.category')}>{code('category', body.category)}</Fact>
      <Fact label={t('message.risk')}>{code('risk', body.riskLevel)}</Fact>
      <Fact label={t('message.mode')}>{code('mode', body.mode)}</Fact>
      <Fact label={t('message.action')}>{code('action', body.requestedAction)}</Fact>
      {body.feedbackDueBy && <Fact label={t('message.feedbackDue')}>{dateTime(body.feedbackDueBy)}</Fact>}
      {!!body.indicators?.length && (
        <Fact label={t('message.indicators')}>
          {body.indicators.map((indicator) => code('indicator', indicator)).join(', ')}
        </Fact>
      )}
    </>
  );
}

/** What follows the facts: an alert's summary, route, transport and goods; a profile's summary; a hit's alerts. */
export function KindSections({ view }: { view: MessageView }) {
  const { message } = view;
  switch (message.kind) {
    case 'ALERT':
      return <AlertSections body={message.body} names={view.names} />;
    case 'RISK_PROFILE':
      return message.body.summary ? <p lang={message.body.lang}>{message.body.summary}</p> : null;
    case 'HIT':
      return <HitAlerts body={message.body} />;
    default:
      return null;
  }
}

function AlertSections({ body, names }: { body: BodyOf<'ALERT'>; names: MessageView['names'] }) {
  const { t } = useI18n();
  const transport = body.transport ?? {};
  return (
    <>
      {body.summary && <p lang={body.lang}>{body.summary}</p>}
      {!!body.itinerary?.length && (
        <section aria-labelledby="itinerary-title">
          <h2 id="itinerary-title">{t('message.itinerary')}</h2>
          <RouteLine itinerary={body.itinerary} names={names.itinerary} />
        </section>
      )}
      <section aria-labelledby="transport-title">
        <h2 id="transport-title">{t('message.transport')}</h2>
        <dl class="facts panel">
          <dt>{t('publish.containers')}</dt>
          <dd>{transport.containers?.join(', ') || '—'}</dd>
          <dt>{t('publish.billOfLading')}</dt>
          <dd>{transport.billOfLading || '—'}</dd>
          <dt>{t('publish.vesselImo')}</dt>
          <dd>{transport.vesselImo || '—'}</dd>
          <dt>{t('publish.awbs')}</dt>
          <dd>{transport.awbs?.join(', ') || '—'}</dd>
          <dt>{t('publish.flight')}</dt>
          <dd>{transport.flight || '—'}</dd>
        </dl>
      </section>
      {!!body.goods?.length && (
        <section aria-labelledby="goods-title">
          <h2 id="goods-title">{t('message.goods')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('publish.hsCode')}</th>
                <th scope="col">{t('message.hsDescription')}</th>
                <th scope="col">{t('publish.goodsDescription')}</th>
                <th scope="col">{t('publish.quantity')}</th>
                <th scope="col">{t('publish.brand')}</th>
              </tr>
            </thead>
            <tbody>
              {body.goods.map((line, index) => (
                <tr key={index}>
                  <td>{line.hsCode}</td>
                  <td>{names.goods[index]?.hsDescription ?? '—'}</td>
                  <td>{line.description}</td>
                  <td>{line.quantity !== undefined ? `${line.quantity} ${line.unit ?? ''}` : '—'}</td>
                  <td>{line.brand ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

/** A hit's two alerts, the earlier first; one the reader's node may not see shows only its country and day. */
function HitAlerts({ body }: { body: BodyOf<'HIT'> }) {
  const { t, dateTime } = useI18n();
  return (
    <section aria-labelledby="hit-alerts-title">
      <h2 id="hit-alerts-title">{t('message.hitAlerts')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('inbox.col.from')}</th>
            <th scope="col">{t('message.created')}</th>
            <th scope="col">{t('message.hitAlertTitle')}</th>
          </tr>
        </thead>
        <tbody>
          {body.alerts.map((alert, index) => (
            <tr key={index}>
              <td>{alert.origin}</td>
              <td>{alert.visible ? dateTime(alert.createdAt) : alert.createdAt}</td>
              <td>
                {alert.visible && alert.id ? (
                  <a href={href(`messages/${alert.id}`)}>{alert.title ?? alert.id}</a>
                ) : (
                  t('message.hitAlertRedacted')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
