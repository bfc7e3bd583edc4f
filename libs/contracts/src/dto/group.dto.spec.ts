import { CreateGroupDto, PutGroupMembersDto } from './group.dto';
import { validatePlain } from './validate-plain';

const OPERATION = {
  id: 'OP-SILK-2026',
  name: 'Operation Silk Road 2026',
  kind: 'OPERATION',
  startsAt: '2026-12-01T00:00:00Z',
  endsAt: '2026-12-31T00:00:00Z',
  members: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'],
};
const GROUP = { id: 'CASPIAN-PCUS', name: 'Caspian seaport PCUs', kind: 'GROUP' };

const problemsOf = (cls: typeof CreateGroupDto | typeof PutGroupMembersDto, plain: unknown) =>
  validatePlain(cls, plain).errors.map((e) => [e.field, e.messages.join('; ')]);
const fieldsOf = (cls: typeof CreateGroupDto | typeof PutGroupMembersDto, plain: unknown) =>
  validatePlain(cls, plain).errors.map((e) => e.field);

describe(CreateGroupDto.name, () => {
  it('accepts an operation with its window and members', () => {
    const { value, errors } = validatePlain(CreateGroupDto, OPERATION);
    expect(errors).toEqual([]);
    expect(value).toMatchObject(OPERATION);
  });

  it('accepts a group without members or window, its members defaulting to none', () => {
    const { value, errors } = validatePlain(CreateGroupDto, GROUP);
    expect(errors).toEqual([]);
    expect(value?.members).toEqual([]);
    expect(value?.startsAt).toBeUndefined();
  });

  it.each(['A', 'CASPIAN-PCUS', 'OP.2026_1', '9'.repeat(64)])('accepts the id %s', (id) => {
    expect(fieldsOf(CreateGroupDto, { ...GROUP, id })).toEqual([]);
  });

  it.each(['', 'caspian', 'OP SILK', '-OP', 'Ä', 'A'.repeat(65), 42])('refuses the id %p, naming it', (id) => {
    expect(fieldsOf(CreateGroupDto, { ...GROUP, id })).toEqual(['id']);
  });

  it.each([
    ['a missing name', { name: undefined }, 'name'],
    ['an empty name', { name: '' }, 'name'],
    ['an unknown kind', { kind: 'TASKFORCE' }, 'kind'],
    ['an unknown field', { colour: 'red' }, 'colour'],
  ])('refuses %s', (_label, change, field) => {
    expect(fieldsOf(CreateGroupDto, { ...GROUP, ...change })).toEqual([field]);
  });

  it('refuses an operation without its start or end, naming the missing one', () => {
    expect(problemsOf(CreateGroupDto, { ...OPERATION, startsAt: undefined })).toEqual([
      ['startsAt', 'startsAt: an OPERATION needs a start and an end'],
    ]);
    expect(fieldsOf(CreateGroupDto, { ...OPERATION, endsAt: undefined })).toEqual(['endsAt']);
  });

  it('refuses an operation that ends before it starts, or when it starts', () => {
    const backwards = { ...OPERATION, startsAt: OPERATION.endsAt, endsAt: OPERATION.startsAt };
    expect(problemsOf(CreateGroupDto, backwards)).toEqual([['endsAt', 'endsAt: should be after startsAt']]);
    expect(fieldsOf(CreateGroupDto, { ...OPERATION, endsAt: OPERATION.startsAt })).toEqual(['endsAt']);
  });

  it.each(['tomorrow', '2026-13-01T00:00:00Z', '2026-12-01 00:00:00', 1764547200000])(
    'refuses the date %p',
    (startsAt) => {
      expect(fieldsOf(CreateGroupDto, { ...OPERATION, startsAt })).toEqual(['startsAt']);
    },
  );

  it('refuses a start or an end on a plain group', () => {
    expect(problemsOf(CreateGroupDto, { ...GROUP, endsAt: OPERATION.endsAt })).toEqual([
      ['endsAt', 'endsAt: only an OPERATION has a start and an end'],
    ]);
  });

  it('refuses a malformed member, naming its position', () => {
    expect(fieldsOf(CreateGroupDto, { ...GROUP, members: ['KZ-PCU-AKTAU', 'kz-pcu-aktau'] })).toEqual(['members.1']);
  });
});

describe(PutGroupMembersDto.name, () => {
  it('accepts a list of node ids, and an empty one', () => {
    expect(fieldsOf(PutGroupMembersDto, { members: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'] })).toEqual([]);
    expect(fieldsOf(PutGroupMembersDto, { members: [] })).toEqual([]);
  });

  it('refuses a missing list, or one that is not a list', () => {
    expect(fieldsOf(PutGroupMembersDto, {})).toContain('members');
    expect(fieldsOf(PutGroupMembersDto, { members: 'KZ-PCU-AKTAU' })).toContain('members');
  });

  it('refuses a node named twice', () => {
    expect(problemsOf(PutGroupMembersDto, { members: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU', 'KZ-PCU-AKTAU'] })).toEqual([
      ['members', 'members: should name each node once'],
    ]);
  });

  it('refuses more than 1000 members, and accepts 1000', () => {
    const ids = Array.from({ length: 1001 }, (_, i) => `KZ-PCU-N${String(i).padStart(4, '0')}`);
    expect(fieldsOf(PutGroupMembersDto, { members: ids })).toEqual(['members']);
    expect(fieldsOf(PutGroupMembersDto, { members: ids.slice(0, 1000) })).toEqual([]);
  });

  it('names every malformed member by its position', () => {
    expect(fieldsOf(PutGroupMembersDto, { members: ['XX-PCU-A', 'KZ-PCU-AKTAU', 'KZ-BOAT-X'] })).toEqual([
      'members.0',
      'members.2',
    ]);
  });
});
