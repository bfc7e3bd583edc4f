import type { Tlp } from '@iren/contracts/vocabulary';
import { useI18n } from '../i18n';

/** A TLP 2.0 label in FIRST's colours (black background, coloured text), as the standard draws it. */
export function TlpLabel({ tlp }: { tlp: Tlp }) {
  const { code } = useI18n();
  return <span class={`label tlp tlp-${tlp.replace('+', '-').toLowerCase()}`}>{code('tlp', tlp)}</span>;
}

export function HandlingLabel({ handling }: { handling: string | undefined }) {
  const { code } = useI18n();
  return handling ? (
    <span class={`label handling handling-${handling.toLowerCase()}`}>{code('handling', handling)}</span>
  ) : null;
}

/** A state mark: withdrawn, amended, overdue. */
export function Mark({ kind, text }: { kind: 'withdrawn' | 'amended' | 'overdue' | 'unread'; text: string }) {
  return <span class={`mark mark-${kind}`}>{text}</span>;
}
