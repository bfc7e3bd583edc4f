import { flightNumberProblem, isValidFlightNumber } from './flight-number';

describe(isValidFlightNumber.name, () => {
  it.each(['KC941', 'U21234', '9W1', 'HY2701D', 'TK4'])('accepts %s', (value) => {
    expect(isValidFlightNumber(value)).toBe(true);
  });

  it.each(['KC', 'KC12345', 'K', '941', 'KC-941', 'KC 941', 'kc941', 'KC941DD', 'KCX941'])('refuses %p', (value) => {
    expect(isValidFlightNumber(value)).toBe(false);
    expect(flightNumberProblem(value)).toMatch(/^should be a 2-character airline designator/);
  });

  it('refuses a non-string', () => {
    expect(flightNumberProblem(941)).toBe('should be a string');
  });
});
