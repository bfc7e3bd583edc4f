import { en } from './en';
import { ru } from './ru';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('console dictionaries', () => {
  it('give every English text in Russian, with the same placeholders', () => {
    for (const [key, text] of Object.entries(en.texts)) {
      const translated = ru.texts[key as keyof typeof en.texts];
      expect({ key, text: translated?.trim() ? 'present' : 'missing' }).toEqual({ key, text: 'present' });
      expect({ key, placeholders: placeholders(translated) }).toEqual({ key, placeholders: placeholders(text) });
    }
  });

  it('name every code of every list in both languages', () => {
    for (const [list, names] of Object.entries(en.codes)) {
      const russian = ru.codes[list as keyof typeof en.codes] as Record<string, string>;
      expect({ list, codes: Object.keys(russian).sort() }).toEqual({ list, codes: Object.keys(names).sort() });
      for (const name of Object.values(russian)) expect(name.trim()).not.toBe('');
    }
  });
});
