import type { Appointment } from '../domain/appointment.js';
import type { Clinic } from '../domain/clinic.js';
import type { Notification } from '../domain/notification.js';
import { templateVariablesOf, WHATSAPP_KINDS } from '../domain/notification-policy.js';
import type { PhoneNumber } from '../domain/phone-number.js';
import { insideWhatsappWindow } from '../domain/whatsapp-window.js';
import type { MessageTemplate } from '../ports/messenger.js';
import type { PatientProfiles } from '../ports/patient-profiles.js';
import type { PatientLanguages } from './patient-languages.js';

/** How a text the clinic starts may go out on WhatsApp: as written (no template), as a template, or not at all. */
export type WhatsappWording = { template?: MessageTemplate } | { refused: string };

/**
 * Each patient's WhatsApp window at one clinic: opened by their every WhatsApp message, remembered in
 * their profile. Inside it a text goes as written; outside it only as the clinic's template for its
 * kind and language, and without one not at all, since WhatsApp would refuse it.
 */
export class WhatsappWindows {
  constructor(
    private readonly profiles: PatientProfiles,
    private readonly clinic: Clinic,
    private readonly languages: PatientLanguages,
  ) {}

  /** The patient wrote on WhatsApp at `at` (epoch ms). */
  async opened(patient: PhoneNumber, at: number): Promise<void> {
    await this.profiles.update(patient, { lastWhatsappMessageAt: at });
  }

  /**
   * How `notification` may go out at `now`. The template's day and time are read from `appointment` as
   * it stands, which is as the notification tells it, since one a later change overtook is not sent.
   */
  async wordingOf(
    notification: Notification,
    appointment: Appointment | undefined,
    now: number,
  ): Promise<WhatsappWording> {
    const { lastWhatsappMessageAt } = await this.profiles.profileOf(notification.patient);
    if (insideWhatsappWindow(lastWhatsappMessageAt, now)) return {};
    const pack = this.languages.packOf(notification.language);
    const kind = WHATSAPP_KINDS[notification.kind];
    const contentSid = this.clinic.whatsappTemplates?.[kind]?.[pack.code];
    if (!contentSid) return { refused: `outside WhatsApp's 24-hour window and no ${kind} template in ${pack.code}` };
    if (!appointment) return { refused: `outside WhatsApp's 24-hour window and its appointment is gone` };
    return { template: { contentSid, variables: templateVariablesOf(appointment, this.clinic, pack) } };
  }
}
