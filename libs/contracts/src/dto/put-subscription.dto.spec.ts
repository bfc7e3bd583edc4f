import { exampleCopy } from './design-examples';
import { PutSubscriptionDto } from './put-subscription.dto';
import { SubscriptionFilterDto } from './subscription-filter.dto';
import { validatePlain } from './validate-plain';

const fieldsOf = (plain: unknown) => validatePlain(PutSubscriptionDto, plain).errors.map((e) => e.field);

describe(PutSubscriptionDto.name, () => {
  it('accepts the DESIGN section 8 subscription example', () => {
    const { value, errors } = validatePlain(PutSubscriptionDto, exampleCopy('putSubscription'));
    expect(errors).toEqual([]);
    expect(value?.filters[0]).toBeInstanceOf(SubscriptionFilterDto);
  });

  it('accepts no filters at all and an empty (match-all) filter', () => {
    expect(fieldsOf({ filters: [] })).toEqual([]);
    expect(fieldsOf({ filters: [{}] })).toEqual([]);
  });

  it('refuses more than 100 filters', () => {
    expect(fieldsOf({ filters: Array.from({ length: 101 }, () => ({})) })).toEqual(['filters']);
  });

  it('refuses a list of filters that is not one', () => {
    expect(fieldsOf({ filters: { locodes: ['KZAAU'] } })).toEqual(['filters']);
    expect(fieldsOf({})).toEqual(['filters']);
  });

  it('names the failing filter and field', () => {
    const plain = exampleCopy('putSubscription');
    plain.filters[1].hsPrefixes = ['3004', '77'];
    expect(fieldsOf(plain)).toEqual(['filters.1.hsPrefixes.1']);
  });
});
