import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { errorAnswer } from '../http/http-exception.filter';
import { consoleDirectory } from './console-files';

/**
 * Serves the web console's static build at `/` from the gateway itself: same origin as the API,
 * nothing loaded from elsewhere (its CSP, in security-headers, allows only 'self'). The console
 * routes in the URL's hash, so `/` and its files are all the server needs to answer.
 */
export function serveConsole(app: NestExpressApplication, logger: Logger, directory = consoleDirectory()): void {
  if (!directory) {
    logger.warn('web console not built (no dist/console/index.html): `npm run build` makes it; / answers 404');
    app.use('/', (request: Request, response: Response, next: () => void) => {
      if (request.path !== '/') return next();
      const { correlationId } = request as Request & { correlationId?: string };
      const message = 'the web console is not built on this gateway: run npm run build';
      response.status(404).json(errorAnswer(404, { message }, correlationId));
    });
    return;
  }
  // serve-static would answer `max-age=0`: security-headers' `no-store` is set again, so no cache keeps a page.
  app.useStaticAssets(directory, {
    index: 'index.html',
    redirect: false,
    dotfiles: 'deny',
    etag: false,
    setHeaders: (response: Response) => response.setHeader('Cache-Control', 'no-store'),
  });
}
