import { ScreenShipmentDto } from './screen-shipment.dto';
import { validatePlain } from './validate-plain';

function shipment(change: (s: Record<string, any>) => void = () => undefined): Record<string, any> {
  const plain: Record<string, any> = {
    itinerary: [
      { locode: 'AZBAK', role: 'LOADING' },
      { locode: 'KZAAU', role: 'DISCHARGE' },
    ],
    goods: [{ hsCode: '300420', description: 'Antibiotics' }],
    transport: { containers: ['CSQU3054383'], awbs: [], billOfLading: 'MEDUAK123456', vesselImo: 'IMO9074729' },
    parties: { shipper: 'Caspian Pharma Trading', consignee: 'Aktau Medical Supplies LLC' },
    mode: 'SEA',
    category: 'FALSIFIED_MEDICAL',
  };
  change(plain);
  return plain;
}

const fieldsOf = (plain: unknown) => validatePlain(ScreenShipmentDto, plain).errors.map((e) => e.field);

describe(ScreenShipmentDto.name, () => {
  it('accepts a complete shipment', () => {
    const { value, errors } = validatePlain(ScreenShipmentDto, shipment());
    expect(errors).toEqual([]);
    expect(value).toEqual(shipment());
  });

  it('accepts an itinerary alone, with no goods by default', () => {
    const { value, errors } = validatePlain(ScreenShipmentDto, { itinerary: [{ locode: 'KZAAU', role: 'DISCHARGE' }] });
    expect(errors).toEqual([]);
    expect(value?.goods).toEqual([]);
  });

  it.each<[string, (s: Record<string, any>) => void, string[]]>([
    ['no itinerary', (s) => delete s.itinerary, ['itinerary']],
    ['an empty itinerary', (s) => (s.itinerary = []), ['itinerary']],
    ['a malformed LOCODE', (s) => (s.itinerary[0].locode = 'AZ-BAK'), ['itinerary.0.locode']],
    ['an unknown role', (s) => (s.itinerary[1].role = 'STOPOVER'), ['itinerary.1.role']],
    ['an HS code of no chapter', (s) => (s.goods[0].hsCode = '7701'), ['goods.0.hsCode']],
    ['a goods line without HS code', (s) => (s.goods = [{ description: 'x' }]), ['goods.0.hsCode']],
    [
      'a container with a wrong check digit',
      (s) => (s.transport.containers = ['CSQU3054384']),
      ['transport.containers.0'],
    ],
    ['a vessel IMO with a wrong check digit', (s) => (s.transport.vesselImo = 'IMO9074728'), ['transport.vesselImo']],
    ['an empty shipper name', (s) => (s.parties.shipper = ''), ['parties.shipper']],
    ['an unknown party', (s) => (s.parties.notify = 'x'), ['parties.notify']],
    ['an unknown mode', (s) => (s.mode = 'PIPELINE'), ['mode']],
    ['an unknown category', (s) => (s.category = 'FISH'), ['category']],
    ['an unknown field', (s) => (s.riskLevel = 'HIGH'), ['riskLevel']],
  ])('refuses %s, naming the field', (_what, change, fields) => {
    expect(fieldsOf(shipment(change))).toEqual(fields);
  });
});
