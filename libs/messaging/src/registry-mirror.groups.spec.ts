import pino from 'pino';
import { REGISTRY_KEYS, type GroupRecord } from '@iren/contracts';
import { FakeRegistryBucket } from '@iren/messaging/testing';
import { RegistryMirror } from './registry-mirror';

const MEMBERS = ['AZ-PCU-BAKU', 'KZ-PCU-AKTAU'];
const CASPIAN: GroupRecord = {
  id: 'CASPIAN-PCUS',
  name: 'Caspian seaport PCUs',
  kind: 'GROUP',
  members: MEMBERS,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};
const SILK: GroupRecord = {
  ...CASPIAN,
  id: 'OP-SILK-2026',
  name: 'Operation Silk Road 2026',
  kind: 'OPERATION',
  startsAt: '2026-12-01T00:00:00.000Z',
  endsAt: '2026-12-31T00:00:00.000Z',
  members: ['KZ-PCU-AKTAU', 'UZ-HQ-TASHKENT'],
};

describe(`${RegistryMirror.name} groups and operations`, () => {
  let now: Date;
  let mirror: RegistryMirror;
  let bucket: FakeRegistryBucket;

  beforeEach(async () => {
    now = new Date('2026-11-15T00:00:00.000Z');
    bucket = new FakeRegistryBucket();
    bucket.put(REGISTRY_KEYS.group(CASPIAN.id), CASPIAN);
    bucket.put(REGISTRY_KEYS.group(SILK.id), SILK);
    mirror = new RegistryMirror(bucket.asKv(), bucket.registryKey, pino({ level: 'silent' }), () => now);
    await mirror.start();
  });

  afterEach(() => mirror.stop());

  it('answers a group’s members, and nothing for an unknown id or an operation', () => {
    expect(mirror.groupMembers(CASPIAN.id)).toEqual(MEMBERS);
    expect(mirror.groupMembers('NOWHERE')).toBeUndefined();
    expect(mirror.groupMembers(SILK.id)).toBeUndefined();
  });

  it('answers an operation’s members only from its start until its end', () => {
    const at = (iso: string) => {
      now = new Date(iso);
      return mirror.operationMembers(SILK.id);
    };
    expect(at('2026-11-30T23:59:59.999Z')).toEqual([]);
    expect(at('2026-12-01T00:00:00.000Z')).toEqual(SILK.members);
    expect(at('2026-12-30T23:59:59.999Z')).toEqual(SILK.members);
    expect(at('2026-12-31T00:00:00.000Z')).toEqual([]);
    expect(at('2027-06-01T00:00:00.000Z')).toEqual([]);
  });

  it('knows no operation by a group’s id, nor an unknown one', () => {
    expect(mirror.operationMembers(CASPIAN.id)).toBeUndefined();
    expect(mirror.operationMembers('OP-NOWHERE')).toBeUndefined();
    expect(mirror.operation('OP-NOWHERE')).toBeUndefined();
  });

  it('describes an operation’s window and all its members, whatever the time', () => {
    expect(mirror.operation(SILK.id)).toEqual({
      startsAt: SILK.startsAt,
      endsAt: SILK.endsAt,
      running: false,
      members: SILK.members,
    });
    now = new Date('2026-12-15T00:00:00.000Z');
    expect(mirror.operation(SILK.id)?.running).toBe(true);
  });

  it('follows changes of members and removals from the watch', async () => {
    now = new Date('2026-12-15T00:00:00.000Z');
    bucket.put(REGISTRY_KEYS.group(SILK.id), { ...SILK, members: ['GE-PCU-POTI'] });
    bucket.remove(REGISTRY_KEYS.group(CASPIAN.id));
    expect(await mirror.waitUntil(() => mirror.groups.size === 1, 1000)).toBe(true);
    expect(mirror.operationMembers(SILK.id)).toEqual(['GE-PCU-POTI']);
    expect(mirror.groupMembers(CASPIAN.id)).toBeUndefined();
  });
});
