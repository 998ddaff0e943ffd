import type { CallAudio } from '../../ports/call-audio.js';
import { MulawToPcm16k } from './mulaw-to-pcm16k.js';
import { Pcm24kToMulaw } from './pcm24k-to-mulaw.js';

/** A call's two converters, made afresh for every call so no filter state is ever shared. */
export function twilioCallAudio(): CallAudio {
  const inbound = new MulawToPcm16k();
  const outbound = new Pcm24kToMulaw();
  return {
    toModel: (mulaw) => inbound.convert(mulaw),
    toCaller: (pcm) => outbound.convert(pcm),
    reset: () => outbound.reset(),
  };
}
