export type DomainErrorCode =
  | 'INVALID_PHONE_NUMBER'
  | 'SLOT_NOT_FOUND'
  | 'SLOT_UNAVAILABLE'
  | 'SLOT_IN_PAST'
  | 'SLOT_BLOCKED'
  | 'SLOT_BOOKED'
  | 'SLOT_HELD'
  | 'NO_VALID_HOLD'
  | 'HOLD_EXPIRED'
  | 'APPOINTMENT_NOT_FOUND'
  | 'NOT_OWNER'
  | 'ALREADY_CANCELLED'
  | 'APPOINTMENT_IN_PAST'
  | 'SAME_SLOT'
  | 'TOO_MANY_HOLDS'
  | 'TOO_MANY_APPOINTMENTS'
  | 'CONFLICT';

export interface DomainError {
  readonly code: DomainErrorCode;
  readonly message: string;
  /** The appointments in the way (SLOT_BOOKED), for whoever must move or cancel them. */
  readonly appointmentIds?: readonly string[];
}

export const domainError = (code: DomainErrorCode, message: string): DomainError => ({ code, message });
