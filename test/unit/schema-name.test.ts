import { describe, expect, it } from 'vitest';
import { schemaNameFor } from '../../src/tenancy/schema-name';

const digits = () => '123456';

describe('schemaNameFor (DESIGN §4)', () => {
  it.each([
    ['john.doe@example.com', 'john_doe_123456'],
    ['John.Doe+Sandbox@Example.com', 'john_doe_sandbox_123456'],
    ['UPPER@example.com', 'upper_123456'],
    ['josé.müller@example.com', 'jos__m_ller_123456'],
    ['"quoted"@example.com', 'u_quoted__123456'],
    ["robert');drop table users;--@example.com", 'robert___drop_table_users____123456'],
    ['1337@example.com', 'u1337_123456'],
    ['_under@example.com', 'u_under_123456'],
    ['pg_catalog@example.com', 'upg_catalog_123456'],
    ['😀@example.com', 'u__123456'],
  ])('%s → %s', (email, expected) => {
    expect(schemaNameFor(email, digits)).toBe(expected);
  });

  it('fits 63 bytes with the suffix, whatever the length', () => {
    const name = schemaNameFor(`${'a'.repeat(80)}@example.com`, digits);
    expect(name).toBe(`${'a'.repeat(56)}_123456`);
    expect(Buffer.byteLength(name)).toBe(63);
  });

  it('only ever produces a safe identifier', () => {
    for (const email of ['x@y.z', 'ÄÖÜ@x.de', 'a"b@c.d', 'a;b@c.d', ' space @x.y', 'no-at-sign']) {
      expect(schemaNameFor(email)).toMatch(/^[a-z][a-z0-9_]{0,55}_\d{6}$/);
    }
  });

  it('two users with the same local part get different schemas', () => {
    const names = new Set(Array.from({ length: 50 }, () => schemaNameFor('same@example.com')));
    expect(names.size).toBeGreaterThan(45);
  });
});
