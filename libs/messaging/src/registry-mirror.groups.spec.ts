import type { KV, KvEntry } from '@nats-io/kv';
import pino from 'pino';
import { REGISTRY_KEYS, type GroupRecord } from '@iren/contracts';
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

function entry(key: string, value: unknown | undefined, revision: number, delta: number): KvEntry {
  return {
    key,
    revision,
    delta,
    isUpdate: false,
    operation: value === undefined ? 'DEL' : 'PUT',
    json: () => value,
  } as unknown as KvEntry;
}

/** A bucket holding `initial` whose watch later yields what `push` is given, as NATS would. */
function fakeBucket(initial: [string, unknown][]) {
  const queue = initial.map(([key, value], i) => entry(key, value, i + 1, initial.length - 1 - i));
  let wake: (() => void) | undefined;
  let stopped = false;
  const watcher = {
    stop: () => {
      stopped = true;
      wake?.();
    },
    async *[Symbol.asyncIterator]() {
      while (!stopped) {
        const next = queue.shift();
        if (next) yield next;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
  const kv = { status: async () => ({ values: initial.length }), watch: async () => watcher } as unknown as KV;
  let revision = initial.length;
  const push = (key: string, value: unknown | undefined) => {
    queue.push({ ...entry(key, value, ++revision, 0), isUpdate: true } as KvEntry);
    wake?.();
  };
  return { kv, push };
}

describe(`${RegistryMirror.name} groups and operations`, () => {
  let now: Date;
  let mirror: RegistryMirror;
  let push: (key: string, value: unknown | undefined) => void;

  beforeEach(async () => {
    now = new Date('2026-11-15T00:00:00.000Z');
    const bucket = fakeBucket([
      [REGISTRY_KEYS.group(CASPIAN.id), CASPIAN],
      [REGISTRY_KEYS.group(SILK.id), SILK],
    ]);
    push = bucket.push;
    mirror = new RegistryMirror(bucket.kv, pino({ level: 'silent' }), () => now);
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
    push(REGISTRY_KEYS.group(SILK.id), { ...SILK, members: ['GE-PCU-POTI'] });
    push(REGISTRY_KEYS.group(CASPIAN.id), undefined);
    expect(await mirror.waitUntil(() => mirror.groups.size === 1, 1000)).toBe(true);
    expect(mirror.operationMembers(SILK.id)).toEqual(['GE-PCU-POTI']);
    expect(mirror.groupMembers(CASPIAN.id)).toBeUndefined();
  });
});
