import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  isISO8601,
  IsString,
  Length,
  Matches,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import { GROUP_ID_PATTERN, GROUP_KINDS, MAX_GROUP_MEMBERS, type GroupKind } from '../group-records';
import { IsNodeId } from '../validators/node-id';

/** The rules of a member list, the same at creation and on replacement. */
function MemberList(): PropertyDecorator {
  const rules = [
    IsArray(),
    ArrayMaxSize(MAX_GROUP_MEMBERS),
    ArrayUnique({ message: 'members: should name each node once' }),
    IsNodeId({ each: true }),
  ];
  return (target, key) => rules.forEach((rule) => rule(target, key));
}

type WindowEnd = 'startsAt' | 'endsAt';

/** What is wrong with one end of an operation's window, or undefined when it is sound. */
function windowProblem(end: WindowEnd, value: unknown, group: Partial<CreateGroupDto>): string | undefined {
  if (group.kind !== 'OPERATION') {
    return value === undefined ? undefined : `${end}: only an OPERATION has a start and an end`;
  }
  if (value === undefined) return `${end}: an OPERATION needs a start and an end`;
  if (typeof value !== 'string' || !isISO8601(value, { strict: true, strictSeparator: true })) {
    return `${end}: should be an ISO 8601 date and time, like 2026-12-01T00:00:00Z`;
  }
  if (end === 'endsAt' && isISO8601(group.startsAt, { strict: true, strictSeparator: true })) {
    if (Date.parse(value) <= Date.parse(group.startsAt!)) return 'endsAt: should be after startsAt';
  }
  return undefined;
}

/** class-validator: `startsAt`/`endsAt` present (and in order) exactly when the group is an OPERATION. */
function OperationWindow(): PropertyDecorator {
  const problemOf = (args?: ValidationArguments) =>
    windowProblem(args?.property as WindowEnd, args?.value, (args?.object ?? {}) as Partial<CreateGroupDto>);
  return ValidateBy({
    name: 'operationWindow',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => problemOf(args) === undefined,
      defaultMessage: (args?: ValidationArguments) => problemOf(args) ?? 'is invalid',
    },
  });
}

/** `POST /groups`: a named recipient group, or an operation (a group with a start and an end). */
export class CreateGroupDto {
  @ApiProperty({
    example: 'OP-SILK-2026',
    pattern: GROUP_ID_PATTERN.source,
    description: '1 to 64 of A-Z, 0-9, _, . and -',
  })
  @Matches(GROUP_ID_PATTERN, {
    message: 'id: should be 1 to 64 of A-Z, 0-9, _, . and -, starting with a letter or digit',
  })
  id: string;

  @ApiProperty({ example: 'Operation Silk Road 2026', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: [...GROUP_KINDS], example: 'OPERATION' })
  @IsIn(GROUP_KINDS)
  kind: GroupKind;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-01T00:00:00Z',
    description: 'required for an OPERATION, refused for a GROUP',
  })
  @OperationWindow()
  startsAt?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-31T00:00:00Z',
    description: 'required for an OPERATION (after startsAt), refused for a GROUP; membership lapses then',
  })
  @OperationWindow()
  endsAt?: string;

  @ApiPropertyOptional({ type: [String], example: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'], default: [], maxItems: 1000 })
  @MemberList()
  members: string[] = [];
}

/** `PUT /groups/{id}/members`: the group's whole list of member nodes, replacing the previous one. */
export class PutGroupMembersDto {
  @ApiProperty({ type: [String], example: ['KZ-PCU-AKTAU', 'AZ-PCU-BAKU'], maxItems: 1000 })
  @MemberList()
  members: string[];
}
