export type DomainErrorCode =
  | 'INVALID_PHONE_NUMBER'
  | 'SLOT_NOT_FOUND'
  | 'SLOT_UNAVAILABLE'
  | 'SLOT_IN_PAST'
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
}

export const domainError = (code: DomainErrorCode, message: string): DomainError => ({ code, message });
