import { ACK_STATUSES, type AckStatus } from '@iren/contracts/vocabulary';
import { useState } from 'preact/hooks';
import { ok } from '../api';
import { ErrorNote } from '../components/error-note';
import { useI18n } from '../i18n';
import type { Session } from '../session';
import type { DeliveryStatus } from '../views';

/** The recipient acknowledges receipt, then action (`POST /inbox/{id}/ack`). */
export function AcknowledgeForm(props: {
  session: Session;
  messageId: string;
  delivery: DeliveryStatus;
  onDone: () => void;
}) {
  const { t, code, dateTime } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const acknowledge = async (status: AckStatus) => {
    setBusy(true);
    setError(null);
    try {
      await ok(
        props.session.api.client.POST('/api/v1/inbox/{messageId}/ack', {
          params: { path: { messageId: props.messageId } },
          body: { status },
        }),
      );
      props.onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const { delivery } = props;
  return (
    <section class="panel" aria-labelledby="ack-title">
      <h2 id="ack-title">{t('ack.title')}</h2>
      <p data-testid="delivery-state">
        {t('ack.state', { state: code('state', delivery.state) })}
        {delivery.receivedAt && ` · ${t('ack.receivedAt', { at: dateTime(delivery.receivedAt) })}`}
        {delivery.actionedAt && ` · ${t('ack.actionedAt', { at: dateTime(delivery.actionedAt) })}`}
      </p>
      <div class="actions">
        {ACK_STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            disabled={busy || reached(delivery, status)}
            onClick={() => void acknowledge(status)}
          >
            {t('ack.mark', { state: code('ack', status) })}
          </button>
        ))}
      </div>
      {error != null && <ErrorNote error={error} />}
    </section>
  );
}

function reached(delivery: DeliveryStatus, status: AckStatus): boolean {
  return status === 'RECEIVED' ? delivery.state !== 'DELIVERED' : delivery.state === 'ACTIONED';
}
