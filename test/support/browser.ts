import { accessSync, constants } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

// The one place that finds and starts Chromium for the browser tests. Debian's package by default; elsewhere (macOS,
// a snap, a Chrome install) point CHROMIUM_PATH at the browser's executable.

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Headless, as root and offline: no sandbox (root), no GPU, and none of Chromium's background connections (on a
 * closed network they are refused, many at a time, and slow every start).
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  const path = env.CHROMIUM_PATH?.trim();
  return path ? path : DEFAULT_CHROMIUM;
}

/** Why the browser cannot be started, or undefined when the executable is there. */
export function missingChromium(path: string, fromEnv: boolean): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    const where = fromEnv ? `CHROMIUM_PATH is ${path}` : `CHROMIUM_PATH is not set and ${path} does not exist`;
    return (
      `The browser tests need Chromium, but ${where}, which is not an executable file. ` +
      'Install it (Debian: apt-get install chromium; .ci/run does) or set CHROMIUM_PATH to a Chromium or Chrome ' +
      'executable (macOS: "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome").'
    );
  }
}

/**
 * Start headless Chromium; a missing browser is an error that names CHROMIUM_PATH. Playwright gives every launch a
 * new empty profile (--user-data-dir in a temporary folder) and removes it on close.
 */
export async function launchChromium(): Promise<Browser> {
  const path = chromiumPath();
  const missing = missingChromium(path, Boolean(process.env.CHROMIUM_PATH?.trim()));
  if (missing) throw new Error(missing);
  return chromium.launch({ executablePath: path, args: CHROMIUM_FLAGS });
}
