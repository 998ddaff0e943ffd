import { isDate, today } from './dates';

/** What the console shows, read from and written to the address's hash, so a view can be bookmarked and reloaded. */
export type Route =
  | { view: 'day' | 'week'; date: string; providerId?: string }
  | { view: 'patient'; phoneNumber?: string }
  | { view: 'callbacks' }
  | { view: 'charts'; date: string };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [view, argument = ''] = path.split('/').map(decodeURIComponent);
  const params = new URLSearchParams(query);
  const date = isDate(argument) ? argument : today();
  switch (view) {
    case 'week':
    case 'day': {
      const providerId = params.get('provider') ?? undefined;
      return { view, date, ...(providerId ? { providerId } : {}) };
    }
    case 'patient':
      return argument ? { view, phoneNumber: argument } : { view };
    case 'callbacks':
      return { view };
    case 'charts':
      return { view, date };
    default:
      return { view: 'day', date: today() };
  }
}

export function hrefOf(route: Route): string {
  switch (route.view) {
    case 'day':
    case 'week':
      return `#/${route.view}/${route.date}${route.providerId ? `?provider=${encodeURIComponent(route.providerId)}` : ''}`;
    case 'patient':
      return route.phoneNumber ? `#/patient/${encodeURIComponent(route.phoneNumber)}` : '#/patient';
    case 'callbacks':
      return '#/callbacks';
    case 'charts':
      return `#/charts/${route.date}`;
  }
}
