import type {
  CallerSampleRate,
  VoiceModel,
  VoiceSession,
  VoiceSessionEvents,
  VoiceSessionSetup,
} from '../../ports/voice-model.js';
import { type GeminiEndpoint, geminiClientOptions } from './gemini-client-options.js';
import { openLiveConnection } from './gemini-live-connection.js';
import { DEFAULT_RESUMPTION_POLICY, GeminiLiveSession, type ResumptionPolicy } from './gemini-live-session.js';
import { liveConfigOf } from './gemini-live-setup.js';

/**
 * What the composition root reads from the environment (GEMINI_API_KEY, GEMINI_LIVE_MODEL, GOOGLE_GEMINI_BASE_URL,
 * GEMINI_API_VERSION, GEMINI_LIVE_CONNECT_TIMEOUT_MS, GEMINI_LIVE_VOICE, GEMINI_LIVE_INPUT_RATE). The SDK turns an http(s) base URL into ws(s).
 */
export interface GeminiLiveSettings extends GeminiEndpoint {
  model: string;
  /** For each connection, from opening the socket to Gemini's setupComplete. */
  connectTimeoutMs: number;
  /** One of Gemini's prebuilt voices; Gemini picks one when unset. */
  voiceName?: string;
  /** The caller's audio goes to Gemini in chunks this long (VOICE_AUDIO_CHUNK_MS); unset, each piece as it comes. */
  audioChunkMs?: number;
  /** The rate the caller's audio is sent at (GEMINI_LIVE_INPUT_RATE): Gemini resamples it to its own 16 kHz. */
  callerSampleRate: CallerSampleRate;
  resumption?: Partial<ResumptionPolicy>;
}

/**
 * The receptionist's voice on the phone: a Gemini Live session per call, with the tool catalog as
 * function declarations, kept alive across Gemini's connection limits by session resumption.
 */
export class GeminiLiveVoiceModel implements VoiceModel {
  readonly name: string;
  readonly callerSampleRate: CallerSampleRate;

  constructor(
    private readonly settings: GeminiLiveSettings,
    private readonly resumption: ResumptionPolicy,
  ) {
    this.name = `gemini-live:${settings.model}`;
    this.callerSampleRate = settings.callerSampleRate;
  }

  connect(setup: VoiceSessionSetup, events: VoiceSessionEvents, callEnded?: AbortSignal): Promise<VoiceSession> {
    const { apiKey, model, connectTimeoutMs, voiceName, audioChunkMs, callerSampleRate } = this.settings;
    return GeminiLiveSession.start(
      (handle, cancelled) =>
        openLiveConnection({
          client: geminiClientOptions(this.settings),
          apiKey,
          model,
          config: liveConfigOf(setup, voiceName, handle),
          callerSampleRate,
          timeoutMs: connectTimeoutMs,
          cancelled,
        }),
      events,
      this.resumption,
      { sampleRate: callerSampleRate, ...(audioChunkMs === undefined ? {} : { chunkMs: audioChunkMs }) },
      callEnded,
    );
  }
}

export function createGeminiLiveVoiceModel(settings: GeminiLiveSettings): GeminiLiveVoiceModel {
  return new GeminiLiveVoiceModel(settings, { ...DEFAULT_RESUMPTION_POLICY, ...settings.resumption });
}
