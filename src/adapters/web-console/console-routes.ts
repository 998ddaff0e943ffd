import { fileURLToPath } from 'node:url';
import { Router } from '@koa/router';
import { send } from '@koa/send';
import type { Context, Next } from 'koa';
import { CONSOLE_HEADERS, CONSOLE_PAGE } from './console-page.js';

export const CONSOLE_PATH = '/console';

/** Where `npm run build` bundles the console: dist/console, beside dist/src. */
const BUILT_ASSETS = fileURLToPath(new URL('../../../console/', import.meta.url));

/** A bundle's file name as esbuild writes it: no folder, no dot-file. */
const ASSET_NAME = /^[\w-]+\.(js|css|js\.map|css\.map)$/;

/** The page and its files are open to anyone: they hold no data; the API behind them asks for the session. */
export const isConsolePath = (path: string) => path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);

function notFound(ctx: Context) {
  ctx.status = 404;
  ctx.body = { error: { code: 'NOT_FOUND', message: `no console file ${ctx.path}` } };
}

/**
 * The staff console: one page for every console address (its views are chosen by the URL's hash),
 * and the bundle's files. The files keep their names from build to build, so they are sent
 * `no-cache`: a browser asks again each time and is answered 304 until a new build.
 */
export function consoleRoutes(assets = BUILT_ASSETS): Router {
  const router = new Router();
  const secured = async (ctx: Context, next: Next) => {
    ctx.set(CONSOLE_HEADERS);
    await next();
  };
  const page = (ctx: Context) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = CONSOLE_PAGE;
  };
  router.get(CONSOLE_PATH, secured, page);
  router.get(`${CONSOLE_PATH}/assets/:file`, secured, async (ctx) => {
    const file = ctx.params.file ?? '';
    if (!ASSET_NAME.test(file)) return notFound(ctx);
    try {
      await send(ctx, file, { root: assets, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') });
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
      notFound(ctx);
    }
  });
  router.get(`${CONSOLE_PATH}/:view`, secured, page);
  return router;
}
