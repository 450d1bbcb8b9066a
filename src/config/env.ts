import { config as dotenv } from 'dotenv';
import { type Config, loadConfig } from './config.js';

// The only place that touches process.env.

/** Whether a command's failure should print its stack (LOG_LEVEL=debug), known even when the settings are invalid. */
export function wantsStacks(): boolean {
  return process.env.LOG_LEVEL === 'debug';
}

/** Read `.env` (if present) into the environment, then validate. */
export function configFromEnvironment(): Config {
  dotenv({ quiet: true });
  return loadConfig(process.env);
}
