import type { Clinic, ClinicId } from '../domain/clinic.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import type { Result } from '../domain/result.js';

/** A number patients reach another clinic on: a number reaches one clinic only. */
export interface NumberTaken {
  readonly code: 'NUMBER_TAKEN';
  readonly message: string;
  readonly number: PhoneNumber;
  /** The clinic patients reach on it. */
  readonly clinicId: ClinicId;
}

export const numberTaken = (number: PhoneNumber, clinicId: ClinicId): NumberTaken => ({
  code: 'NUMBER_TAKEN',
  message: `numbers: ${number} already reaches clinic ${clinicId}; take it off that clinic first`,
  number,
  clinicId,
});

export type PutClinicOutcome = Result<'created' | 'replaced', NumberTaken>;

/** The clinics a deployment serves, and which clinic each number reaches. */
export interface Clinics {
  /**
   * Stores the clinic under its id, whole: a clinic already there is replaced, and a number it no
   * longer lists reaches no clinic. Refused, with nothing written, when another clinic has one of its
   * numbers (the first, in its order); of two puts racing for one number, one wins.
   */
  put(clinic: Clinic): Promise<PutClinicOutcome>;
  get(id: ClinicId): Promise<Clinic | undefined>;
  /** Every clinic, by id. */
  list(): Promise<Clinic[]>;
  /** The clinic patients reach on this number, if any. */
  byNumber(number: PhoneNumber): Promise<Clinic | undefined>;
  close(): Promise<void>;
}
