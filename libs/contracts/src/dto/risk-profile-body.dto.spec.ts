import { EnvelopeDto } from './envelope.dto';
import { PublishMessageDto } from './publish-message.dto';
import { namePatternProblem, RiskProfileBodyDto } from './risk-profile-body.dto';
import { validatePlain } from './validate-plain';

/** A complete, valid profile with `change` applied. */
function profile(change: (body: Record<string, any>) => void = () => undefined): Record<string, any> {
  const body: Record<string, any> = {
    profileId: 'KZ-RP-ANTIBIOTICS.01',
    title: 'Falsified antibiotics through Caspian ports',
    summary: 'Retail packs declared as vitamins.',
    lang: 'en',
    category: 'FALSIFIED_MEDICAL',
    riskLevel: 'HIGH',
    criteria: { locodes: ['KZAAU'], countries: ['AZ'], hsPrefixes: ['3004'], categories: ['FALSIFIED_MEDICAL'] },
    indicators: {
      shipperPatterns: ['pharma trading'],
      consigneePatterns: ['*medical* llc'],
      containerOwnerPrefixes: ['CSQU', 'ABCJ', 'XYZZ'],
    },
    recommendedAction: 'EXAMINE',
    validFrom: '2026-12-01T00:00:00Z',
    validUntil: '2027-06-01T00:00:00Z',
    version: 1,
  };
  change(body);
  return body;
}

const fieldsOf = (plain: unknown) => validatePlain(RiskProfileBodyDto, plain).errors.map((e) => e.field);

describe(RiskProfileBodyDto.name, () => {
  it('accepts a complete profile', () => {
    const { value, errors } = validatePlain(RiskProfileBodyDto, profile());
    expect(errors).toEqual([]);
    expect(value).toEqual(profile());
  });

  it('accepts a profile without the optional fields', () => {
    const minimal = profile((b) => {
      for (const key of ['summary', 'category', 'riskLevel', 'indicators']) delete b[key];
      b.criteria = { minRiskLevel: 'HIGH' };
    });
    expect(fieldsOf(minimal)).toEqual([]);
  });

  it.each<[string, (b: Record<string, any>) => void, string[]]>([
    ['a profile id with small letters', (b) => (b.profileId = 'kz-rp-1'), ['profileId']],
    ['a profile id over 64 characters', (b) => (b.profileId = 'A'.repeat(65)), ['profileId']],
    ['an empty profile id', (b) => (b.profileId = ''), ['profileId']],
    ['an empty title', (b) => (b.title = ''), ['title']],
    ['a language that is not a code', (b) => (b.lang = 'English'), ['lang']],
    ['an unknown category', (b) => (b.category = 'FISH'), ['category']],
    ['an unknown risk level', (b) => (b.riskLevel = 'SEVERE'), ['riskLevel']],
    ['no criteria', (b) => delete b.criteria, ['criteria']],
    ['criteria constraining nothing', (b) => (b.criteria = {}), ['criteria']],
    ['criteria of empty lists only', (b) => (b.criteria = { locodes: [], modes: [] }), ['criteria']],
    ['criteria with a bad LOCODE', (b) => (b.criteria.locodes = ['KZAAU', 'QQAAU']), ['criteria.locodes.1']],
    [
      'criteria with an HS prefix of 8 digits',
      (b) => (b.criteria.hsPrefixes = ['30042010']),
      ['criteria.hsPrefixes.0'],
    ],
    ['criteria naming message kinds', (b) => (b.criteria.kinds = ['ALERT']), ['criteria.kinds']],
    ['criteria with an unknown field', (b) => (b.criteria.ports = ['KZAAU']), ['criteria.ports']],
    [
      'an owner prefix not ending in U, J or Z',
      (b) => (b.indicators.containerOwnerPrefixes = ['CSQX']),
      ['indicators.containerOwnerPrefixes'],
    ],
    [
      'an owner prefix in small letters',
      (b) => (b.indicators.containerOwnerPrefixes = ['csqu']),
      ['indicators.containerOwnerPrefixes'],
    ],
    [
      'a lone wildcard pattern',
      (b) => (b.indicators.shipperPatterns = ['pharma', '*']),
      ['indicators.shipperPatterns.1'],
    ],
    [
      'a pattern with a control character',
      (b) => (b.indicators.consigneePatterns = ['a\nb c']),
      ['indicators.consigneePatterns.0'],
    ],
    ['an unknown indicator', (b) => (b.indicators.vessels = ['IMO9074729']), ['indicators.vessels']],
    ['an unknown action', (b) => (b.recommendedAction = 'SEIZE'), ['recommendedAction']],
    ['a validFrom that is not a date', (b) => (b.validFrom = 'soon'), ['validFrom']],
    ['a validUntil equal to validFrom', (b) => (b.validUntil = b.validFrom), ['validUntil']],
    ['a validUntil before validFrom', (b) => (b.validUntil = '2026-11-30T23:59:59Z'), ['validUntil']],
    ['version 0', (b) => (b.version = 0), ['version']],
    ['a fractional version', (b) => (b.version = 1.5), ['version']],
    ['a version given as a string', (b) => (b.version = '2'), ['version']],
    ['an unknown field', (b) => (b.requestedAction = 'EXAMINE'), ['requestedAction']],
  ])('refuses %s, naming the field', (_what, change, fields) => {
    expect(fieldsOf(profile(change))).toEqual(fields);
  });

  it('is how POST /messages validates a RISK_PROFILE body', () => {
    const message = { kind: 'RISK_PROFILE', tlp: 'GREEN', body: profile() };
    const { value, errors } = validatePlain(PublishMessageDto, message);
    expect(errors).toEqual([]);
    expect(value?.body).toBeInstanceOf(RiskProfileBodyDto);
    const bad = { ...message, body: profile((b) => (b.criteria = {})) };
    expect(validatePlain(PublishMessageDto, bad).errors.map((e) => e.field)).toEqual(['body.criteria']);
  });

  it('is how the router validates a RISK_PROFILE envelope', () => {
    const envelope = {
      id: '5b0e8a2e-4c1b-4f57-9d2a-0f3f4b6f9a10',
      kind: 'RISK_PROFILE',
      origin: 'KZ-HQ-ASTANA',
      createdAt: '2026-11-29T00:00:00Z',
      tlp: 'GREEN',
      to: { nodes: [], countries: [], groups: [] },
      body: profile(),
    };
    expect(validatePlain(EnvelopeDto, envelope).errors).toEqual([]);
    expect(validatePlain(EnvelopeDto, { ...envelope, body: { title: 'x' } }).errors.length).toBeGreaterThan(0);
  });
});

describe(namePatternProblem.name, () => {
  it.each(['pharma', '*medical* llc', 'ООО Фарм', 'a1'])('accepts %j', (pattern) => {
    expect(namePatternProblem(pattern)).toBeUndefined();
  });

  it.each<[unknown, string]>([
    [42, 'should be a string'],
    ['', 'should be 1 to 100 characters'],
    ['x'.repeat(101), 'should be 1 to 100 characters'],
    ['**', 'should contain at least two letters or digits'],
    ['a*', 'should contain at least two letters or digits'],
    ['ab\u0007', 'should not contain control characters'],
  ])('refuses %j', (pattern, problem) => {
    expect(namePatternProblem(pattern)).toBe(problem);
  });
});
