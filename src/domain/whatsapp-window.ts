/**
 * WhatsApp's customer-service window: for 24 hours after a patient's last message, a business may
 * write to them freely; after that, only with a template WhatsApp has approved.
 */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60_000;

/** Whether free text may still be sent to a patient who last wrote on WhatsApp at `lastMessageAt` (epoch ms). */
export const insideWhatsappWindow = (lastMessageAt: number | undefined, now: number): boolean =>
  lastMessageAt !== undefined && now - lastMessageAt < WHATSAPP_WINDOW_MS;
