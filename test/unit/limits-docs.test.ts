import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { DEFAULT_LIMITS, LIMIT_DEFINITIONS } from '../../src/limits/limits';

/** Every limit is configuration with a default, listed in the README and SECURITY.md (issue 13). */
describe('the limits', () => {
  const readme = readFileSync('README.md', 'utf8');
  const security = readFileSync('SECURITY.md', 'utf8');

  it.each(Object.values(LIMIT_DEFINITIONS).map((definition) => [definition.env, definition] as const))('%s is documented with its default, and read from the environment', (env, definition) => {
    expect(readme, `README.md lists ${env}`).toContain(`\`${env}\``);
    expect(security, `SECURITY.md lists ${env}`).toContain(`\`${env}\``);
    // A row of the Limits table: it starts with the variable's cell (which may name several variables).
    const row = readme.split('\n').find((line) => line.startsWith('| `') && line.split('|')[1].includes(`\`${env}\``));
    expect(row, `README.md has a table row for ${env}`).toBeDefined();
    expect(row!.replace(/[,_]/g, ''), `README.md's row gives the default of ${env}`).toContain(String(definition.default));
    const value = definition.min === definition.default ? definition.default + 1 : definition.min;
    const key = Object.entries(LIMIT_DEFINITIONS).find(([, candidate]) => candidate.env === env)![0] as keyof typeof DEFAULT_LIMITS;
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(40), [env]: String(value) }).limits[key]).toBe(value);
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(40), [env]: 'lots' })).toThrow(new RegExp(`${env}: must be an integer`));
  });
});
