import { Injectable } from '@nestjs/common';
import { RegistryDirectory } from '@iren/messaging';
import type { Principal } from '../auth/principal';
import type { SessionView } from './session.view';

@Injectable()
export class SessionService {
  constructor(private readonly directory: RegistryDirectory) {}

  /** The principal as a client sees it, with its node's name from the registry copy. */
  describe(principal: Principal): SessionView {
    const node = principal.nodeId ? this.directory.registry.node(principal.nodeId) : undefined;
    return {
      role: principal.role,
      nodeId: principal.nodeId ?? null,
      nodeType: principal.nodeType ?? null,
      nodeName: node?.name ?? null,
    };
  }
}
