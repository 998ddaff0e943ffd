/**
 * Where an appointment was booked: the patient's own text (`sms`, `whatsapp`), a call (`voice`), the
 * receptionist typed to on someone's behalf (`chat`: the REST chat, the terminal), an integration's
 * REST call (`api`), or the front desk's console (`console`). Not `Channel`, which is where texts go.
 */
export const BOOKING_CHANNELS = ['sms', 'whatsapp', 'voice', 'chat', 'api', 'console'] as const;

export type BookingChannel = (typeof BOOKING_CHANNELS)[number];
