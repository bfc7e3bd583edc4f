import fc from 'fast-check';
import { airWaybillCheckDigit, airWaybillProblem, isValidAirWaybill } from './air-waybill';

const prefix = fc.integer({ min: 0, max: 999 }).map((n) => String(n).padStart(3, '0'));
const serial = fc.integer({ min: 0, max: 9_999_999 }).map((n) => String(n).padStart(7, '0'));

describe(isValidAirWaybill.name, () => {
  it.each(['176-12345675', '020-00000000', '157-99999992'])('accepts %s', (value) => {
    expect(isValidAirWaybill(value)).toBe(true);
  });

  it.each([
    ['176-12345676', 'check digit should be 5 (serial mod 7)'],
    ['176-12345679', 'check digit should be 5 (serial mod 7)'],
    ['17612345675', 'should be a 3-digit airline prefix, a dash and 8 digits, like 176-12345675'],
    ['176-1234567', 'should be a 3-digit airline prefix, a dash and 8 digits, like 176-12345675'],
    ['176 12345675', 'should be a 3-digit airline prefix, a dash and 8 digits, like 176-12345675'],
    [17612345675, 'should be a string'],
  ])('refuses %p: %s', (value, problem) => {
    expect(isValidAirWaybill(value)).toBe(false);
    expect(airWaybillProblem(value)).toBe(problem);
  });

  it('accepts any prefix and serial with its mod-7 check digit', () => {
    fc.assert(fc.property(prefix, serial, (p, s) => isValidAirWaybill(`${p}-${s}${airWaybillCheckDigit(s)}`)));
  });

  it('refuses any other check digit', () => {
    fc.assert(
      fc.property(prefix, serial, fc.integer({ min: 1, max: 9 }), (p, s, shift) => {
        const altered = (airWaybillCheckDigit(s) + shift) % 10;
        return !isValidAirWaybill(`${p}-${s}${altered}`);
      }),
    );
  });
});

describe(airWaybillCheckDigit.name, () => {
  it('is the serial mod 7', () => {
    expect(airWaybillCheckDigit('1234567')).toBe(1_234_567 % 7);
    expect(airWaybillCheckDigit('0000006')).toBe(6);
    expect(airWaybillCheckDigit('0000007')).toBe(0);
  });

  it('refuses a serial that is not 7 digits', () => {
    expect(() => airWaybillCheckDigit('123456')).toThrow(RangeError);
  });
});
