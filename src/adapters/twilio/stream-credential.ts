import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { type ClinicId, isClinicId } from '../../domain/clinic.js';
import { type PhoneNumber, parsePhoneNumber } from '../../domain/phone-number.js';
import { fail, ok, type Result } from '../../domain/result.js';
import type { Clock } from '../../ports/clock.js';

/** Who a media stream is for, as the call's signed webhook said: the call, the caller on it, and the clinic called. */
export interface StreamGrant {
  callSid: string;
  caller: PhoneNumber;
  clinicId: ClinicId;
}

/** Why a credential opens no stream. */
export type StreamRefusal = 'malformed' | 'forged' | 'expired' | 'used';

/** How long a credential may wait to be used: Twilio opens the stream as soon as it reads the TwiML. */
export const STREAM_CREDENTIAL_LIFETIME_MS = 60_000;

const ALGORITHM = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Far above any credential issued (about 120 characters): longer input is not worth decoding. */
const MAX_LENGTH = 512;
/** Keeps this key apart from every other use of the auth token (Twilio's own signatures among them). */
const KEY_INFO = 'clinic-receptionist media-stream credential v1';

/**
 * The credential the signed voice webhook gives a call's media stream, in the stream URL's path
 * (Twilio refuses query strings, and signs the path with the URL). It is sealed with AES-256-GCM under
 * a key every server derives from TWILIO_AUTH_TOKEN (HKDF-SHA256), so any server of the deployment
 * can open it: a stream may land on another server than its webhook. The seal authenticates (a
 * credential altered, or made without the key, does not open) and hides what it binds, the CallSid,
 * the caller's number and its expiry, from the logs of proxies and of Twilio that record the URL.
 *
 * A credential opens one stream, within a minute of its webhook. This server remembers those it has
 * redeemed until they expire; another server would take one once more within that minute, for the
 * same call and caller only.
 */
export class StreamCredentials {
  private readonly key: Buffer;
  /** Redeemed here, by nonce (one per credential), until their expiry. */
  private readonly redeemed = new Map<string, number>();

  constructor(
    authToken: string,
    private readonly clock: Clock,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', authToken, '', KEY_INFO, 32));
  }

  issue({ callSid, caller, clinicId }: StreamGrant): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, nonce, { authTagLength: TAG_BYTES });
    const sealed = cipher.update(
      JSON.stringify([this.clock.now() + STREAM_CREDENTIAL_LIFETIME_MS, callSid, caller, clinicId]),
    );
    return Buffer.concat([nonce, sealed, cipher.final(), cipher.getAuthTag()]).toString('base64url');
  }

  /** The grant a credential carries, once: a second use, here, is refused. */
  redeem(credential: string): Result<StreamGrant, StreamRefusal> {
    const now = this.clock.now();
    for (const [nonce, expiresAt] of this.redeemed) if (expiresAt <= now) this.redeemed.delete(nonce);
    const opened = this.open(credential);
    if (!opened.ok) return opened;
    const { nonce, expiresAt, grant } = opened.value;
    if (expiresAt <= now) return fail('expired');
    if (this.redeemed.has(nonce)) return fail('used');
    this.redeemed.set(nonce, expiresAt);
    return ok(grant);
  }

  private open(credential: string): Result<{ nonce: string; expiresAt: number; grant: StreamGrant }, StreamRefusal> {
    if (credential.length > MAX_LENGTH) return fail('malformed');
    const bytes = Buffer.from(credential, 'base64url');
    // Only the one spelling issued: base64url's spare bits and stray characters would let one credential pass as many.
    if (bytes.length <= NONCE_BYTES + TAG_BYTES || bytes.toString('base64url') !== credential) return fail('malformed');
    const nonce = bytes.subarray(0, NONCE_BYTES);
    const decipher = createDecipheriv(ALGORITHM, this.key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    let plain: string;
    try {
      plain = Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, -TAG_BYTES)), decipher.final()]).toString();
    } catch {
      return fail('forged');
    }
    // Sealed by a server of this deployment, so well formed: only a change of format would fail here.
    const [expiresAt, callSid, number, clinicId] = JSON.parse(plain) as [number, string, string, string];
    const caller = parsePhoneNumber(number);
    if (!caller.ok || !isClinicId(clinicId)) return fail('malformed');
    return ok({ nonce: nonce.toString('base64url'), expiresAt, grant: { callSid, caller: caller.value, clinicId } });
  }
}
