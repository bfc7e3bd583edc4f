import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { RegistryDirectory, RoutingView } from '@iren/messaging';

/**
 * The router's view of the network, held by the gateway over its own registry mirror: a preview
 * computes recipients with exactly the code and the data the router routes with.
 */
@Injectable()
export class GatewayRouting implements OnApplicationShutdown {
  private routing?: RoutingView;

  constructor(private readonly directory: RegistryDirectory) {}

  /**
   * Built on first use rather than at start, so it never races the mirror's own start; from then
   * on it follows every change of the mirror.
   */
  get view(): RoutingView {
    this.routing ??= new RoutingView(this.directory.registry);
    return this.routing;
  }

  onApplicationShutdown(): void {
    this.routing?.close();
  }
}
