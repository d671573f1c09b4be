import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { statementsDuring } from '../helpers/statements';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/**
 * What a DRF 3.14 + django-filter 23.1 list answers, byte for byte, for the cases real clients hit:
 * PageNumberPagination, the filters' parsing and messages, DateTimeField output, drf-flex-fields' expand.
 */
describe('lists as DRF and django-filter answer them', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers });
  const sql = async (query: string) => (await t.app.pool.query(query)).rows;
  const ids = (body: { results: Array<{ id: number }> }) => body.results.map((row) => row.id);

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'drf-lists');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  describe('PageNumberPagination', () => {
    it.each(['0', '-1', 'abc', '', '1.0', '2x'])('page=%s is 404 {"detail": "Invalid page."}', async (page) => {
      const response = await get(`/api/products/?page=${page}`);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ detail: 'Invalid page.' });
    });

    it('a page past the last is 404, a huge one too, without a statement PostgreSQL refuses', async () => {
      expect((await get('/api/products/?page=101')).json()).toEqual({ detail: 'Invalid page.' });
      const huge = await get(`/api/products/?page=${'9'.repeat(400)}`);
      expect(huge.statusCode).toBe(404);
      expect(huge.json()).toEqual({ detail: 'Invalid page.' });
      // The first page of nothing is a page (allow_empty_first_page); the second is not.
      expect((await get('/api/products/?name=nothing-here')).statusCode).toBe(200);
      expect((await get('/api/products/?name=nothing-here&page=2')).statusCode).toBe(404);
    });

    it('int() forms of a page are pages: " 2", "+2", "0_2"', async () => {
      const second = ids((await get('/api/products/?page=2&ordering=id')).json());
      for (const page of ['%202', '%2B2', '0_2']) expect(ids((await get(`/api/products/?page=${page}&ordering=id`)).json()), page).toEqual(second);
    });

    it.each(['abc', '0', '-5', '', '1.5'])('page_size=%s falls back to the default page size (20)', async (size) => {
      const response = await get(`/api/products/?page_size=${size}`);
      expect(response.statusCode).toBe(200);
      expect(response.json().results).toHaveLength(20);
    });

    it('a page_size above the maximum is capped at it (100), and pages are counted on the capped size', async () => {
      const body = (await get('/api/products/?page_size=100000&page=2&ordering=id')).json();
      expect(body.results).toHaveLength(100);
      expect(body.results[0].id).toBe(101);
      expect((await get('/api/products/?page_size=100000&page=20')).statusCode).toBe(200);
      expect((await get('/api/products/?page_size=100000&page=21')).statusCode).toBe(404);
    });

    it('a bad filter is reported before a bad page, as DRF filters before it paginates', async () => {
      const response = await get('/api/products/?page=abc&price__gte=cheap');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ price__gte: ['Enter a number.'] });
    });
  });
});
