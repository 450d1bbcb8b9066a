// A small leveled logger on stderr, so stdout stays clean for --json output.

export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, extra?: Record<string, unknown>): void;
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

const secrets: string[] = [];
/** Register a secret (the bot token) that must never reach a log line. */
export function redact(secret: string | undefined): void {
  if (secret && secret.length >= 8) secrets.push(secret);
}
const scrub = (s: string): string => secrets.reduce((acc, sec) => acc.split(sec).join('[redacted]'), s);

export function createLogger(
  level: Level = 'info',
  write: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
): Logger {
  const emit = (lvl: Level, msg: string, extra?: Record<string, unknown>): void => {
    if (ORDER[lvl] < ORDER[level]) return;
    const tail = extra && Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
    write(scrub(`${lvl === 'info' ? '' : `${lvl}: `}${msg}${tail}`));
  };
  return {
    debug: (m, e) => emit('debug', m, e),
    info: (m, e) => emit('info', m, e),
    warn: (m, e) => emit('warn', m, e),
    error: (m, e) => emit('error', m, e),
  };
}

export const silentLogger: Logger = createLogger('error', () => {});
