import type { ComponentChildren } from 'preact';

/** A labelled control with its hint and its problems, tied together for screen readers. */
export function Field(props: {
  id: string;
  label: string;
  hint?: string;
  problems?: string[];
  children: ComponentChildren;
}) {
  const problems = props.problems ?? [];
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
      {problems.length > 0 && (
        <p id={`${props.id}-problem`} class="field-problem" data-problem-for={props.id}>
          {problems.join('; ')}
        </p>
      )}
    </div>
  );
}

/** The aria attributes of a control shown in a Field. */
export function described(id: string, problems: string[] | undefined, hint = false) {
  const ids = [hint && `${id}-hint`, problems?.length && `${id}-problem`].filter(Boolean).join(' ');
  return {
    id,
    'aria-invalid': problems?.length ? ('true' as const) : undefined,
    'aria-describedby': ids || undefined,
  };
}
