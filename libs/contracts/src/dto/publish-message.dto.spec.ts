import { AlertBodyDto } from './alert-body.dto';
import { exampleCopy } from './design-examples';
import { PUBLISHABLE_KINDS } from './message-bodies';
import { PublishMessageDto } from './publish-message.dto';
import { validatePlain } from './validate-plain';

const validate = (plain: unknown) => validatePlain(PublishMessageDto, plain);

/** The DESIGN example with `change` applied to a fresh copy. */
function example(change: (message: Record<string, any>) => void): Record<string, any> {
  const message = exampleCopy('publishMessage');
  change(message);
  return message;
}

const fieldsOf = (plain: unknown) => validate(plain).errors.map((e) => e.field);

describe(PublishMessageDto.name, () => {
  it('accepts the DESIGN section 8 POST /messages example as it is', () => {
    const { value, errors } = validate(exampleCopy('publishMessage'));
    expect(errors).toEqual([]);
    expect(value?.body).toBeInstanceOf(AlertBodyDto);
    expect(value).toEqual(exampleCopy('publishMessage'));
  });

  it('refuses a container number with a wrong check digit, naming the element', () => {
    const plain = example((m) => (m.body.transport.containers = ['CSQU3054383', 'CSQU3054384']));
    expect(validate(plain).errors).toEqual([
      { field: 'body.transport.containers.1', messages: ['containers.1: check digit should be 3'] },
    ]);
  });

  it('refuses unknown fields, at the top and inside the body', () => {
    const plain = example((m) => {
      m.origin = 'KZ-PCU-AKTAU';
      m.body.goods[0].colour = 'red';
    });
    expect(fieldsOf(plain)).toEqual(['origin', 'body.goods.0.colour']);
  });

  it('accepts a message that leaves out every optional field', () => {
    const plain = example((m) => {
      delete m.handling;
      delete m.to;
      for (const key of ['transport', 'goods', 'indicators', 'feedbackDueBy']) delete m.body[key];
    });
    const { value, errors } = validate(plain);
    expect(errors).toEqual([]);
    // The defaults make the result a complete AlertBody.
    expect(value?.body).toMatchObject({ transport: {}, goods: [], indicators: [] });
  });

  it('fills addressing lists left out with empty ones', () => {
    const { value } = validate(example((m) => (m.to = { countries: ['AZ'] })));
    expect(value?.to).toEqual({ nodes: [], countries: ['AZ'], groups: [] });
  });

  it.each(['FEEDBACK', 'HIT'])('refuses the known kind %s that is not published here, saying so', (kind) => {
    // The body is then also checked against the kind's own body DTO, if it has one: only the kind matters here.
    expect(validate(example((m) => (m.kind = kind))).errors).toContainEqual({
      field: 'kind',
      messages: [`kind: ${kind} is not published with POST /messages; supported: ${PUBLISHABLE_KINDS.join(', ')}`],
    });
  });

  it('refuses an unknown kind as not one of the kinds', () => {
    const { errors } = validate(example((m) => (m.kind = 'GOSSIP')));
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe('kind');
    expect(errors[0].messages).toEqual([expect.stringContaining('kind must be one of the following values')]);
  });

  it.each<[string, (m: Record<string, any>) => void, string]>([
    ['a TLP outside TLP 2.0', (m) => (m.tlp = 'WHITE'), 'tlp'],
    ['a handling code outside H0-H3', (m) => (m.handling = 'H4'), 'handling'],
    ['an addressee that is not a node id', (m) => (m.to.nodes = ['AKTAU']), 'to.nodes.0'],
    ['an unknown addressee country', (m) => (m.to.countries = ['AZ', 'QQ']), 'to.countries.1'],
    ['an operation with spaces', (m) => (m.operation = 'op 1'), 'operation'],
    ['no body', (m) => delete m.body, 'body'],
    ['a body that is not an object', (m) => (m.body = 'alert'), 'body'],
    ['an unknown category', (m) => (m.body.category = 'FISH'), 'body.category'],
    ['an empty title', (m) => (m.body.title = ''), 'body.title'],
    ['a title over 200 characters', (m) => (m.body.title = 'x'.repeat(201)), 'body.title'],
    ['a summary over 4000 characters', (m) => (m.body.summary = 'x'.repeat(4001)), 'body.summary'],
    ['a language that is not a code', (m) => (m.body.lang = 'English'), 'body.lang'],
    [
      'a vessel IMO with a wrong check digit',
      (m) => (m.body.transport.vesselImo = 'IMO9074728'),
      'body.transport.vesselImo',
    ],
    ['an air waybill failing mod 7', (m) => (m.body.transport.awbs = ['176-12345676']), 'body.transport.awbs.0'],
    ['a malformed flight', (m) => (m.body.transport.flight = 'KC 941'), 'body.transport.flight'],
    [
      'a bill of lading with spaces',
      (m) => (m.body.transport.billOfLading = 'MEDU AK1'),
      'body.transport.billOfLading',
    ],
    ['an empty itinerary', (m) => (m.body.itinerary = []), 'body.itinerary'],
    [
      'an itinerary point of an unknown country',
      (m) => (m.body.itinerary[1].locode = 'QQAAU'),
      'body.itinerary.1.locode',
    ],
    ['a malformed locode', (m) => (m.body.itinerary[0].locode = 'AZ-BAK'), 'body.itinerary.0.locode'],
    ['an unknown itinerary role', (m) => (m.body.itinerary[0].role = 'PASSING'), 'body.itinerary.0.role'],
    ['an HS code of no chapter', (m) => (m.body.goods[0].hsCode = '770000'), 'body.goods.0.hsCode'],
    ['a negative quantity', (m) => (m.body.goods[0].quantity = -1), 'body.goods.0.quantity'],
    ['a quantity given as text', (m) => (m.body.goods[0].quantity = '12000'), 'body.goods.0.quantity'],
    ['an unknown unit', (m) => (m.body.goods[0].unit = 'BOXES'), 'body.goods.0.unit'],
    ['an indicator in small letters', (m) => (m.body.indicators = ['route_deviation']), 'body.indicators'],
    ['an unknown requested action', (m) => (m.body.requestedAction = 'SEIZE'), 'body.requestedAction'],
    ['a due date that is not ISO 8601', (m) => (m.body.feedbackDueBy = '10/12/2026'), 'body.feedbackDueBy'],
    ['an impossible validity date', (m) => (m.body.validUntil = '2026-02-30'), 'body.validUntil'],
  ])('refuses %s, naming the field', (_what, change, field) => {
    expect(fieldsOf(example(change))).toEqual([field]);
  });

  it('reports every failing field at once', () => {
    const plain = example((m) => {
      m.tlp = 'WHITE';
      m.body.transport.containers = ['CSQU3054384'];
      m.body.itinerary[0].locode = 'QQAAU';
    });
    expect(fieldsOf(plain).sort()).toEqual(['body.itinerary.0.locode', 'body.transport.containers.0', 'tlp']);
  });
});
