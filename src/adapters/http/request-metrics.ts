import type { Router } from '@koa/router';
import type { Context, Next } from 'koa';
import type { Metrics } from '../../ports/metrics.js';

/**
 * The pattern of the route `router` takes a request's method and path to, whether or not the request
 * got that far: a 401 is counted at the route it was refused for.
 */
function routeOf(router: Router, method: string, path: string): string {
  const route = router.match(path, method).pathAndMethod.findLast((layer) => layer.methods.length > 0);
  return route ? String(route.path) : 'unmatched';
}

/**
 * Outermost: counts each request, and how long it took, under its route's pattern, never its URL (the
 * URL carries appointment ids and phone numbers), with the status it was answered once errors were mapped.
 */
export function countRequests(metrics: Metrics, router: Router) {
  return async (ctx: Context, next: Next) => {
    const started = performance.now();
    await next();
    metrics.requestServed({
      method: ctx.method,
      route: routeOf(router, ctx.method, ctx.path),
      status: ctx.status,
      seconds: (performance.now() - started) / 1000,
    });
  };
}
