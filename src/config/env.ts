import { config as dotenv } from 'dotenv';
import { loadConfig, type Config } from './config.js';

/** Read `.env` (if present) into the environment, then validate. The only place that touches process.env. */
export function configFromEnvironment(): Config {
  dotenv({ quiet: true });
  return loadConfig(process.env);
}
