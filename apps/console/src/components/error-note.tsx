import { IrenApiError, IrenNetworkError } from '../api';
import { type I18n, useI18n } from '../i18n';

/** What went wrong, in the user's language where the status says enough. */
export function describeError(error: unknown, { t }: I18n): string {
  if (error instanceof IrenNetworkError) return t('error.network');
  if (!(error instanceof IrenApiError)) {
    return t('common.error', { error: error instanceof Error ? error.message : String(error) });
  }
  switch (error.status) {
    case 401:
    case 403:
    case 404:
    case 413:
    case 429:
    case 503:
      return t(`error.${error.status}`);
    case 409:
      return t('error.409', { detail: error.message });
    default:
      return t('common.error', { error: error.message });
  }
}

export function ErrorNote({ error }: { error: unknown }) {
  const i18n = useI18n();
  return (
    <p class="problem" role="alert">
      {describeError(error, i18n)}
    </p>
  );
}
