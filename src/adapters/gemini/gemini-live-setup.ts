import { type LiveConnectConfig, Modality } from '@google/genai';
import type { VoiceSessionSetup } from '../../ports/voice-model.js';
import { toolsOf } from './gemini-contents.js';

/**
 * The setup of one connection. Every connection asks for resumption handles, so that each can be
 * followed by the next; a handle, when given, brings the conversation so far back.
 */
export function liveConfigOf(
  setup: VoiceSessionSetup,
  voiceName: string | undefined,
  handle: string | undefined,
): LiveConnectConfig {
  const tools = toolsOf(setup.tools);
  return {
    responseModalities: [Modality.AUDIO],
    systemInstruction: setup.systemInstruction,
    ...(tools.length > 0 ? { tools } : {}),
    // A native-audio model answers in sound only: its words, and the caller's, come as transcriptions.
    inputAudioTranscription: {},
    outputAudioTranscription: {},
    sessionResumption: handle ? { handle } : {},
    // Without it Gemini ends an audio session after about 15 minutes, and resumption cannot bring it back.
    contextWindowCompression: { slidingWindow: {} },
    ...(voiceName ? { speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName } } } } : {}),
  };
}
