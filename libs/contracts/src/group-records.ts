/**
 * A GROUP is a standing list of recipients (`CASPIAN-PCUS`); an OPERATION is a group with a start
 * and an end (a CENcomm-style time-boxed operation, `OP-SILK-2026`): a message naming it reaches
 * only its members, and only while it runs.
 */
export const GROUP_KINDS = ['GROUP', 'OPERATION'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** Group and operation ids: 1 to 64 of A-Z, 0-9, `_`, `.` and `-`, starting with a letter or digit. */
export const GROUP_ID_PATTERN = /^[A-Z0-9][A-Z0-9_.-]{0,63}$/;

/** The most members a group may have. */
export const MAX_GROUP_MEMBERS = 1000;

/** Whether `value` is a well-formed group or operation id. */
export function isValidGroupId(value: unknown): value is string {
  return typeof value === 'string' && GROUP_ID_PATTERN.test(value);
}

/**
 * A group or operation as the registry publishes it (KV key `groups.<id>`). `startsAt` and
 * `endsAt` (ISO 8601 instants, `endsAt` after `startsAt`) are present exactly for an OPERATION;
 * `members` are node ids, sorted.
 */
export interface GroupRecord {
  id: string;
  name: string;
  kind: GroupKind;
  startsAt?: string;
  endsAt?: string;
  members: string[];
  createdAt: string;
  updatedAt: string;
}

/** Whether an operation runs at `now`: from `startsAt` (included) to `endsAt` (excluded). */
export function operationRunsAt(group: Pick<GroupRecord, 'startsAt' | 'endsAt'>, now: Date): boolean {
  if (group.startsAt === undefined || group.endsAt === undefined) return false;
  const at = now.getTime();
  return Date.parse(group.startsAt) <= at && at < Date.parse(group.endsAt);
}
