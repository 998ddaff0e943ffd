import type { Clinic, ClinicId } from '../domain/clinic.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { Clinics } from '../ports/clinics.js';
import type { Clock } from '../ports/clock.js';

/** How long a server serves the clinics it read before reading them again: a change put elsewhere reaches it within this. */
export const CLINICS_READ_EVERY_MS = 5_000;

interface Served<Services> {
  /** The clinic as last read, and its document: a clinic put since, changed, gets new services. */
  clinic: Clinic;
  document: string;
  /** Shared by the requests that come while the clinic is being prepared, so it is prepared once. */
  services: Promise<Services>;
}

/**
 * Which clinic a request, a text or a call is for, and the services that serve it: made once per
 * clinic and made again when the clinic changes. The clinics are read again every few seconds, so a
 * clinic put through another server or the `clinic` command is served without a restart.
 */
export class ClinicDirectory<Services extends { clinic: Clinic }> {
  private read?: { at: number; clinics: Map<ClinicId, Clinic> };
  private reading?: Promise<Clinic[]>;
  private readonly served = new Map<ClinicId, Served<Services>>();

  constructor(
    private readonly clinics: Clinics,
    private readonly clock: Clock,
    /** Makes one clinic's services. */
    private readonly make: (clinic: Clinic) => Services,
    /** Runs for a clinic new to this server, or changed: its schedule is put in place before it is served. */
    private readonly prepare: (services: Services) => Promise<void>,
  ) {}

  async byId(id: ClinicId): Promise<Services | undefined> {
    const clinic = (await this.current()).get(id);
    return clinic && this.servicesOf(clinic);
  }

  /**
   * The clinic patients reach on this number (undefined: a channel that did not say, or not as a
   * number). A deployment of one clinic that lists no numbers (one upgraded from a single clinic file)
   * is reached on every number, as it was before clinics had any.
   */
  async byNumber(number: PhoneNumber | undefined): Promise<Services | undefined> {
    const clinics = [...(await this.current()).values()];
    const owner = number && clinics.find((clinic) => clinic.numbers.includes(number));
    if (owner) return this.servicesOf(owner);
    const [only, ...others] = clinics;
    return only && others.length === 0 && only.numbers.length === 0 ? this.servicesOf(only) : undefined;
  }

  /** The deployment's one clinic, or how many it has when that is not one. */
  async only(): Promise<Services | { count: number }> {
    const clinics = [...(await this.current()).values()];
    return clinics.length === 1 ? this.servicesOf(clinics[0]!) : { count: clinics.length };
  }

  /** Every clinic's services: for the rounds each clinic needs (its horizon, its outbox). */
  async all(): Promise<Services[]> {
    return Promise.all([...(await this.current()).values()].map((clinic) => this.servicesOf(clinic)));
  }

  /** Reads the clinics now, not at the next round: after a put on this server. */
  async reread(): Promise<void> {
    // A read already under way may have begun before the put: this one begins after it.
    this.read = undefined;
    this.reading = undefined;
    await this.current();
  }

  private async current(): Promise<Map<ClinicId, Clinic>> {
    const now = this.clock.now();
    if (this.read && now - this.read.at < CLINICS_READ_EVERY_MS) return this.read.clinics;
    // The requests that find the clinics due for reading share one read.
    this.reading ??= this.clinics.list().finally(() => {
      this.reading = undefined;
    });
    const clinics = await this.reading;
    if (!this.read || this.read.at < now) {
      this.read = { at: now, clinics: new Map(clinics.map((clinic) => [clinic.id, clinic])) };
      for (const id of this.served.keys()) if (!this.read.clinics.has(id)) this.served.delete(id);
    }
    return this.read.clinics;
  }

  private servicesOf(clinic: Clinic): Promise<Services> {
    const served = this.served.get(clinic.id);
    // The same read of the clinics, as every request between two reads is: nothing to compare.
    if (served?.clinic === clinic) return served.services;
    const document = JSON.stringify(clinic);
    if (served?.document === document) {
      served.clinic = clinic;
      return served.services;
    }
    const made = this.make(clinic);
    const services = this.prepare(made).then(() => made);
    // A clinic that could not be prepared (its store did not answer) is tried again by the next request.
    services.catch(() => {
      if (this.served.get(clinic.id)?.services === services) this.served.delete(clinic.id);
    });
    this.served.set(clinic.id, { clinic, document, services });
    return services;
  }
}
