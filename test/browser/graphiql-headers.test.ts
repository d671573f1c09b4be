import { describe, expect, it } from 'vitest';
import { apiKeyIn, withApiKey } from '../../src/graphiql/headers';

describe("GraphiQL's Api-Key control: editing the headers editor's JSON", () => {
  it('sets the key and keeps every other header', () => {
    const next = withApiKey('{"Authorization": "Bearer x"}', 'k1');
    expect(JSON.parse(next)).toEqual({ Authorization: 'Bearer x', 'Api-Key': 'k1' });
    expect(apiKeyIn(next)).toBe('k1');
  });

  it('replaces a key whatever its case, once', () => {
    const next = withApiKey('{"api-key": "old", "X-Other": "1"}', 'new');
    expect(JSON.parse(next)).toEqual({ 'X-Other': '1', 'Api-Key': 'new' });
  });

  it('removes the key; nothing left is an empty editor', () => {
    expect(withApiKey('{"API-KEY": "old"}', null)).toBe('');
    expect(apiKeyIn('')).toBeUndefined();
    expect(withApiKey('   ', 'k')).toBe('{\n  "Api-Key": "k"\n}');
  });

  it('never overwrites headers that are not a JSON object', () => {
    for (const text of ['{"Api-Key": ', '["Api-Key"]', 'null']) {
      expect(() => withApiKey(text, 'k')).toThrow(SyntaxError);
      expect(apiKeyIn(text)).toBeUndefined();
    }
  });
});
