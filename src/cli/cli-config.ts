import { fileURLToPath } from 'node:url';
import { type AppConfig, ConfigError, loadConfig } from '../../config/load-config.js';

/** The configuration as the server reads it, from this environment; on a bad one, says why and exits 78 (EX_CONFIG). */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env, fileURLToPath(new URL('../../../', import.meta.url)));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
}
