import ical from 'ical-generator';
import type { ProviderAppointments } from '../../application/provider-calendar.js';
import type { Clinic } from '../../domain/clinic.js';
import type { PhoneNumber } from '../../domain/phone-number.js';

/**
 * The patient as a provider's calendar shows them: their first name when known, and the last four
 * digits. A feed is read by calendar services and phones that sync it, and is only as private as its
 * URL, so no full name or number is in it.
 */
export const maskedPatient = (patient: PhoneNumber, firstName?: string) =>
  `${firstName ? `${firstName} ` : ''}•••• ${patient.slice(-4)}`;

/**
 * RFC 5545, written by ical-generator. Times are UTC: every client places them in its own zone, and
 * no VTIMEZONE has to be written. An event's UID is the appointment's id at the clinic, so a moved
 * appointment is the same event, moved, and a cancelled one disappears.
 */
export function calendarFeedIcs(
  clinic: Clinic,
  { provider, appointments, firstNames, readAt }: ProviderAppointments,
): string {
  const calendar = ical({
    name: `${clinic.name}: ${provider.name}`,
    prodId: { company: 'clinic-receptionist', product: 'provider-calendar', language: 'EN' },
  });
  for (const appointment of appointments) {
    calendar.createEvent({
      id: `${appointment.appointmentId}@${clinic.id}`,
      start: new Date(appointment.start),
      end: new Date(appointment.end),
      stamp: new Date(readAt),
      summary: `Appointment: ${maskedPatient(appointment.patient, firstNames.get(appointment.patient))}`,
    });
  }
  return calendar.toString();
}
