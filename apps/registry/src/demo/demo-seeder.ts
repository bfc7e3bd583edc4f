import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { JobLock, ROOT_LOGGER } from '@iren/platform';
import { NodesService } from '../nodes/nodes.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { newToken } from '../tokens/token-secret';
import { DEMO_REGION } from './demo-region';
import { type DemoTokens, writeDemoTokens } from './demo-tokens-file';

export const DEMO_SEED_OPTIONS = Symbol('DEMO_SEED_OPTIONS');

export interface DemoSeedOptions {
  enabled: boolean;
  /** Where the seed writes the demo officers' tokens (IREN_DEMO_TOKENS_FILE); absent: kept nowhere. */
  tokensFile?: string;
}

/**
 * Seeds the demo region when enabled and the registry is empty; a second start reuses what is there.
 * Registries starting together on one empty database seed in turn (`JobLock`): the first seeds,
 * the others find members and skip. Each demo officer gets a random token, stored hashed like any
 * other: nothing derives it, so it lives exactly as long as the registry keeps it, whatever becomes
 * of the admin token.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger: Logger;
  private readonly turn: JobLock;

  constructor(
    @Inject(DEMO_SEED_OPTIONS) private readonly options: DemoSeedOptions,
    private readonly nodes: NodesService,
    private readonly subscriptions: SubscriptionsService,
    dataSource: DataSource,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: DemoSeeder.name });
    this.turn = new JobLock(dataSource, 'registry.demo-seed');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.enabled) return;
    await this.turn.run(() => this.seedIfEmpty());
  }

  private async seedIfEmpty(): Promise<void> {
    if ((await this.nodes.count()) > 0) {
      this.logger.info('registry already has members; demo seed skipped');
      return;
    }
    const tokens: DemoTokens = Object.fromEntries(DEMO_REGION.map((demo) => [demo.id, newToken()]));
    // Before any is registered: once only its hash is stored, a token nobody wrote down is lost.
    if (this.options.tokensFile) writeDemoTokens(this.options.tokensFile, tokens);
    for (const demo of DEMO_REGION) {
      const { filters, email, ...node } = demo;
      await this.nodes.register({ ...node, contact: { email } }, tokens[demo.id], 'demo-seed');
      if (filters.length > 0) await this.subscriptions.replace(demo.id, filters, 'demo-seed');
    }
    if (this.options.tokensFile) {
      this.logger.info({ nodes: DEMO_REGION.length, tokensFile: this.options.tokensFile }, 'demo region seeded');
    } else {
      this.logger.warn(
        { nodes: DEMO_REGION.length },
        'demo region seeded without IREN_DEMO_TOKENS_FILE: its officers’ tokens were kept nowhere; issue new ones with POST /nodes/{id}/tokens',
      );
    }
  }
}
