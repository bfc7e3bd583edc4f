import { SubscriptionFilterDto } from './subscription-filter.dto';
import { validatePlain } from './validate-plain';

const fieldsOf = (plain: unknown) => validatePlain(SubscriptionFilterDto, plain).errors.map((e) => e.field);

describe(SubscriptionFilterDto.name, () => {
  it('accepts every field constrained', () => {
    const filter = {
      locodes: ['KZAAU', 'AZBAK'],
      countries: ['KZ'],
      hsPrefixes: ['30', '3004', '300420'],
      categories: ['IPR'],
      modes: ['SEA'],
      minRiskLevel: 'HIGH',
      kinds: ['ALERT', 'RISK_PROFILE'],
    };
    expect(fieldsOf(filter)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a locode of an unknown country', { locodes: ['QQAAU'] }, ['locodes.0']],
    ['an unknown country', { countries: ['KZ', 'XZ'] }, ['countries.1']],
    ['an HS prefix of 1 digit', { hsPrefixes: ['3'] }, ['hsPrefixes.0']],
    ['an HS prefix longer than 6 digits', { hsPrefixes: ['300420', '30042010'] }, ['hsPrefixes.1']],
    ['an HS prefix of no chapter', { hsPrefixes: ['7701'] }, ['hsPrefixes.0']],
    ['an unknown category', { categories: ['FISH'] }, ['categories']],
    ['an unknown mode', { modes: ['PIPELINE'] }, ['modes']],
    ['an unknown risk level', { minRiskLevel: 'SEVERE' }, ['minRiskLevel']],
    ['a risk level given as a list', { minRiskLevel: ['HIGH'] }, ['minRiskLevel']],
    ['an unknown kind', { kinds: ['GOSSIP'] }, ['kinds']],
    ['a lone value where a list belongs', { locodes: 'KZAAU' }, ['locodes']],
    ['more than 500 values', { locodes: Array.from({ length: 501 }, () => 'KZAAU') }, ['locodes']],
    ['an unknown field', { ports: ['KZAAU'] }, ['ports']],
  ])('refuses %s', (_what, filter, fields) => {
    expect(fieldsOf(filter)).toEqual(fields);
  });
});
