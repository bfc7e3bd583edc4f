import { validatePlain } from './validate-plain';
import { WithdrawMessageDto } from './withdraw-message.dto';
import { WithdrawalBodyDto } from './withdrawal-body.dto';

const refersTo = '5e0f1c2a-8d4b-4f6e-a1c3-2b9d7e6f5a40';

describe(WithdrawalBodyDto.name, () => {
  it('accepts the id of the message withdrawn and a reason', () => {
    expect(validatePlain(WithdrawalBodyDto, { refersTo, reason: 'false alarm' }).errors).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no reason', { refersTo }, ['reason']],
    ['an empty reason', { refersTo, reason: '' }, ['reason']],
    ['a reason over 1000 characters', { refersTo, reason: 'x'.repeat(1001) }, ['reason']],
    ['a reference that is not a UUID', { refersTo: 'msg-1', reason: 'x' }, ['refersTo']],
    ['an unknown field', { refersTo, reason: 'x', version: 2 }, ['version']],
  ])('refuses %s', (_what, plain, fields) => {
    expect(validatePlain(WithdrawalBodyDto, plain).errors.map((e) => e.field)).toEqual(fields);
  });
});

describe(WithdrawMessageDto.name, () => {
  it('takes the reason only: the message is the one in the path', () => {
    expect(validatePlain(WithdrawMessageDto, { reason: 'false alarm' }).errors).toEqual([]);
    expect(validatePlain(WithdrawMessageDto, { reason: 'x', refersTo }).errors.map((e) => e.field)).toEqual([
      'refersTo',
    ]);
  });
});
