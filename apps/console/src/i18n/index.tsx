import { createContext, type ComponentChildren } from 'preact';
import { useContext, useMemo } from 'preact/hooks';
import { type CodeNames, type Dictionary, en, type TextKey } from './en';
import { ru } from './ru';

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

const DICTIONARIES: Record<Language, Dictionary> = { en, ru };

/** What a page needs to speak the user's language. */
export interface I18n {
  lang: Language;
  /** The text for `key`, with `{name}` placeholders filled from `params`. */
  t(key: TextKey, params?: Record<string, string | number>): string;
  /** The name of a code in this language (`code('category', 'IPR')`); an unknown code shows as itself. */
  code<K extends keyof CodeNames>(list: K, value: string): string;
  /** A date and time in the user's time zone (the browser's), in this language. */
  dateTime(iso: string | null | undefined): string;
  /** A calendar date in the user's time zone. */
  date(iso: string | null | undefined): string;
  /** A number with this language's grouping. */
  number(value: number): string;
}

export function makeI18n(lang: Language): I18n {
  const dictionary = DICTIONARIES[lang];
  const locale = lang === 'ru' ? 'ru-RU' : 'en-GB';
  const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const numbers = new Intl.NumberFormat(locale);
  const format = (formatter: Intl.DateTimeFormat, iso: string | null | undefined): string => {
    if (!iso) return '—';
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? iso : formatter.format(at);
  };
  return {
    lang,
    t: (key, params) =>
      dictionary.texts[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        params && name in params ? String(params[name]) : whole,
      ),
    code: (list, value) => (dictionary.codes[list] as Record<string, string>)[value] ?? value,
    dateTime: (iso) => format(dateTimes, iso),
    date: (iso) => format(dates, iso),
    number: (value) => numbers.format(value),
  };
}

const I18nContext = createContext<I18n>(makeI18n('en'));

export function I18nProvider({ lang, children }: { lang: Language; children: ComponentChildren }) {
  const i18n = useMemo(() => makeI18n(lang), [lang]);
  return <I18nContext.Provider value={i18n}>{children}</I18nContext.Provider>;
}

/** The signed-in user's language: `const { t, code, dateTime } = useI18n();`. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export type { TextKey };
