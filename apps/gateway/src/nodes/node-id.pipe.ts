import { Injectable, type PipeTransform } from '@nestjs/common';
import { isValidNodeId } from '@iren/contracts';
import { NotFoundError } from '@iren/platform';

/** A path segment that cannot be a node id names no node: 404, as for any unknown node. */
@Injectable()
export class NodeIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isValidNodeId(value)) throw new NotFoundError(`node ${value}`);
    return value;
  }
}
