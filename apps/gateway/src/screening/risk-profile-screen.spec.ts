import type { RiskProfileBody } from '@iren/contracts';
import { inForce, isActive, screenShipment, type ReceivedProfile, type ScreenedShipment } from './risk-profile-screen';

const NOW = new Date('2027-01-15T12:00:00Z');

function profile(body: Partial<RiskProfileBody> = {}, messageId = 'm-1', origin = 'KZ-HQ-ASTANA'): ReceivedProfile {
  return {
    messageId,
    origin,
    body: {
      profileId: 'RP-1',
      title: 'Antibiotics via Aktau',
      lang: 'en',
      criteria: { locodes: ['KZAAU'] },
      recommendedAction: 'EXAMINE',
      validFrom: '2027-01-01T00:00:00Z',
      validUntil: '2027-02-01T00:00:00Z',
      version: 1,
      ...body,
    },
  };
}

const SHIPMENT: ScreenedShipment = {
  itinerary: [{ locode: 'AZBAK' }, { locode: 'KZAAU' }],
  goods: [{ hsCode: '300420' }, { hsCode: '850440' }],
  transport: { containers: ['CSQU3054383', 'MSCU1234565'] },
  parties: { shipper: 'Caspian Pharma Trading LLC', consignee: 'Aktau Medical Supplies' },
  mode: 'SEA',
  category: 'FALSIFIED_MEDICAL',
};

const screen = (profiles: ReceivedProfile[], shipment: ScreenedShipment = SHIPMENT, now = NOW) =>
  screenShipment(shipment, profiles, now);
const reasonsOf = (body: Partial<RiskProfileBody>, shipment: ScreenedShipment = SHIPMENT) =>
  screen([profile(body)], shipment)[0]?.reasons;

describe(screenShipment.name, () => {
  it('answers a fitting profile with what it says and why it fits', () => {
    expect(screen([profile({ riskLevel: 'HIGH', category: 'FALSIFIED_MEDICAL' })])).toEqual([
      {
        messageId: 'm-1',
        origin: 'KZ-HQ-ASTANA',
        profileId: 'RP-1',
        version: 1,
        title: 'Antibiotics via Aktau',
        recommendedAction: 'EXAMINE',
        category: 'FALSIFIED_MEDICAL',
        riskLevel: 'HIGH',
        validUntil: '2027-02-01T00:00:00Z',
        reasons: [{ field: 'locodes', profile: ['KZAAU'], shipment: ['KZAAU'] }],
        unchecked: [],
      },
    ]);
  });

  describe('criteria', () => {
    it.each<
      [string, RiskProfileBody['criteria'], { field: string; profile: string[]; shipment: string[] }[] | undefined]
    >([
      [
        'a LOCODE of the itinerary',
        { locodes: ['GEPTI', 'AZBAK'] },
        [{ field: 'locodes', profile: ['AZBAK'], shipment: ['AZBAK'] }],
      ],
      ['no LOCODE of the itinerary', { locodes: ['GEPTI'] }, undefined],
      [
        'a country of the itinerary',
        { countries: ['KZ'] },
        [{ field: 'countries', profile: ['KZ'], shipment: ['KZ'] }],
      ],
      ['no country of the itinerary', { countries: ['GE', 'UZ'] }, undefined],
      [
        'an HS prefix of a goods line',
        { hsPrefixes: ['3004', '9999'] },
        [{ field: 'hsPrefixes', profile: ['3004'], shipment: ['300420'] }],
      ],
      [
        'a 6-digit HS prefix equal to a code',
        { hsPrefixes: ['850440'] },
        [{ field: 'hsPrefixes', profile: ['850440'], shipment: ['850440'] }],
      ],
      ['an HS prefix of no goods line', { hsPrefixes: ['2402'] }, undefined],
      [
        'the category of the shipment',
        { categories: ['IPR', 'FALSIFIED_MEDICAL'] },
        [{ field: 'categories', profile: ['FALSIFIED_MEDICAL'], shipment: ['FALSIFIED_MEDICAL'] }],
      ],
      ['another category', { categories: ['DRUGS'] }, undefined],
      ['the mode of the shipment', { modes: ['SEA'] }, [{ field: 'modes', profile: ['SEA'], shipment: ['SEA'] }]],
      ['another mode', { modes: ['AIR', 'ROAD'] }, undefined],
      [
        'every field, all holding',
        {
          locodes: ['KZAAU'],
          countries: ['AZ'],
          hsPrefixes: ['30'],
          categories: ['FALSIFIED_MEDICAL'],
          modes: ['SEA'],
        },
        [
          { field: 'locodes', profile: ['KZAAU'], shipment: ['KZAAU'] },
          { field: 'countries', profile: ['AZ'], shipment: ['AZ'] },
          { field: 'hsPrefixes', profile: ['30'], shipment: ['300420'] },
          { field: 'categories', profile: ['FALSIFIED_MEDICAL'], shipment: ['FALSIFIED_MEDICAL'] },
          { field: 'modes', profile: ['SEA'], shipment: ['SEA'] },
        ],
      ],
      [
        'every field but one holding',
        { locodes: ['KZAAU'], countries: ['AZ'], hsPrefixes: ['30'], modes: ['AIR'] },
        undefined,
      ],
      ['only a minimum risk level (not a fact of a shipment)', { minRiskLevel: 'LOW' }, undefined],
      ['empty lists only', { locodes: [], hsPrefixes: [] }, undefined],
    ])('%s', (_what, criteria, reasons) => {
      expect(reasonsOf({ criteria })).toEqual(reasons);
    });

    it('leaves a category or mode criterion unchecked when the shipment does not state it', () => {
      const { category: _c, mode: _m, ...unstated } = SHIPMENT;
      const [hit] = screen(
        [profile({ criteria: { locodes: ['KZAAU'], categories: ['DRUGS'], modes: ['AIR'] } })],
        unstated,
      );
      expect(hit.reasons.map((r) => r.field)).toEqual(['locodes']);
      expect(hit.unchecked).toEqual(['categories', 'modes']);
    });

    it('does not fit on unchecked criteria alone', () => {
      const { category: _c, ...unstated } = SHIPMENT;
      expect(screen([profile({ criteria: { categories: ['FALSIFIED_MEDICAL'] } })], unstated)).toEqual([]);
    });

    it('does not fit a shipment without goods to a profile on HS prefixes', () => {
      expect(reasonsOf({ criteria: { hsPrefixes: ['30'] } }, { ...SHIPMENT, goods: [] })).toBeUndefined();
    });
  });

  describe('indicators', () => {
    const criteria = { locodes: ['KZAAU'] };

    it.each<
      [string, RiskProfileBody['indicators'], { field: string; profile: string[]; shipment: string[] }[] | undefined]
    >([
      [
        'a shipper substring',
        { shipperPatterns: ['PHARMA trading', 'tobacco'] },
        [{ field: 'shipperPatterns', profile: ['PHARMA trading'], shipment: ['Caspian Pharma Trading LLC'] }],
      ],
      [
        'a consignee wildcard',
        { consigneePatterns: ['aktau*supplies'] },
        [{ field: 'consigneePatterns', profile: ['aktau*supplies'], shipment: ['Aktau Medical Supplies'] }],
      ],
      [
        'a container owner prefix',
        { containerOwnerPrefixes: ['MSCU', 'TGHU'] },
        [{ field: 'containerOwnerPrefixes', profile: ['MSCU'], shipment: ['MSCU1234565'] }],
      ],
      [
        'several at once',
        { shipperPatterns: ['caspian*'], consigneePatterns: ['nobody'], containerOwnerPrefixes: ['CSQU'] },
        [
          { field: 'shipperPatterns', profile: ['caspian*'], shipment: ['Caspian Pharma Trading LLC'] },
          { field: 'containerOwnerPrefixes', profile: ['CSQU'], shipment: ['CSQU3054383'] },
        ],
      ],
      [
        'none that holds',
        { shipperPatterns: ['tobacco'], consigneePatterns: ['*llc'], containerOwnerPrefixes: ['TGHU'] },
        undefined,
      ],
      ['a shipper pattern where the shipper is a consignee', { shipperPatterns: ['medical'] }, undefined],
      ['empty lists only (no indicator to require)', { shipperPatterns: [], containerOwnerPrefixes: [] }, []],
    ])('%s', (_what, indicators, held) => {
      // The criterion on KZAAU holds in every case: it comes first, then the indicators that hold.
      const expected = held && [{ field: 'locodes', profile: ['KZAAU'], shipment: ['KZAAU'] }, ...held];
      expect(reasonsOf({ criteria, indicators })).toEqual(expected);
    });

    it('requires the criteria even when an indicator holds', () => {
      expect(
        reasonsOf({ criteria: { locodes: ['GEPTI'] }, indicators: { containerOwnerPrefixes: ['CSQU'] } }),
      ).toBeUndefined();
    });

    it('fits on indicators alone when the only criterion is a minimum risk level', () => {
      expect(reasonsOf({ criteria: { minRiskLevel: 'HIGH' }, indicators: { shipperPatterns: ['pharma'] } })).toEqual([
        { field: 'shipperPatterns', profile: ['pharma'], shipment: ['Caspian Pharma Trading LLC'] },
      ]);
    });

    it('finds nothing in a shipment without parties or containers', () => {
      const bare = { itinerary: SHIPMENT.itinerary, goods: [] };
      expect(
        reasonsOf({ criteria, indicators: { shipperPatterns: ['pharma'], containerOwnerPrefixes: ['CSQU'] } }, bare),
      ).toBeUndefined();
    });
  });

  describe('validity and versions', () => {
    it.each<[string, string, boolean]>([
      ['before validFrom', '2026-12-31T23:59:59.999Z', false],
      ['at validFrom', '2027-01-01T00:00:00Z', true],
      ['just before validUntil', '2027-01-31T23:59:59.999Z', true],
      ['at validUntil', '2027-02-01T00:00:00Z', false],
      ['after validUntil', '2027-03-01T00:00:00Z', false],
    ])('%s: %s', (_what, at, expected) => {
      expect(isActive(profile().body, new Date(at))).toBe(expected);
      expect(screen([profile()], SHIPMENT, new Date(at))).toHaveLength(expected ? 1 : 0);
    });

    it('keeps only the highest version of a profile received from one origin', () => {
      const v1 = profile({ version: 1 }, 'm-1');
      const v3 = profile({ version: 3, criteria: { locodes: ['GEPTI'] } }, 'm-3');
      const v2 = profile({ version: 2 }, 'm-2');
      expect(screen([v1, v3, v2])).toEqual([]);
      expect(screen([v1, v2]).map((hit) => [hit.messageId, hit.version])).toEqual([['m-2', 2]]);
    });

    it('falls back to an older version while the newer one is not yet valid', () => {
      const v1 = profile({ version: 1 }, 'm-1');
      const v2 = profile({ version: 2, validFrom: '2027-01-20T00:00:00Z' }, 'm-2');
      expect(screen([v1, v2]).map((hit) => hit.messageId)).toEqual(['m-1']);
    });

    it('tells apart equal profile ids of two origins', () => {
      const ours = profile({}, 'm-1', 'KZ-HQ-ASTANA');
      const theirs = profile({ version: 5 }, 'm-2', 'AZ-HQ-BAKU');
      expect(
        screen([ours, theirs])
          .map((hit) => hit.messageId)
          .sort(),
      ).toEqual(['m-1', 'm-2']);
    });
  });

  it('counts as in force each profile once, in its latest version in force', () => {
    const profiles = [
      profile({ version: 1 }, 'm-1'),
      profile({ version: 2 }, 'm-2'),
      profile({ profileId: 'RP-2', validUntil: '2027-01-10T00:00:00Z' }, 'm-3'),
      profile({ profileId: 'RP-3', criteria: { locodes: ['GEPTI'] } }, 'm-4'),
    ];
    expect(inForce(profiles, NOW).map((p) => p.messageId)).toEqual(['m-2', 'm-4']);
  });

  it('lists the most severe first, then by profile id', () => {
    const hits = screen([
      profile({ profileId: 'B', riskLevel: 'MEDIUM' }, 'm-b'),
      profile({ profileId: 'A' }, 'm-a'),
      profile({ profileId: 'C', riskLevel: 'CRITICAL' }, 'm-c'),
      profile({ profileId: 'D', riskLevel: 'MEDIUM' }, 'm-d'),
    ]);
    expect(hits.map((hit) => hit.profileId)).toEqual(['C', 'B', 'D', 'A']);
  });

  it('answers nothing when no profile was received', () => {
    expect(screen([])).toEqual([]);
  });
});
