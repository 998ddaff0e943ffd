import type { DomainError, DomainErrorCode } from '../../domain/domain-error.js';

/** An error the client can act on; its message is safe to show. `headers` go with it (`Retry-After`). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    /** Fields the error body carries beside code and message (`appointments` of SLOT_BOOKED). */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** The one place where the clinic's rules meet HTTP status codes. */
const STATUS_OF: Record<DomainErrorCode, number> = {
  INVALID_PHONE_NUMBER: 400,
  NOT_OWNER: 403,
  SLOT_NOT_FOUND: 404,
  APPOINTMENT_NOT_FOUND: 404,
  SLOT_UNAVAILABLE: 409,
  NO_VALID_HOLD: 409,
  HOLD_EXPIRED: 409,
  ALREADY_CANCELLED: 409,
  SAME_SLOT: 409,
  SLOT_BLOCKED: 409,
  SLOT_BOOKED: 409,
  SLOT_HELD: 409,
  // The patient's own state refuses it, as a taken slot does; retrying changes nothing until they
  // confirm, cancel or let a hold expire (429 would invite an automatic retry).
  TOO_MANY_HOLDS: 409,
  TOO_MANY_APPOINTMENTS: 409,
  CONFLICT: 409,
  SLOT_IN_PAST: 422,
  APPOINTMENT_IN_PAST: 422,
};

export const fromDomainError = (error: DomainError) =>
  new HttpError(
    STATUS_OF[error.code],
    error.code,
    error.message,
    {},
    error.appointmentIds ? { appointments: error.appointmentIds } : {},
  );
