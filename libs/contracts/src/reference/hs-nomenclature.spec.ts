import { hsEntry, isHsChapter } from './hs-nomenclature';

describe(hsEntry.name, () => {
  it('resolves a chapter, a heading and a subheading', () => {
    expect(hsEntry('30')).toEqual({ code: '30', level: 2, description: 'Pharmaceutical products' });
    expect(hsEntry('3004')).toMatchObject({ code: '3004', level: 4 });
    expect(hsEntry('300420')?.description).toMatch(/^Medicaments; containing antibiotics/);
  });

  it('answers undefined for a code not in HS 2022, and for the source pseudo-code TOTAL', () => {
    expect(hsEntry('300499999')).toBeUndefined();
    expect(hsEntry('77')).toBeUndefined();
    expect(hsEntry('TOTAL')).toBeUndefined();
  });

  it('hands out copies, so the shared table cannot be changed through them', () => {
    hsEntry('30')!.description = 'changed';
    expect(hsEntry('30')?.description).toBe('Pharmaceutical products');
  });
});

describe(isHsChapter.name, () => {
  it.each(['01', '30', '97', '99'])('accepts chapter %s', (code) => {
    expect(isHsChapter(code)).toBe(true);
  });

  it.each(['00', '77', '98', '3004', '3', ''])('refuses %p', (code) => {
    expect(isHsChapter(code)).toBe(false);
  });
});
