import type twilio from 'twilio';
import type { PhoneNumber } from '../../domain/phone-number.js';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

/** How long the front desk's phone rings before the caller is told nobody could answer. */
const FRONT_DESK_RINGS_SECONDS = 25;

/**
 * Dials the front desk for the caller. What follows the dial is the answer Twilio gets from
 * `transferEndedUrl` (the voice webhook's `transfer-ended`): never the TwiML after it, which would
 * also play once the front desk had answered and hung up.
 */
export function dialFrontDesk(response: VoiceResponse, frontDesk: PhoneNumber, transferEndedUrl: string): void {
  response.dial({ timeout: FRONT_DESK_RINGS_SECONDS, action: transferEndedUrl, method: 'POST' }, frontDesk);
}
