import type { Appointment } from '../domain/appointment.js';
import type { Clinic, Provider } from '../domain/clinic.js';
import { firstNameOf } from '../domain/patient-name.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { BookingStore } from '../ports/booking-store.js';
import type { CalendarFeeds } from '../ports/calendar-feeds.js';
import type { Clock } from '../ports/clock.js';
import type { SecretTokens } from '../ports/secret-tokens.js';
import type { PatientNames } from './patient-names.js';

const DAY = 86_400_000;
/** What a provider's calendar shows: the recent past, for what was seen, and the booked future. */
export const FEED_DAYS_BEFORE = 30;
export const FEED_DAYS_AFTER = 90;

/** A provider's booked appointments, as their calendar feed serves them. */
export interface ProviderAppointments {
  provider: Provider;
  appointments: Appointment[];
  /** The first names of the patients whose names are known: never more of a name, which the feed would spread. */
  firstNames: ReadonlyMap<PhoneNumber, string>;
  /** When they were read: the feed's own time stamp. */
  readAt: number;
}

/**
 * Each provider's calendar feed, at a URL whose secret is the only credential: calendar clients send
 * no bearer token. The secret is shown once, when made, and kept only as its hash.
 */
export class ProviderCalendar {
  constructor(
    private readonly feeds: CalendarFeeds,
    private readonly secrets: SecretTokens,
    private readonly store: BookingStore,
    private readonly clock: Clock,
    private readonly clinic: Clinic,
    private readonly names: PatientNames,
  ) {}

  /** A new secret for the provider's feed, after which the one before opens nothing; undefined for no such provider. */
  async rotate(providerId: string): Promise<string | undefined> {
    if (!this.providerOf(providerId)) return undefined;
    const { token, hash } = this.secrets.mint();
    await this.feeds.rotate({ clinicId: this.clinic.id, providerId }, hash);
    return token;
  }

  /**
   * The provider's BOOKED appointments starting from FEED_DAYS_BEFORE days ago to FEED_DAYS_AFTER
   * ahead, when `secret` is that provider's current one; undefined otherwise, the same whether the
   * secret is wrong, old or another provider's, or the provider has left the clinic.
   */
  async appointments(providerId: string, secret: string): Promise<ProviderAppointments | undefined> {
    const feed = await this.feeds.find(this.secrets.hash(secret));
    const provider = this.providerOf(providerId);
    if (!feed || !provider || feed.clinicId !== this.clinic.id || feed.providerId !== providerId) return undefined;
    const now = this.clock.now();
    const starting = await this.store.appointmentsBetween(now - FEED_DAYS_BEFORE * DAY, now + FEED_DAYS_AFTER * DAY);
    const appointments = starting.filter((a) => a.status === 'BOOKED' && a.providerId === providerId);
    const names = await this.names.namesOf(appointments.map((appointment) => appointment.patient));
    const firstNames = new Map([...names].map(([patient, name]) => [patient, firstNameOf(name)]));
    return { provider, appointments, firstNames, readAt: now };
  }

  private providerOf(providerId: string): Provider | undefined {
    return this.clinic.providers.find((provider) => provider.id === providerId);
  }
}
