import { type AppConfig, loadConfig } from '../../config/load-config.js';
import { PROJECT_ROOT } from './server-process.js';

/** Both Gemini models' settings as a clinic's configuration gives them, defaults and all, pointed at `baseUrl`. */
export function geminiSettings(apiKey: string, baseUrl?: string): NonNullable<AppConfig['gemini']> {
  const env = { STORAGE: 'memory', GEMINI_API_KEY: apiKey, ...(baseUrl ? { GOOGLE_GEMINI_BASE_URL: baseUrl } : {}) };
  return loadConfig(env, PROJECT_ROOT).gemini!;
}
