import { ExchangeEventInput } from './audit-inputs';
import { validatedInput } from './parse-input';

const event = (data: unknown) =>
  validatedInput(ExchangeEventInput, { id: 'e-1', type: 'message.routed', at: '2026-03-01T10:00:00.000Z', data });

describe(ExchangeEventInput.name, () => {
  it('keeps an event’s data as announced, keys that name methods of Object included, at any depth', () => {
    const text = '{"toString":1,"nested":{"valueOf":"x","hasOwnProperty":[],"__proto__":{"b":2}},"kind":"ALERT"}';
    expect(JSON.stringify(event(JSON.parse(text)).data)).toBe(text);
    expect(({} as Record<string, unknown>).b).toBeUndefined();
  });

  it('throws on data with a nested constructor key, which class-transformer takes for a class: refused for good, never half-recorded', () => {
    expect(() => event(JSON.parse('{"nested":{"constructor":{"a":1}}}'))).toThrow(TypeError);
  });
});
