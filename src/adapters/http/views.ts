import type { ListedSlot } from '../../application/list-slots.js';
import type { Appointment } from '../../domain/appointment.js';
import { formatInZone } from '../../domain/zoned-time.js';

/** Times leave the server as ISO-8601 in the clinic's own offset, as the front desk reads them. */
export const slotJson = (slot: ListedSlot, timeZone: string) => ({
  slotId: slot.slotId,
  start: formatInZone(slot.start, timeZone),
  end: formatInZone(slot.end, timeZone),
  status: slot.status,
  ...(slot.providerId ? { providerId: slot.providerId } : {}),
  ...(slot.status === 'HELD' && slot.holdExpiresAt !== undefined
    ? { holdExpiresAt: formatInZone(slot.holdExpiresAt, timeZone) }
    : {}),
  ...(slot.blockReason ? { blockReason: slot.blockReason } : {}),
});

/** The patient leaves as `phoneNumber`, the field the REST API has always documented. */
export const appointmentJson = (appointment: Appointment, timeZone: string) => ({
  appointmentId: appointment.appointmentId,
  slotId: appointment.slotId,
  phoneNumber: appointment.patient,
  start: formatInZone(appointment.start, timeZone),
  end: formatInZone(appointment.end, timeZone),
  status: appointment.status,
  ...(appointment.channel ? { channel: appointment.channel } : {}),
  ...(appointment.providerId ? { providerId: appointment.providerId } : {}),
});

/** What the patient is called, for staff, when it is known: absent otherwise. */
export const namedJson = (name: string | undefined) => (name ? { patientName: name } : {});
