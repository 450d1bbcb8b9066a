import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { unknownSettings } from '../src/config/env.js';

describe('settings', () => {
  it.each([
    ['DISCORD_TOKN', 'DISCORD_TOKN is not a setting, so it is ignored (did you mean DISCORD_TOKEN?)'],
    ['WEB_PROT', 'WEB_PROT is not a setting, so it is ignored (did you mean WEB_PORT?)'],
    ['SOMETHING_ELSE', 'SOMETHING_ELSE is not a setting, so it is ignored'],
  ])('a .env name that is no setting, %s, is named', (name, line) => {
    expect(unknownSettings([name])).toEqual([line]);
  });

  it('known names pass without a word', () => {
    expect(unknownSettings(['DISCORD_TOKEN', 'CORPUS_DIR', 'WEB_PORT'])).toEqual([]);
  });

  it('a bad value is named with what was given, a token never echoed', () => {
    try {
      loadConfig({ WEB_PORT: 'eighty', DISCORD_TOKEN: 'x' });
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.join('\n')).toMatch(/WEB_PORT: .*\(got "eighty"\)/u);
      expect((e as Error).message).not.toContain('"x"');
    }
  });

  it('search threads: the cores, at most two, unless set; at least one', () => {
    expect(loadConfig({}).SEARCH_THREADS).toBe(Math.min(2, availableParallelism()));
    expect(loadConfig({ SEARCH_THREADS: '1' }).SEARCH_THREADS).toBe(1);
    expect(() => loadConfig({ SEARCH_THREADS: '0' })).toThrow(/SEARCH_THREADS: .*\(got "0"\)/u);
  });
});
