import { AckDto } from './ack.dto';
import { validatePlain } from './validate-plain';

describe(AckDto.name, () => {
  it.each(['RECEIVED', 'ACTIONED'])('accepts %s', (status) => {
    expect(validatePlain(AckDto, { status }).errors).toEqual([]);
  });

  it.each([{ status: 'DELIVERED' }, {}, { status: 'received' }])('refuses %p', (plain) => {
    expect(validatePlain(AckDto, plain).errors.map((e) => e.field)).toEqual(['status']);
  });
});
