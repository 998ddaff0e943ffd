import type { ListedSlot } from '../../application/list-slots.js';
import type { Appointment } from '../../domain/appointment.js';
import { formatInZone } from '../../domain/zoned-time.js';

interface SlotJson {
  slotId: string;
  start: string;
  end: string;
  status: ListedSlot['status'];
  providerId?: string;
  holdExpiresAt?: string;
  blockReason?: string;
}

/**
 * Times leave the server as ISO-8601 in the clinic's own offset, as the front desk reads them.
 * Fields are set one by one, not spread in: this runs for every slot of every listing.
 */
export function slotJson(slot: ListedSlot, timeZone: string): SlotJson {
  const json: SlotJson = {
    slotId: slot.slotId,
    start: formatInZone(slot.start, timeZone),
    end: formatInZone(slot.end, timeZone),
    status: slot.status,
  };
  if (slot.providerId) json.providerId = slot.providerId;
  if (slot.status === 'HELD' && slot.holdExpiresAt !== undefined)
    json.holdExpiresAt = formatInZone(slot.holdExpiresAt, timeZone);
  if (slot.blockReason) json.blockReason = slot.blockReason;
  return json;
}

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
