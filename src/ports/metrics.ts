/** A change to the schedule, counted once it is committed. */
export type BookingChange = 'hold' | 'booking' | 'cancellation' | 'reschedule';

/** The webhooks that deliver from outside, each counted apart. */
export type Webhook = 'twilio_sms' | 'twilio_voice' | 'sns';

/**
 * What became of a webhook's delivery: taken, refused for its signature, a repeat of one taken before
 * (answered as before, nothing done again), or past the patient's messages a minute.
 */
export type WebhookOutcome = 'accepted' | 'forged' | 'duplicate' | 'limited';

/** Which model: the language model of texts and the speech IVR, or the live voice model of calls. */
export type ModelKind = 'text' | 'voice';

/**
 * How a model call ended: `ok`, an answer (text) or a session opened (voice); `failed`, none; `lost`,
 * a voice session that dropped mid-call and could not be resumed.
 */
export type ModelOutcome = 'ok' | 'failed' | 'lost';

/** Audio of a call: `in` from the caller, `out` to the caller. */
export type AudioDirection = 'in' | 'out';

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
  modelCalled(kind: ModelKind, outcome: ModelOutcome): void;
  /** The offline model took over a text reply, or the speech IVR a call, from a model that failed. */
  fellBack(kind: ModelKind): void;
  /** 20 ms frames of a call's audio, as the telephony carries them. */
  audioFrames(direction: AudioDirection, frames: number): void;
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
