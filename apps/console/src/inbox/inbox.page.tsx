import { HandlingLabel, Mark, TlpLabel } from '../components/labels';
import { ErrorNote } from '../components/error-note';
import { useI18n } from '../i18n';
import type { PageProps } from '../page';
import { subjectOf } from '../messages/message-subject';
import { href } from '../router';
import type { InboxItem } from '../views';
import { useInbox } from './use-inbox';

/** The officer's inbox, live: what arrives shows at the top without a reload. */
export function InboxPage({ session }: PageProps) {
  const { t, lang } = useI18n();
  const inbox = useInbox(session.api);
  const unread = inbox.items.filter((item) => !item.readAt).length;
  return (
    <section aria-labelledby="inbox-title">
      <div class="page-head">
        <h1 id="inbox-title">{t('nav.inbox')}</h1>
        <p class="counts" aria-live="polite">
          <span data-testid="unread-count">{t('inbox.unread', { count: unread })}</span>
          {' · '}
          {t('inbox.total', { count: inbox.items.length })}
        </p>
        <p class={`live live-${inbox.live}`} role="status">
          {t(`inbox.live.${inbox.live}`)}
        </p>
      </div>
      {inbox.error != null && <ErrorNote error={inbox.error} />}
      {inbox.items.length === 0 ? (
        <p>{inbox.live === 'connecting' ? t('common.loading') : t('inbox.empty')}</p>
      ) : (
        <table class="inbox" lang={lang}>
          <caption class="visually-hidden">{t('nav.inbox')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('inbox.col.received')}</th>
              <th scope="col">{t('inbox.col.labels')}</th>
              <th scope="col">{t('inbox.col.subject')}</th>
              <th scope="col">{t('inbox.col.from')}</th>
              <th scope="col">{t('inbox.col.state')}</th>
            </tr>
          </thead>
          <tbody>
            {inbox.items.map((item) => (
              <Row key={item.message.id} item={item} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Row({ item }: { item: InboxItem }) {
  const i18n = useI18n();
  const { t, code, dateTime } = i18n;
  const { message } = item;
  const unread = !item.readAt;
  return (
    <tr class={unread ? 'unread' : undefined} data-message={message.id}>
      <td>{dateTime(item.deliveredAt)}</td>
      <td class="labels">
        <TlpLabel tlp={message.tlp} />
        <HandlingLabel handling={message.handling} />
      </td>
      <td>
        <a href={href(`messages/${message.id}`)}>{subjectOf(message, i18n)}</a>
        <div class="sub">
          {code('kind', message.kind)}
          {(message.kind === 'ALERT' || message.kind === 'RISK_PROFILE') && (
            <>
              {message.body.category && ` · ${code('category', message.body.category)}`}
              {message.body.riskLevel && ` · ${t('message.risk')}: ${code('risk', message.body.riskLevel)}`}
            </>
          )}
        </div>
        <div class="marks">
          {unread && <Mark kind="unread" text={t('inbox.unreadMark')} />}
          {item.withdrawn && <Mark kind="withdrawn" text={t('inbox.withdrawn')} />}
          {item.amendment && <Mark kind="amended" text={t('inbox.amended', { version: item.version })} />}
          {item.feedbackOverdue && <Mark kind="overdue" text={t('inbox.overdue')} />}
        </div>
      </td>
      <td>{message.origin}</td>
      <td>{code('state', item.state)}</td>
    </tr>
  );
}
