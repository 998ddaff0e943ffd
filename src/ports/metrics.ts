/** A change to the schedule, counted once it is committed. */
export type BookingChange = 'hold' | 'booking' | 'cancellation' | 'reschedule';

/** The webhooks that deliver from outside, each counted apart. */
export type Webhook = 'twilio_sms' | 'twilio_voice' | 'sns';

/**
 * What became of a webhook's delivery: taken, refused for its signature, a repeat of one taken before
 * (answered as before, nothing done again), or past the patient's messages a minute.
 */
export type WebhookOutcome = 'accepted' | 'forged' | 'duplicate' | 'limited';

/** One request as the HTTP edge answered it. */
export interface ServedRequest {
  method: string;
  /** The pattern of the route that takes the request (`/api/v1/appointments/:id/cancel`), or `unmatched`. */
  route: string;
  status: number;
  seconds: number;
}

/**
 * What happened, counted for the people who run the server. Every label a count carries is one of a
 * fixed set (the names here, route patterns, HTTP methods and statuses), never a phone number, a
 * message, a call or an id: those are patients' data, and each would make a new time series.
 */
export interface Metrics {
  committed(change: BookingChange): void;
  /** A commit refused because a record it read had changed since: the use case reads and decides again. */
  conflicted(): void;
  webhook(webhook: Webhook, outcome: WebhookOutcome): void;
  requestServed(request: ServedRequest): void;
}

/** The counts in Prometheus's text format, as a scrape is answered. */
export interface Scrape {
  contentType: string;
  text: string;
}

/** Metrics that can be read back: what the HTTP edge serves at /metrics. */
export interface ScrapedMetrics extends Metrics {
  scrape(): Promise<Scrape>;
}
