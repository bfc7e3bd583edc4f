import type { I18n } from '../i18n';
import type { Envelope } from '../views';

/**
 * A message in one line, in the reader's language: an alert's or risk profile's title; for a hit
 * or a follow-up (withdrawal, amendment, feedback), what it is about. Narrowed by `kind`, so a
 * kind added to the contract fails the type check here until it is given a line.
 */
export function subjectOf(message: Envelope, { t, code }: Pick<I18n, 't' | 'code'>): string {
  switch (message.kind) {
    case 'ALERT':
    case 'RISK_PROFILE':
      return message.body.title;
    case 'HIT':
      return t('message.subject.hit', { identifier: message.body.identifier.value });
    case 'WITHDRAWAL':
      return t('message.subject.withdrawal', { id: message.body.refersTo });
    case 'AMENDMENT':
      return t('message.subject.amendment', { id: message.body.refersTo, version: message.body.version });
    case 'FEEDBACK':
      return t('message.subject.feedback', {
        id: message.body.refersTo,
        outcome: code('outcome', message.body.outcome),
      });
  }
}
