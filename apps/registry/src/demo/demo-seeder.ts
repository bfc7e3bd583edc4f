import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@iren/platform';
import { NodesService } from '../nodes/nodes.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { demoToken } from '../tokens/token-secret';
import { DEMO_REGION } from './demo-region';

export const DEMO_SEED_OPTIONS = Symbol('DEMO_SEED_OPTIONS');

export interface DemoSeedOptions {
  enabled: boolean;
  adminToken: string;
}

/** Seeds the demo region when enabled and the registry is empty; a second start reuses what is there. */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger: Logger;

  constructor(
    @Inject(DEMO_SEED_OPTIONS) private readonly options: DemoSeedOptions,
    private readonly nodes: NodesService,
    private readonly subscriptions: SubscriptionsService,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: DemoSeeder.name });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.enabled) return;
    if ((await this.nodes.count()) > 0) {
      this.logger.info('registry already has members; demo seed skipped');
      return;
    }
    for (const demo of DEMO_REGION) {
      const { filters, email, ...node } = demo;
      await this.nodes.register(
        { ...node, contact: { email } },
        demoToken(this.options.adminToken, demo.id),
        'demo-seed',
      );
      if (filters.length > 0) await this.subscriptions.replace(demo.id, filters, 'demo-seed');
    }
    this.logger.info({ nodes: DEMO_REGION.length }, 'demo region seeded');
  }
}
