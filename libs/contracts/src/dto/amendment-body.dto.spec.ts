import { AlertBodyDto } from './alert-body.dto';
import { AmendMessageDto } from './amend-message.dto';
import { amendedBodyProblems } from './amended-body';
import { AmendmentBodyDto } from './amendment-body.dto';
import { exampleCopy } from './design-examples';
import { validatePlain } from './validate-plain';

const refersTo = '5e0f1c2a-8d4b-4f6e-a1c3-2b9d7e6f5a40';
const alertBody = () => exampleCopy('publishMessage').body;

describe(AmendmentBodyDto.name, () => {
  it('accepts a version from 2 with the new body and an optional reason', () => {
    expect(validatePlain(AmendmentBodyDto, { refersTo, version: 2, body: alertBody() }).errors).toEqual([]);
    expect(validatePlain(AmendmentBodyDto, { refersTo, version: 3, reason: 'x', body: alertBody() }).errors).toEqual(
      [],
    );
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['version 1: the original is version 1', { refersTo, version: 1, body: {} }, ['version']],
    ['a fractional version', { refersTo, version: 2.5, body: {} }, ['version']],
    ['no body', { refersTo, version: 2 }, ['body']],
    ['a body that is not an object', { refersTo, version: 2, body: 'new text' }, ['body']],
    ['no reference', { version: 2, body: {} }, ['refersTo']],
  ])('refuses %s', (_what, plain, fields) => {
    expect(validatePlain(AmendmentBodyDto, plain).errors.map((e) => e.field)).toEqual(fields);
  });
});

describe(AmendMessageDto.name, () => {
  it('takes the body and an optional reason, nothing else', () => {
    expect(validatePlain(AmendMessageDto, { body: alertBody() }).errors).toEqual([]);
    expect(validatePlain(AmendMessageDto, { body: {}, version: 2 }).errors.map((e) => e.field)).toEqual(['version']);
  });
});

describe(amendedBodyProblems.name, () => {
  it("validates the new body by the original's kind, applying its defaults", () => {
    const body = alertBody();
    delete body.goods;
    const { value, errors } = amendedBodyProblems('ALERT', body);
    expect(errors).toEqual([]);
    expect(value).toBeInstanceOf(AlertBodyDto);
    expect(value).toMatchObject({ goods: [] });
  });

  it('names the failing fields from the amendment: body.<field>', () => {
    const body = alertBody();
    body.transport.containers = ['CSQU3054384'];
    body.title = '';
    expect(amendedBodyProblems('ALERT', body).errors.map((e) => e.field)).toEqual([
      'body.title',
      'body.transport.containers.0',
    ]);
  });

  it('refuses a body that is not an object as the body itself', () => {
    expect(amendedBodyProblems('ALERT', 'text').errors).toEqual([
      { field: 'body', messages: ['should be a JSON object'] },
    ]);
  });
});
