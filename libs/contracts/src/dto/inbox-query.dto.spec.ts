import { InboxQueryDto } from './inbox-query.dto';
import { validatePlain } from './validate-plain';

describe(InboxQueryDto.name, () => {
  it('defaults the limit to 50', () => {
    expect(validatePlain(InboxQueryDto, {})).toEqual({ value: expect.objectContaining({ limit: 50 }), errors: [] });
  });

  it('reads the limit from query text', () => {
    expect(validatePlain(InboxQueryDto, { after: 'c-41', limit: '200' }).value).toMatchObject({
      after: 'c-41',
      limit: 200,
    });
  });

  it.each(['0', '201', '2.5', 'ten'])('refuses the limit %p', (limit) => {
    expect(validatePlain(InboxQueryDto, { limit }).errors.map((e) => e.field)).toEqual(['limit']);
  });

  it('refuses an unknown parameter', () => {
    expect(validatePlain(InboxQueryDto, { before: 'c-1' }).errors.map((e) => e.field)).toEqual(['before']);
  });
});
