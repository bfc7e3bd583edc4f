import { FeedbackBodyDto } from './feedback-body.dto';
import { GiveFeedbackDto } from './give-feedback.dto';
import { validatePlain } from './validate-plain';

/** DESIGN section 8's POST /messages/{id}/feedback example, verbatim. */
const SEIZURE = {
  outcome: 'SEIZURE',
  seizedAt: '2022-06-14',
  quantities: [{ category: 'IPR', pieces: 1200, kilograms: '3.250' }],
};

const fieldsOf = (plain: unknown) => validatePlain(GiveFeedbackDto, plain).errors.map((e) => e.field);
const seizureWith = (quantity: Record<string, unknown>) => ({ ...SEIZURE, quantities: [quantity] });

describe(GiveFeedbackDto.name, () => {
  it('accepts the DESIGN example as it is', () => {
    const { value, errors } = validatePlain(GiveFeedbackDto, SEIZURE);
    expect(errors).toEqual([]);
    expect(value).toEqual(SEIZURE);
  });

  it.each(['NO_ACTION', 'EXAMINED_NOTHING_FOUND'])('accepts %s alone, with remarks or without', (outcome) => {
    expect(fieldsOf({ outcome })).toEqual([]);
    expect(fieldsOf({ outcome, remarks: 'examined at the terminal' })).toEqual([]);
  });

  it.each(['266.283', '0', '0.5', '12', '3.25', '999999999999.999'])('accepts kilograms "%s"', (kilograms) => {
    expect(fieldsOf(seizureWith({ category: 'IPR', kilograms }))).toEqual([]);
  });

  it.each(['1.2345', '1e3', '-1', '01.5', '1.', '.5', '1,5', ' 1', '1000000000000'])(
    'refuses kilograms "%s", naming the field',
    (kilograms) => {
      expect(fieldsOf(seizureWith({ category: 'IPR', kilograms }))).toEqual(['quantities.0.kilograms']);
    },
  );

  it('refuses kilograms given as a number: only a string is exact', () => {
    expect(fieldsOf(seizureWith({ category: 'IPR', kilograms: 3.25 }))).toEqual(['quantities.0.kilograms']);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a SEIZURE without quantities', { outcome: 'SEIZURE', seizedAt: '2022-06-14' }, ['quantities']],
    ['a SEIZURE with no quantity in the list', { ...SEIZURE, quantities: [] }, ['quantities']],
    ['a SEIZURE without its date', { outcome: 'SEIZURE', quantities: SEIZURE.quantities }, ['seizedAt']],
    ['a seizure date that is not a date', { ...SEIZURE, seizedAt: '14/06/2022' }, ['seizedAt']],
    [
      'quantities with an outcome other than SEIZURE',
      { outcome: 'NO_ACTION', quantities: SEIZURE.quantities },
      ['quantities'],
    ],
    ['a seizure date with NO_ACTION', { outcome: 'NO_ACTION', seizedAt: '2022-06-14' }, ['seizedAt']],
    ['an unknown outcome', { outcome: 'SEIZED' }, ['outcome']],
    ['no outcome', {}, ['outcome']],
    ['a quantity with neither pieces nor kilograms', seizureWith({ category: 'IPR' }), ['quantities.0.pieces']],
    ['negative pieces', seizureWith({ category: 'IPR', pieces: -1 }), ['quantities.0.pieces']],
    ['fractional pieces', seizureWith({ category: 'IPR', pieces: 1.5 }), ['quantities.0.pieces']],
    ['an unknown category', seizureWith({ category: 'FISH', pieces: 1 }), ['quantities.0.category']],
    ['an unknown field in a quantity', seizureWith({ category: 'IPR', pieces: 1, litres: 2 }), ['quantities.0.litres']],
    ['remarks over 2000 characters', { outcome: 'NO_ACTION', remarks: 'x'.repeat(2001) }, ['remarks']],
  ])('refuses %s, naming the field', (_what, plain, fields) => {
    expect(fieldsOf(plain)).toEqual(fields);
  });

  it('accepts pieces alone and kilograms alone', () => {
    expect(fieldsOf(seizureWith({ category: 'CIGARETTES', pieces: 26402269 }))).toEqual([]);
    expect(fieldsOf(seizureWith({ category: 'DRUGS', kilograms: '266.283' }))).toEqual([]);
  });
});

describe(FeedbackBodyDto.name, () => {
  it('is the request with the id of the message it answers', () => {
    const refersTo = '0b0c3c36-3c1d-4c55-9b1a-7b7f7e6c2f10';
    expect(validatePlain(FeedbackBodyDto, { ...SEIZURE, refersTo }).errors).toEqual([]);
    expect(validatePlain(FeedbackBodyDto, SEIZURE).errors.map((e) => e.field)).toEqual(['refersTo']);
    expect(validatePlain(FeedbackBodyDto, { ...SEIZURE, refersTo: 'msg-1' }).errors.map((e) => e.field)).toEqual([
      'refersTo',
    ]);
  });
});
