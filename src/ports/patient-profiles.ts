import type { PhoneNumber } from '../domain/phone-number.js';

/** What a clinic remembers of a patient beyond their bookings. */
export interface PatientProfile {
  /** The language the patient writes in, a BCP 47 primary code: what they are answered and told in. */
  language?: string;
  /** What the patient is called, as they gave it. */
  name?: string;
  /** When the patient last wrote on WhatsApp, epoch ms: free text may be sent to them for 24 hours after. */
  lastWhatsappMessageAt?: number;
}

/** One clinic's patient profiles: another clinic knows the same number apart. */
export interface PatientProfiles {
  profileOf(patient: PhoneNumber): Promise<PatientProfile>;
  /** Sets the fields given, keeping the others. */
  update(patient: PhoneNumber, changes: PatientProfile): Promise<void>;
  close(): Promise<void>;
}
