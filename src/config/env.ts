import { config as dotenv } from 'dotenv';
import { type Config, ConfigSchema, loadConfig } from './config.js';

// The only place that touches process.env.

/** Whether a command's failure should print its stack (LOG_LEVEL=debug), known even when the settings are invalid. */
export function wantsStacks(): boolean {
  return process.env.LOG_LEVEL === 'debug';
}

/** Read `.env` (if present) into the environment, then validate. */
export function configFromEnvironment(): Config {
  const { parsed } = dotenv({ quiet: true });
  // Said before validating, so a misspelt required setting is explained next to the error it causes.
  for (const line of unknownSettings(Object.keys(parsed ?? {}))) process.stderr.write(`warn: .env: ${line}\n`);
  return loadConfig(process.env);
}

/** Names in `.env` that are no setting (a typo is silently ignored otherwise), with the setting meant if it is clear. */
export function unknownSettings(names: string[]): string[] {
  const known = Object.keys(ConfigSchema.shape);
  return names
    .filter((n) => !known.includes(n))
    .map((n) => {
      const near = known.filter((k) => editDistance(n, k) <= 2);
      return `${n} is not a setting, so it is ignored${near.length === 1 ? ` (did you mean ${near[0]}?)` : ''}`;
    });
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
