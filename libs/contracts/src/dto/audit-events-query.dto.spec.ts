import { AuditEventsQueryDto } from './audit-events-query.dto';
import { validatePlain } from './validate-plain';

const fieldsOf = (plain: unknown) => validatePlain(AuditEventsQueryDto, plain).errors.map((e) => e.field);

describe(AuditEventsQueryDto.name, () => {
  it('accepts the DESIGN example query and defaults the limit to 100', () => {
    const { value, errors } = validatePlain(AuditEventsQueryDto, { node: 'KZ-PCU-AKTAU', after: 'c-40' });
    expect(errors).toEqual([]);
    expect(value?.limit).toBe(100);
  });

  it('accepts every filter together, kind as an event type or a message kind', () => {
    const query = { country: 'KZ', from: '2026-01-01', to: '2026-12-31T23:59:59Z', limit: '500' };
    expect(fieldsOf({ ...query, kind: 'message.routed' })).toEqual([]);
    expect(fieldsOf({ ...query, kind: 'message.published' })).toEqual([]);
    expect(fieldsOf({ ...query, kind: 'ALERT' })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a node that is not a node id', { node: 'aktau' }, 'node'],
    ['an unknown country', { country: 'QQ' }, 'country'],
    ['an unknown kind', { kind: 'message.lost' }, 'kind'],
    ['a start that is not a date', { from: 'last week' }, 'from'],
    ['an end that is not a date', { to: '2026-13-01' }, 'to'],
    ['a limit over 500', { limit: '501' }, 'limit'],
  ])('refuses %s', (_what, query, field) => {
    expect(fieldsOf(query)).toEqual([field]);
  });
});
