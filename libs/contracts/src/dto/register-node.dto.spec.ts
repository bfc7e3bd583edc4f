import { exampleCopy } from './design-examples';
import { NodeContactDto, RegisterNodeDto } from './register-node.dto';
import { validatePlain } from './validate-plain';

function node(change: (n: Record<string, any>) => void = () => undefined): Record<string, any> {
  const plain = exampleCopy('registerNode');
  change(plain);
  return plain;
}

const validate = (plain: unknown) => validatePlain(RegisterNodeDto, plain);

describe(RegisterNodeDto.name, () => {
  it('accepts the DESIGN section 8 POST /nodes example', () => {
    const { value, errors } = validate(node());
    expect(errors).toEqual([]);
    expect(value?.contact).toBeInstanceOf(NodeContactDto);
  });

  it('defaults locodes and contact to empty when left out', () => {
    const { value, errors } = validate(node((n) => (delete n.locodes, delete n.contact)));
    expect(errors).toEqual([]);
    expect(value).toMatchObject({ locodes: [], contact: {} });
  });

  it('refuses an id whose country disagrees with country, naming id', () => {
    expect(validate(node((n) => (n.country = 'UZ'))).errors).toEqual([
      { field: 'id', messages: ['id: KZ-PCU-AKTAU says country KZ but country is UZ'] },
    ]);
  });

  it('refuses an id whose type disagrees with type, naming id', () => {
    expect(validate(node((n) => (n.type = 'HQ'))).errors).toEqual([
      { field: 'id', messages: ['id: KZ-PCU-AKTAU says type PCU but type is HQ'] },
    ]);
  });

  it('names both disagreements at once', () => {
    const { errors } = validate(node((n) => ((n.type = 'ACCU'), (n.country = 'UZ'))));
    expect(errors).toEqual([
      { field: 'id', messages: ['id: KZ-PCU-AKTAU says type PCU but type is ACCU, and country KZ but country is UZ'] },
    ]);
  });

  it.each<[string, (n: Record<string, any>) => void, string[]]>([
    ['a malformed id (reported once, not as a disagreement)', (n) => (n.id = 'KZ_PCU_AKTAU'), ['id']],
    ['an unknown type', (n) => ((n.type = 'PORT'), (n.id = 'KZ-PCU-AKTAU')), ['id', 'type']],
    ['an unknown country', (n) => ((n.country = 'QQ'), (n.id = 'QQ-PCU-AKTAU')), ['id', 'country']],
    ['an empty name', (n) => (n.name = ''), ['name']],
    ['a malformed locode', (n) => (n.locodes = ['KZAAU', 'Aktau']), ['locodes.1']],
    ['a phone number not in E.164', (n) => (n.contact.phone = '8 7292 000000'), ['contact.phone']],
    ['an email that is not one', (n) => (n.contact.email = 'pcu.aktau'), ['contact.email']],
    ['an unknown contact field', (n) => (n.contact.fax = '+77292000001'), ['contact.fax']],
  ])('refuses %s', (_what, change, fields) => {
    expect(validate(node(change)).errors.map((e) => e.field)).toEqual(fields);
  });
});
