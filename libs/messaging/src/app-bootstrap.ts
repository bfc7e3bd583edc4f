import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { PinoNestLogger } from '@iren/platform';
import { busConnectionOptions } from './bus-auth/service-login';
import { RECONNECT_FOREVER } from './connection';
import { NATS_OPTIONS, type NatsModuleOptions } from './nats.module';
import { NamespacedNatsServer } from './rpc-server';

export interface StartAppOptions {
  /** `gateway`, `registry`, ... : names the RPC server's NATS connection. */
  name: string;
  port: number;
  logger: Logger;
  /** Serve the module's `@MessagePattern` handlers over NATS request/reply, logged in as the app's NATS connection is. */
  rpc: boolean;
  /** Adjust the HTTP app before it listens (the gateway's pipes, filters, OpenAPI). */
  configure?: (app: INestApplication) => void;
  /** False when `configure` installs its own body parser (with its own size limit). */
  bodyParser?: boolean;
}

/**
 * Creates and starts one app: HTTP (at least `/health`), optional NATS request/reply handlers,
 * shutdown hooks that drain NATS and close the database on SIGTERM/SIGINT.
 */
export async function startApp(module: unknown, options: StartAppOptions): Promise<INestApplication> {
  const app = await NestFactory.create(module as never, {
    logger: new PinoNestLogger(options.logger.child({ context: 'Nest' })),
    bodyParser: options.bodyParser ?? true,
    // Throw instead of exiting: main() reports the cause, and tests see it.
    abortOnError: false,
  });
  app.enableShutdownHooks();
  options.configure?.(app);
  if (options.rpc) {
    const login = app.get<NatsModuleOptions>(NATS_OPTIONS);
    const names = new ExchangeNames(login.namespace);
    app.connectMicroservice({
      strategy: new NamespacedNatsServer(names, `${login.namespace}_${login.service}`, {
        ...busConnectionOptions(login),
        name: `iren-${options.name}-rpc`,
        ...RECONNECT_FOREVER,
        waitOnFirstConnect: true,
      }),
    });
    await app.startAllMicroservices();
  }
  await app.listen(options.port, '0.0.0.0');
  return app;
}
