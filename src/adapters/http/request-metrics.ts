import type { Router } from '@koa/router';
import type { Context, Next } from 'koa';
import type { Metrics } from '../../ports/metrics.js';

/** The layers a router matched a request's path to, which it leaves on the context once it has routed it. */
type Routed = Context & { matched?: ReturnType<Router['match']>['path'] };

/**
 * The pattern of the route `router` takes a request's method and path to, whether or not the request
 * got that far: a 401 is counted at the route it was refused for. A request that was routed is not
 * matched again: matching tests its path against every route's pattern, some sixty of them.
 */
function routeOf(router: Router, ctx: Routed): string {
  const matched = ctx.matched ?? router.match(ctx.path, ctx.method).path;
  const route = matched.findLast((layer) => layer.methods.includes(ctx.method));
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
      route: routeOf(router, ctx),
      status: ctx.status,
      seconds: (performance.now() - started) / 1000,
    });
  };
}
