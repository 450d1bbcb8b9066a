import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Config, ConfigError } from '../config/config.js';
import { configFromEnvironment, wantsStacks } from '../config/env.js';

/** Parse a command's options strictly; a wrong option prints what is wrong and the usage, and exits 2. */
export function parseCli<T extends NonNullable<ParseArgsConfig['options']>>(
  usage: string,
  options: T,
  argv = process.argv.slice(2),
): { values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true }>>['values']; positionals: string[] } {
  try {
    const r = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    if ((r.values as Record<string, unknown>).help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return r as never;
  } catch (e) {
    fail(`${(e as Error).message}\n\n${usage}`);
  }
}

export function fail(message: string, code = 2): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(code);
}

export function cliConfig(): Config {
  try {
    return configFromEnvironment();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }
}

/** Run a command's main; an error is one clear line (the stack only with LOG_LEVEL=debug), exit code 1. */
export function run(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    const err = e as Error;
    process.stderr.write(`error: ${err.message}\n`);
    if (wantsStacks() && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  });
}
