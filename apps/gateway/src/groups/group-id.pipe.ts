import { Injectable, type PipeTransform } from '@nestjs/common';
import { isValidGroupId } from '@iren/contracts';
import { NotFoundError } from '@iren/platform';

/** A path segment that cannot be a group id names no group: 404, as for any unknown group. */
@Injectable()
export class GroupIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isValidGroupId(value)) throw new NotFoundError(`group ${value}`);
    return value;
  }
}
