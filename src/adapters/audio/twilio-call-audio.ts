import type { CallAudio } from '../../ports/call-audio.js';
import type { CallerSampleRate } from '../../ports/voice-model.js';
import { pcm8kOfMulaw } from './mulaw-to-pcm8k.js';
import { MulawToPcm16k } from './mulaw-to-pcm16k.js';
import { Pcm24kToMulaw } from './pcm24k-to-mulaw.js';

/**
 * A call's converters, made afresh for every call so no filter state is ever shared: the caller's
 * voice at the rate the model is sent, the model's at Twilio's.
 */
export function twilioCallAudio(modelRate: CallerSampleRate): CallAudio {
  const inbound = modelRate === 16_000 ? new MulawToPcm16k() : undefined;
  const outbound = new Pcm24kToMulaw();
  return {
    toModel: inbound ? (mulaw) => inbound.convert(mulaw) : pcm8kOfMulaw,
    toCaller: (pcm) => outbound.convert(pcm),
    reset: () => outbound.reset(),
  };
}
