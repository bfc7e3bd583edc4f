import { UpdateNodeStatusDto } from './update-node-status.dto';
import { validatePlain } from './validate-plain';

describe(UpdateNodeStatusDto.name, () => {
  it.each(['SUSPENDED', 'ACTIVE'])('accepts %s', (status) => {
    expect(validatePlain(UpdateNodeStatusDto, { status }).errors).toEqual([]);
  });

  it.each([{ status: 'DELETED' }, {}, { status: 'SUSPENDED', reason: 'x' }])('refuses %p', (plain) => {
    expect(validatePlain(UpdateNodeStatusDto, plain).errors).not.toEqual([]);
  });
});
