import { useState } from 'preact/hooks';
import { useI18n } from '../i18n';
import { useDebouncedLookup } from './use-debounced';

export interface PickerOption {
  value: string;
  label: string;
}

/**
 * A searchable multi-select: type two letters or more, choose with the arrow keys and Enter (or a
 * click); chosen values show as chips with a remove button. An ARIA combobox with a listbox.
 */
export function Picker(props: {
  id: string;
  label: string;
  hint?: string;
  values: string[];
  /** How a chosen value reads (its name when known). */
  describe: (value: string) => string;
  search: (query: string) => Promise<PickerOption[]>;
  onChange: (values: string[]) => void;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const trimmed = query.trim();
  const options = (useDebouncedLookup(trimmed.length >= 2 ? trimmed : '', props.search, 250) ?? []).filter(
    (option) => !props.values.includes(option.value),
  );
  const open = trimmed.length >= 2 && options.length > 0;
  const choose = (option: PickerOption | undefined) => {
    if (!option) return;
    props.onChange([...props.values, option.value]);
    setQuery('');
    setActive(0);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' && open) {
      event.preventDefault();
      setActive((active + 1) % options.length);
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      setActive((active - 1 + options.length) % options.length);
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  };
  const listId = `${props.id}-options`;
  return (
    <div class="field picker">
      <label for={props.id}>{props.label}</label>
      {props.values.length > 0 && (
        <ul class="chips" aria-label={props.label}>
          {props.values.map((value) => (
            <li key={value}>
              {props.describe(value)}
              <button
                type="button"
                aria-label={`${t('common.remove')}: ${props.describe(value)}`}
                onClick={() => props.onChange(props.values.filter((v) => v !== value))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={props.id}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        autoComplete="off"
        value={query}
        onInput={(event) => {
          setQuery(event.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      {props.hint && (
        <p id={`${props.id}-hint`} class="hint">
          {props.hint}
        </p>
      )}
      <ul id={listId} role="listbox" aria-label={props.label} hidden={!open}>
        {open &&
          options.map((option, index) => (
            <li
              key={option.value}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(option);
              }}
            >
              {option.label}
            </li>
          ))}
      </ul>
    </div>
  );
}
