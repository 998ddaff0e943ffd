import { type AppConfig, loadConfig } from '../../config/load-config.js';
import { PROJECT_ROOT } from './server-process.js';

/**
 * Both Gemini models' settings as a clinic's configuration gives them, defaults and all, pointed at
 * `baseUrl`; but for the caller's audio, sent piece by piece as the protocol tests count it (a test of
 * chunks asks for them).
 */
export function geminiSettings(apiKey: string, baseUrl?: string): NonNullable<AppConfig['gemini']> {
  const env = {
    STORAGE: 'memory',
    GEMINI_API_KEY: apiKey,
    VOICE_AUDIO_CHUNK_MS: '20',
    ...(baseUrl ? { GOOGLE_GEMINI_BASE_URL: baseUrl } : {}),
  };
  return loadConfig(env, PROJECT_ROOT).gemini!;
}
