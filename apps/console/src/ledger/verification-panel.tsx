import { ErrorNote } from '../components/error-note';
import { useI18n } from '../i18n';
import { useText } from '../coordinator/i18n';
import type { VerificationState } from './use-verification';
import type { Check, Verification } from './verify';

/** The verification of one entry, check by check, as the browser made it. */
export function VerificationPanel({ state }: { state: VerificationState }) {
  const tx = useText();
  const { dateTime } = useI18n();
  if (state.phase === 'idle') return <p class="hint">{tx('ledger.verify.hint')}</p>;
  if (state.phase === 'running')
    return <p role="status">{tx('ledger.verify.running', { index: state.entry.index })}</p>;
  if (state.phase === 'error') {
    return (
      <div>
        <h3>{tx('ledger.verify.title', { index: state.entry.index })}</h3>
        <ErrorNote error={state.error} />
      </div>
    );
  }
  const { entry, checkpoint, inclusion, consistency } = state.result;
  const verified = inclusion.verified && (consistency?.result.verified ?? true);
  return (
    <div data-testid="verification" data-verdict={verified ? 'verified' : 'failed'}>
      <h3>{tx('ledger.verify.title', { index: entry.index })}</h3>
      <p class={verified ? 'ok verdict' : 'problem verdict'} role="status">
        {verified ? tx('ledger.verified') : tx('ledger.failed')}
      </p>
      <p class="hint">
        {tx('ledger.verify.against', {
          size: checkpoint.size,
          at: dateTime(checkpoint.timestamp),
          keyId: String(checkpoint.keyId),
        })}
      </p>
      <Checks title={tx('ledger.verify.inclusion')} verification={inclusion} />
      {consistency ? (
        <Checks
          title={tx('ledger.verify.consistency', { size: consistency.earlier.size })}
          verification={consistency.result}
        />
      ) : (
        <p class="hint">{tx('ledger.verify.firstCheckpoint')}</p>
      )}
    </div>
  );
}

function Checks({ title, verification }: { title: string; verification: Verification }) {
  return (
    <section>
      <h4>{title}</h4>
      <ol class="checks-done">
        {verification.checks.map((check) => (
          <CheckItem key={check.name} check={check} />
        ))}
      </ol>
    </section>
  );
}

function CheckItem({ check }: { check: Check }) {
  const tx = useText();
  const values = Object.fromEntries(Object.entries(check.values).map(([k, v]) => [k, String(v)]));
  return (
    <li class={check.ok ? 'ok' : 'problem'} data-check={check.name} data-ok={String(check.ok)}>
      <strong>{check.ok ? '✓ ' : '✗ '}</strong>
      {tx(`ledger.check.${check.name}`, values)}
      {!check.ok && check.reason && <div>{tx(`ledger.reason.${check.reason}`, values)}</div>}
      {check.path && check.path.length > 0 && (
        <details>
          <summary>{tx('ledger.path', { n: check.path.length })}</summary>
          <ol class="path">
            <li>
              <code>{values.leafHash}</code> {tx('ledger.path.leaf')}
            </li>
            {check.path.map((step, i) => (
              <li key={i}>
                {tx(step.side === 'left' ? 'ledger.path.left' : 'ledger.path.right')} <code>{step.sibling}</code> →{' '}
                <code>{step.result}</code>
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}
