import cluster from 'node:cluster';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BookingStore } from '../../ports/booking-store.js';
import type { Clock } from '../../ports/clock.js';
import type {
  AudioDirection,
  BookingChange,
  ModelKind,
  ModelOutcome,
  Scrape,
  ScrapedMetrics,
  ServedRequest,
  Webhook,
  WebhookOutcome,
} from '../../ports/metrics.js';
import { machineScrape } from './machine-metrics.js';
import { OUTBOX_COUNTED, type OutboxNow, outboxNow } from './outbox-now.js';
import { processMetrics } from './process-metrics.js';

/** Up to Twilio's 15 s, after which it gives up on a webhook: an SMS reply may take most of it. */
const REQUEST_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

/** What the gauges read as each scrape is answered, rather than being told of every change. */
export interface MetricsReadings {
  clock: Clock;
  /** The live calls and the seats they take (LiveCallSeats). */
  seats: { readonly max: number; occupancy(now: number): { streaming: number; taken: number } };
  /** The notifications owed to patients (the store's outbox). */
  outbox: Pick<BookingStore, 'dueNotifications'>;
}

/**
 * The counts on a registry of this app's own, so that apps sharing a process (tests) count apart;
 * each scrape also carries the process's figures.
 */
export class PrometheusMetrics implements ScrapedMetrics {
  private readonly registry = new Registry();
  private readonly counter = (name: string, help: string) => new Counter({ name, help, registers: [this.registry] });
  private readonly changes: Record<BookingChange, Counter> = {
    hold: this.counter('receptionist_holds_total', 'Slots held for a patient'),
    booking: this.counter(
      'receptionist_bookings_total',
      'Appointments booked (a confirmation repeated is not counted)',
    ),
    cancellation: this.counter('receptionist_cancellations_total', 'Appointments cancelled'),
    reschedule: this.counter('receptionist_reschedules_total', 'Appointments moved to another slot'),
  };
  private readonly conflicts = this.counter(
    'receptionist_booking_conflicts_total',
    'Commits refused because a record changed after it was read; each is read and decided again',
  );
  private readonly webhooks = new Counter({
    name: 'receptionist_webhook_deliveries_total',
    help: 'Deliveries to the Twilio and SNS webhooks, by what became of them',
    labelNames: ['webhook', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly modelCalls = new Counter({
    name: 'receptionist_model_calls_total',
    help: 'Calls to the language model (text) and sessions of the live voice model (voice), by how they ended',
    labelNames: ['kind', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly fallbacks = new Counter({
    name: 'receptionist_model_fallbacks_total',
    help: 'Text replies the offline model finished, and calls the speech IVR took over, after a model failed',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly frames = new Counter({
    name: 'receptionist_audio_frames_total',
    help: '20 ms frames of call audio, from the caller (in) and to the caller (out)',
    labelNames: ['direction'] as const,
    registers: [this.registry],
  });
  /** Counted on every frame of every call: each direction's series found once, not by its labels each time. */
  private readonly framesByDirection = { in: this.frames.labels('in'), out: this.frames.labels('out') };
  private readonly requests = new Histogram({
    name: 'receptionist_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status, and how long each took to answer',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: REQUEST_SECONDS,
    registers: [this.registry],
  });
  private readonly scraped: Registry;
  /** With several workers on the machine, a scrape answers for all of them: see machine-metrics.ts. */
  private readonly scrapeText: () => Promise<string>;

  constructor({ clock, seats, outbox }: MetricsReadings) {
    const seatsNow = () => seats.occupancy(clock.now());
    this.gauge('receptionist_live_calls', 'Calls bridged to the live voice model', () => seatsNow().streaming);
    this.gauge(
      'receptionist_live_call_seats_in_use',
      'Seats of live calls taken: by calls streaming, or kept for calls offered a stream',
      () => seatsNow().taken,
    );
    this.gauge(
      'receptionist_live_call_seats_max',
      'Live calls this server takes at once (VOICE_MAX_CALLS)',
      () => seats.max,
    );
    this.watchOutbox(outbox, clock);
    this.scraped = Registry.merge([this.registry, processMetrics()]);
    this.scrapeText = cluster.isWorker ? machineScrape(this.scraped) : () => this.scraped.metrics();
  }

  committed(change: BookingChange): void {
    this.changes[change].inc();
  }

  conflicted(): void {
    this.conflicts.inc();
  }

  webhook(webhook: Webhook, outcome: WebhookOutcome): void {
    this.webhooks.inc({ webhook, outcome });
  }

  modelCalled(kind: ModelKind, outcome: ModelOutcome): void {
    this.modelCalls.inc({ kind, outcome });
  }

  fellBack(kind: ModelKind): void {
    this.fallbacks.inc({ kind });
  }

  audioFrames(direction: AudioDirection, frames: number): void {
    this.framesByDirection[direction].inc(frames);
  }

  requestServed({ method, route, status, seconds }: ServedRequest): void {
    this.requests.observe({ method, route, status }, seconds);
  }

  /**
   * How many notifications are due and not yet sent, and how long the oldest of them has waited: the
   * two gauges are collected together, so one read of the store serves both.
   */
  private watchOutbox(outbox: MetricsReadings['outbox'], clock: Clock) {
    let reading: Promise<OutboxNow> | undefined;
    const read = () =>
      (reading ??= outboxNow(outbox, clock).finally(() => {
        reading = undefined;
      }));
    this.gauge(
      'receptionist_outbox_due_notifications',
      `Texts owed to patients: due, and neither sent nor being sent (counted up to ${OUTBOX_COUNTED})`,
      async () => (await read()).due,
      'max',
    );
    this.gauge(
      'receptionist_outbox_oldest_due_age_seconds',
      'How long the longest-waiting due text has waited past its due time; 0 when none is due',
      async () => (await read()).oldestAgeSeconds,
      'max',
    );
  }

  /**
   * A gauge set to what `read` gives as each scrape is answered. `aggregator`: how the workers of one
   * machine add up; `max` for a reading of the shared store, which every worker gives alike.
   */
  private gauge(
    name: string,
    help: string,
    read: () => number | Promise<number>,
    aggregator: 'sum' | 'max' = 'sum',
  ): Gauge {
    return new Gauge({
      name,
      help,
      aggregator,
      registers: [this.registry],
      async collect() {
        this.set(await read());
      },
    });
  }

  async scrape(): Promise<Scrape> {
    return { contentType: this.scraped.contentType, text: await this.scrapeText() };
  }
}
