import fc from 'fast-check';
import { NODE_TYPES } from '../vocabulary';
import { isValidNodeId, nodeIdProblem, parseNodeId } from './node-id';

describe(isValidNodeId.name, () => {
  it.each(['KZ-PCU-AKTAU', 'UZ-HQ-TASHKENT', 'AZ-ACCU-GYD', 'AT-COORD-UNODC', 'KZ-PCU-A1'])('accepts %s', (value) => {
    expect(isValidNodeId(value)).toBe(true);
  });

  it.each([
    ['QQ-PCU-AKTAU', 'country QQ is not a known country code'],
    ['KZ-XYZ-AKTAU', 'should read country-type-location, like KZ-PCU-AKTAU, with a type among HQ, PCU, ACCU, COORD'],
    ['KZ-PCU-A', 'should read country-type-location, like KZ-PCU-AKTAU, with a type among HQ, PCU, ACCU, COORD'],
    [
      'KZ-PCU-AKTAUAKTAUAKTAUAK',
      'should read country-type-location, like KZ-PCU-AKTAU, with a type among HQ, PCU, ACCU, COORD',
    ],
    ['kz-pcu-aktau', 'should read country-type-location, like KZ-PCU-AKTAU, with a type among HQ, PCU, ACCU, COORD'],
    ['KZ-PCU-AKT_AU', 'should read country-type-location, like KZ-PCU-AKTAU, with a type among HQ, PCU, ACCU, COORD'],
    [undefined, 'should be a string'],
  ])('refuses %p: %s', (value, problem) => {
    expect(isValidNodeId(value)).toBe(false);
    expect(nodeIdProblem(value)).toBe(problem);
  });

  it('accepts every type with any location token of 2 to 16 capital letters and digits', () => {
    const token = fc.stringMatching(/^[A-Z0-9]{2,16}$/);
    fc.assert(
      fc.property(fc.constantFrom(...NODE_TYPES), token, (type, location) => isValidNodeId(`KZ-${type}-${location}`)),
    );
  });
});

describe(parseNodeId.name, () => {
  it('splits a node id into country, type and location', () => {
    expect(parseNodeId('KZ-PCU-AKTAU')).toEqual({ country: 'KZ', type: 'PCU', location: 'AKTAU' });
  });

  it('answers undefined for a malformed id', () => {
    expect(parseNodeId('KZ-PCU')).toBeUndefined();
  });
});
