import { identifierKey, identifiersOf, normaliseIdentifier } from './identifiers';

describe(normaliseIdentifier.name, () => {
  it.each([
    ['csqu3054383', 'CSQU3054383'],
    ['CSQU 305438-3', 'CSQU3054383'],
    ['176-12345675', '17612345675'],
    ['IMO 9074729', 'IMO9074729'],
    ['imo9074729', 'IMO9074729'],
    ['meduak-123 456', 'MEDUAK123456'],
    ['HLCU/AB-12', 'HLCU/AB12'],
    ['\tMSCU\u00a01234567 ', 'MSCU1234567'],
  ])('reads %j as %j', (raw, normalised) => {
    expect(normaliseIdentifier(raw)).toBe(normalised);
  });
});

describe(identifiersOf.name, () => {
  it('names every container, air waybill, bill of lading and IMO number, normalised and sorted', () => {
    const identifiers = identifiersOf({
      containers: ['MSCU1234566', 'CSQU3054383'],
      awbs: ['176-12345675'],
      billOfLading: 'meduak123456',
      vesselImo: 'IMO 9074729',
      flight: 'KC941',
    });
    expect(identifiers).toEqual([
      { type: 'AWB', value: '17612345675' },
      { type: 'BILL_OF_LADING', value: 'MEDUAK123456' },
      { type: 'CONTAINER', value: 'CSQU3054383' },
      { type: 'CONTAINER', value: 'MSCU1234566' },
      { type: 'IMO', value: 'IMO9074729' },
    ]);
  });

  it('names an identifier once however often and however it is written', () => {
    expect(identifiersOf({ containers: ['CSQU3054383', 'csqu 3054383', 'CSQU-305438-3'] })).toEqual([
      { type: 'CONTAINER', value: 'CSQU3054383' },
    ]);
  });

  it('keeps the same value under different types apart', () => {
    expect(identifiersOf({ containers: ['CSQU3054383'], billOfLading: 'CSQU3054383' }).map(identifierKey)).toEqual([
      'BILL_OF_LADING:CSQU3054383',
      'CONTAINER:CSQU3054383',
    ]);
  });

  it('names nothing when there are no references, or only a flight', () => {
    expect(identifiersOf(undefined)).toEqual([]);
    expect(identifiersOf({})).toEqual([]);
    expect(identifiersOf({ billOfLading: null, vesselImo: null, flight: 'KC941', containers: [], awbs: [] })).toEqual(
      [],
    );
  });
});
