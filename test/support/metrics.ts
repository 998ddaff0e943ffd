import { PrometheusMetrics } from '../../src/adapters/prometheus/prometheus-metrics.js';
import { LiveCallSeats } from '../../src/adapters/twilio/live-call-seats.js';
import type { BookingStore } from '../../src/ports/booking-store.js';
import type { Clock } from '../../src/ports/clock.js';

/** The server's metrics, for parts a test builds by hand: they read `store`'s outbox by `clock`, and seats no call takes. */
export function metricsFor(store: BookingStore, clock: Clock): PrometheusMetrics {
  return new PrometheusMetrics({ clock, seats: new LiveCallSeats(150), outbox: store });
}
