import { validateSync } from 'class-validator';
import { IsAirWaybill } from './air-waybill';
import { IsContainerNumber } from './container-number';
import { IsCountryCode } from './country-code';
import { IsFlightNumber } from './flight-number';
import { IsHsCode } from './hs-code';
import { elementProblems, identifierDecorator } from './identifier-decorator';
import { IsImoNumber } from './imo-number';
import { IsLocode } from './locode';
import { IsNodeId } from './node-id';

class Sample {
  @IsContainerNumber({ each: true }) containers: unknown = ['CSQU3054383'];
  @IsImoNumber() vesselImo: unknown = 'IMO 9074729';
  @IsAirWaybill() awb: unknown = '176-12345675';
  @IsCountryCode() country: unknown = 'KZ';
  @IsLocode() locode: unknown = 'KZAAU';
  @IsHsCode() hsCode: unknown = '300420';
  @IsNodeId() node: unknown = 'KZ-PCU-AKTAU';
  @IsFlightNumber() flight: unknown = 'KC941';
}

function messagesFor(changes: Partial<Sample>): Record<string, string> {
  const errors = validateSync(Object.assign(new Sample(), changes));
  return Object.fromEntries(errors.flatMap((e) => Object.values(e.constraints ?? {}).map((m) => [e.property, m])));
}

describe(identifierDecorator.name, () => {
  it('passes valid identifiers', () => {
    expect(validateSync(new Sample())).toEqual([]);
  });

  it.each<[keyof Sample, unknown, string]>([
    ['vesselImo', 'IMO 9074728', 'vesselImo: check digit should be 9'],
    ['awb', '176-12345676', 'awb: check digit should be 5 (serial mod 7)'],
    ['country', 'QQ', 'country: QQ is not a known country code'],
    ['locode', 'QQAAU', 'locode: country QQ is not a known country code'],
    ['hsCode', '77', 'hsCode: 77 is not an HS chapter'],
    ['node', 'QQ-PCU-X1', 'node: country QQ is not a known country code'],
    ['flight', 'K9', 'flight: should be a 2-character airline designator and 1 to 4 digits, like KC941'],
  ])('refuses a bad %s with a message naming the problem', (property, value, message) => {
    expect(messagesFor({ [property]: value })).toEqual({ [property]: message });
  });

  it('names each failing element of an array', () => {
    const messages = messagesFor({ containers: ['CSQU3054383', 'CSQU3054384', 'MWCU6059780'] });
    expect(messages).toEqual({
      containers: 'containers.1: check digit should be 3; containers.2: check digit should be 4',
    });
  });

  it('refuses a lone value where an array is expected', () => {
    expect(messagesFor({ containers: 'CSQU3054384' })).toEqual({ containers: 'containers: check digit should be 3' });
  });
});

describe(elementProblems.name, () => {
  it('lists the failing elements of an identifier constraint', () => {
    expect(elementProblems('isContainerNumber', ['CSQU3054383', 'CSQU3054384', 7])).toEqual([
      { index: 1, problem: 'check digit should be 3' },
      { index: 2, problem: 'should be a string' },
    ]);
  });

  it('answers undefined for another constraint or a value that is not an array', () => {
    expect(elementProblems('isString', ['x'])).toBeUndefined();
    expect(elementProblems('isContainerNumber', 'CSQU3054384')).toBeUndefined();
  });
});
