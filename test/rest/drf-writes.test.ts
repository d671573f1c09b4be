import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { validationErrorFromDatabase } from '../../src/resources/db-errors';
import { graphql } from '../helpers/graphql';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/** A multipart/form-data body: fields, and files as `[name, filename, content]`. */
function multipart(fields: Array<[string, string]>, files: Array<[string, string, string]> = []): { payload: string; contentType: string } {
  const boundary = '----drf-writes-boundary';
  const parts = fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  for (const [name, filename, content] of files) {
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`);
  }
  return { payload: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

const FORM = 'application/x-www-form-urlencoded';

/** Writes as a DRF 3.14 ModelViewSet answers them: status and exact body, per point of the issue "Real clients work unchanged". */
describe('DRF-shaped writes', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;
  let schema: string;
  let serial = 0;
  const sku = () => `DRF-${++serial}`;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'drf-writes');
    headers = bearer(user.publicTokens.access, user.client.api_key);
    schema = user.client.schema;
  });
  afterAll(async () => t.close());

  const tagsOf = async (id: number) =>
    (await t.app.pool.query(`select tag_id from "${schema}".product_tags where product_id = $1 order by tag_id`, [id])).rows.map((row) => row.tag_id);

  async function product(extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const created = await t.app.inject({ method: 'POST', url: '/api/products/', headers, payload: { sku: sku(), name: 'Kettle', price: '9.90', tags: [1, 2], ...extra } });
    expect(created.statusCode, created.body).toBe(201);
    return created.json();
  }

  describe('an empty list clears a many-to-many relation', () => {
    it.each(['PATCH', 'PUT'] as const)('%s with "tags": [] answers and stores no tags', async (method) => {
      const { id, sku: code } = await product();
      expect(await tagsOf(id)).toEqual([1, 2]);
      const response = await t.app.inject({ method, url: `/api/products/${id}/`, headers, payload: { sku: code, name: 'Kettle', price: '9.90', tags: [] } });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().tags).toEqual([]);
      expect(await tagsOf(id)).toEqual([]);
    });

    it('PUT without "tags" keeps them (the field is not required), as DRF does', async () => {
      const { id, sku: code } = await product();
      const response = await t.app.inject({ method: 'PUT', url: `/api/products/${id}/`, headers, payload: { sku: code, name: 'Kettle', price: '9.90' } });
      expect(response.json().tags).toEqual([1, 2]);
    });

    it('GraphQL updateProduct(data: { tags: [] }) clears them too', async () => {
      const { id } = await product();
      const updated = await graphql(t.app, `mutation { updateProduct(id: "${id}", data: { tags: [] }) { tags { id } } }`, undefined, headers);
      expect(updated.errors).toBeUndefined();
      expect(updated.data.updateProduct.tags).toEqual([]);
      expect(await tagsOf(id)).toEqual([]);
    });
  });

  describe('attributes is a JSON object or a 400 naming it', () => {
    it.each([
      ['a string', 'notobj', 'str'],
      ['a list', [1, 2], 'list'],
      ['a number', 5, 'int'],
      ['a boolean', true, 'bool'],
    ])('%s is refused', async (_case, attributes, type) => {
      const response = await t.app.inject({ method: 'POST', url: '/api/products/', headers, payload: { sku: sku(), name: 'n', price: '1', attributes } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ attributes: [`Expected a dictionary of items but got type "${type}".`] });
    });

    it('an object is stored as sent', async () => {
      const created = await product({ attributes: { colour: 'red', sizes: [1, 2], nested: { deep: true } } });
      expect(created.attributes).toEqual({ colour: 'red', sizes: [1, 2], nested: { deep: true } });
    });
  });

  describe('validation: every failing field at once, DRF 3.14 messages and coercions', () => {
    const post = (url: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, headers, payload });
    const row = async (table: string, id = 1) => (await t.app.pool.query(`select * from "${schema}".${table} where id = $1`, [id])).rows[0];

    it('every unique field is reported with the other failures, in field order', async () => {
      const { name, slug } = await row('categories');
      const categories = await post('/api/categories/', { name, slug });
      expect(categories.statusCode).toBe(400);
      expect(categories.json()).toEqual({ name: ['category with this name already exists.'], slug: ['category with this slug already exists.'] });
      const { sku: taken } = await row('products');
      const products = await post('/api/products/', { sku: taken, name: ' ', price: 'cheap' });
      expect(JSON.stringify(products.json())).toBe(
        JSON.stringify({ sku: ['product with this sku already exists.'], name: ['This field may not be blank.'], price: ['A valid number is required.'] }),
      );
    });

    it('an update may keep its own unique values', async () => {
      const { id, sku: code } = await product();
      const response = await t.app.inject({ method: 'PATCH', url: `/api/products/${id}/`, headers, payload: { sku: code, name: 'Renamed' } });
      expect(response.statusCode, response.body).toBe(200);
    });

    it.each([
      ['123456789.5', { price: ['Ensure that there are no more than 8 digits before the decimal point.'] }],
      ['12345678901', { price: ['Ensure that there are no more than 10 digits in total.'] }],
      ['1.500', { price: ['Ensure that there are no more than 2 decimal places.'] }],
      ['NaN', { price: ['A valid number is required.'] }],
      ['x'.repeat(1001), { price: ['String value too large.'] }],
    ])('price %s is refused before the database sees it', async (price, expected) => {
      const response = await post('/api/products/', { sku: sku(), name: 'n', price });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual(expected);
    });

    it.each([
      ['1e2', '100.00'],
      [12.5, '12.50'],
      ['  7.1 ', '7.10'],
      ['0.5', '0.50'],
      ['.25', '0.25'],
    ])('price %j is read as DRF reads it: %s', async (price, stored) => {
      expect((await product({ price })).price).toBe(stored);
    });

    it.each([
      ['12.0', 12],
      [12.0, 12],
      [' 7 ', 7],
      ['3.000', 3],
    ])('stock %j is the integer %d', async (stock, expected) => {
      expect((await product({ stock })).stock).toBe(expected);
    });

    it.each([['12.5'], [12.5], [true], ['1e2']])('stock %j is not an integer', async (stock) => {
      const response = await post('/api/products/', { sku: sku(), name: 'n', price: '1', stock });
      expect(response.json()).toEqual({ stock: ['A valid integer is required.'] });
    });

    it('integers past PostgreSQL\'s integer are refused with Django\'s bound', async () => {
      const response = await post('/api/products/', { sku: sku(), name: 'n', price: '1', stock: 3_000_000_000 });
      expect(response.json()).toEqual({ stock: ['Ensure this value is less than or equal to 2147483647.'] });
    });

    it.each([
      ['yes', true], ['no', false], ['on', true], ['off', false], ['1', true], ['0', false], ['true', true], ['false', false], ['Y', true], ['f', false], [1, true], [0, false],
    ])('is_active %j is %s (BooleanField.TRUE_VALUES and FALSE_VALUES)', async (value, expected) => {
      expect((await product({ is_active: value })).is_active).toBe(expected);
    });

    it('strings are trimmed; blank after the trim is blank', async () => {
      expect((await product({ name: '  Copper Kettle \n' })).name).toBe('Copper Kettle');
      const blank = await post('/api/products/', { sku: sku(), name: ' \t ', price: '1' });
      expect(blank.json()).toEqual({ name: ['This field may not be blank.'] });
    });

    it('emails and slugs are checked as EmailField and SlugField check them', async () => {
      const customer = await post('/api/customers/', { email: 'not-an-email', first_name: 'a', last_name: 'b', country: 'GB' });
      expect(customer.statusCode).toBe(400);
      expect(customer.json()).toEqual({ email: ['Enter a valid email address.'] });
      const user = await post('/api/users/', { email: 'two@@example.com', password: 'a long passphrase' });
      expect(user.json()).toEqual({ email: ['Enter a valid email address.'] });
      const category = await post('/api/categories/', { name: 'Not a slug', slug: 'not a slug!' });
      expect(category.json()).toEqual({ slug: ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'] });
      const good = await post('/api/customers/', { email: ' ok.person+tag@example.co.uk ', first_name: 'a', last_name: 'b', country: 'GB' });
      expect(good.statusCode, good.body).toBe(201);
      expect(good.json().email).toBe('ok.person+tag@example.co.uk');
    });

    it('a relation sent as "" is null (DRF\'s RelatedField), refused where it is required', async () => {
      expect((await product({ category: '' })).category).toBeNull();
      const item = await post('/api/order-items/', { order: 1, product: '', quantity: 1, unit_price: '1' });
      expect(item.json()).toEqual({ product: ['This field may not be null.'] });
    });

    it("the database's own refusals (a race past the checks) land on their field in DRF's words", async () => {
      const spec = t.app.resources.registry.get('Product')!;
      const refusal = (column: string, value: unknown) =>
        t.app.pool
          .query(`insert into "${schema}".products (sku, name, price) values ('RACE', 'n', 1); update "${schema}".products set ${column} = '${value}' where sku = 'RACE'`)
          .then(() => 'accepted', (error) => validationErrorFromDatabase(spec, error)?.fields ?? error.message);
      expect(await refusal('description', 'ok')).toBe('accepted');
      await t.app.pool.query(`delete from "${schema}".products where sku = 'RACE'`);
      expect(await refusal('sku', 'x'.repeat(33))).toEqual({ sku: ['Ensure this field has no more than 32 characters.'] });
      expect(await refusal('price', '123456789')).toEqual({ price: ['Ensure that there are no more than 8 digits before the decimal point.'] });
      expect(await refusal('price', '-1')).toEqual({ price: ['Ensure this value is greater than or equal to 0.'] });
      expect(await refusal('stock', '3000000000')).toEqual({ stock: ['Ensure this value is less than or equal to 2147483647.'] });
    });
  });

  describe('bodies: empty JSON, form-encoded and multipart, as DRF parses them', () => {
    const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, contentType: string, payload?: string, extra: Record<string, string> = {}) =>
      t.app.inject({ method, url, headers: { ...headers, 'content-type': contentType, ...extra }, payload });

    it('a DELETE that names JSON and sends nothing succeeds', async () => {
      const { id } = await product();
      const response = await send('DELETE', `/api/products/${id}/`, 'application/json');
      expect(response.statusCode, response.body).toBe(204);
    });

    it('a POST that names JSON and sends nothing reports the required fields', async () => {
      const response = await send('POST', '/api/tags/', 'application/json');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ name: ['This field is required.'] });
    });

    it('a form creates: repeated names are the many-to-many list, strings coerced per field', async () => {
      const code = sku();
      const body = new URLSearchParams([['sku', code], ['name', ' Form Kettle '], ['price', '9.9'], ['stock', '4'], ['is_active', 'on'], ['tags', '1'], ['tags', '3'], ['category', '2'], ['attributes', '{"colour":"red"}']]);
      const response = await send('POST', '/api/products/', FORM, body.toString());
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ sku: code, name: 'Form Kettle', price: '9.90', stock: 4, is_active: true, tags: [1, 3], category: 2, attributes: { colour: 'red' } });
    });

    it('a form reads as an HTML form does: no checkbox is false, no multi-select is none, "" is null or the default', async () => {
      const code = sku();
      const response = await send('POST', '/api/products/', FORM, `sku=${code}&name=Bare&price=1&category=&stock=`);
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ is_active: false, tags: [], category: null, stock: 0 });
    });

    it('a form PATCH changes only what it sends', async () => {
      const { id } = await product({ is_active: true });
      const response = await send('PATCH', `/api/products/${id}/`, FORM, 'price=3.5');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ price: '3.50', is_active: true, tags: [1, 2] });
    });

    it('a form reports every failing field at once, and bad JSON text on its field', async () => {
      const response = await send('POST', '/api/products/', FORM, 'name=&price=cheap&tags=x&attributes={nope');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        sku: ['This field is required.'],
        name: ['This field may not be blank.'],
        price: ['A valid number is required.'],
        attributes: ['Value must be valid JSON.'],
        tags: ['Incorrect type. Expected pk value, received str.'],
      });
    });

    it('a form body is read by the other endpoints too (simplejwt takes form logins)', async () => {
      const payload = new URLSearchParams({ email: user.email, password: user.password }).toString();
      const response = await t.app.inject({ method: 'POST', url: '/api/token/', headers: { 'content-type': FORM }, payload });
      expect(response.statusCode, response.body).toBe(200);
      expect(Object.keys(response.json()).sort()).toEqual(['access', 'refresh']);
    });

    it('multipart/form-data creates the same way', async () => {
      const { payload, contentType } = multipart([['name', 'multipart-tag']]);
      const response = await send('POST', '/api/tags/', contentType, payload);
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().name).toBe('multipart-tag');
      const many = multipart([['sku', sku()], ['name', 'Multi'], ['price', '2'], ['tags', '2'], ['tags', '4']]);
      const created = await send('POST', '/api/products/', many.contentType, many.payload);
      expect(created.json().tags).toEqual([2, 4]);
    });

    it('a multipart body may carry no file, and nothing is written', async () => {
      const { payload, contentType } = multipart([['name', 'with-a-file']], [['name', 'evil.txt', 'hello']]);
      const response = await send('POST', '/api/tags/', contentType, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ detail: 'File uploads are not accepted: no field of this API takes a file.' });
      expect((await t.app.pool.query(`select count(*)::int as n from "${schema}".tags where name = 'with-a-file'`)).rows[0].n).toBe(0);
    });

    it('a multipart body without a boundary is a 400 that says so', async () => {
      const response = await send('POST', '/api/tags/', 'multipart/form-data', 'name=x');
      expect(response.statusCode).toBe(400);
      expect(response.json().detail).toMatch(/^Multipart form parse error - /);
    });

    it.each([
      ['form-encoded', () => ({ contentType: FORM, payload: Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&') })],
      ['multipart', () => multipart(Array.from({ length: 1001 }, (_, i) => [`f${i}`, '1'] as [string, string]))],
    ])('a %s body of more than MAX_FORM_FIELDS fields is a 400', async (_kind, body) => {
      const { contentType, payload } = body();
      const response = await send('POST', '/api/tags/', contentType, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ detail: 'The form has more than 1,000 fields (MAX_FORM_FIELDS).' });
    });

    it('a form body past MAX_BODY_BYTES is a 413, as JSON is', async () => {
      const response = await send('POST', '/api/tags/', FORM, `name=${'x'.repeat(t.config.limits.maxBodyBytes)}`);
      expect(response.statusCode).toBe(413);
    });

    it('text/plain stays a 415', async () => {
      const response = await send('POST', '/api/tags/', 'text/plain', 'name=x');
      expect(response.statusCode).toBe(415);
      expect(response.json()).toEqual({ detail: 'Unsupported media type "text/plain" in request.' });
    });

    it('GraphQL does not read forms: a 415 in its own shape', async () => {
      const response = await send('POST', '/graphql', FORM, 'query={me{email}}');
      expect(response.statusCode).toBe(415);
      expect(response.json().errors[0].extensions.code).toBe('BAD_REQUEST');
    });

    describe('CSRF: a form with the session cookie is the session only from this site', () => {
      const host = 'api.test';
      let cookie: string;
      let csrf: string;
      beforeAll(async () => {
        const session = await t.app.inject({ method: 'POST', url: '/api/auth/session/', headers: { host }, payload: { email: user.email, password: user.password, client: user.client.id } });
        expect(session.statusCode, session.body).toBe(201);
        cookie = String(session.headers['set-cookie']).split(';')[0];
        csrf = session.json().csrf_token;
      });
      const countTags = async (name: string) => (await t.app.pool.query(`select count(*)::int as n from "${schema}".tags where name = $1`, [name])).rows[0].n;
      const formPost = (name: string, extra: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: '/api/tags/', headers: { host, cookie, 'content-type': FORM, ...extra }, payload: `name=${name}` });

      it('a cross-site form POST with the cookie is refused, and writes nothing', async () => {
        const response = await formPost('csrf-cross-site', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
        expect([401, 403]).toContain(response.statusCode);
        expect(await countTags('csrf-cross-site')).toBe(0);
      });

      it('a form POST with the cookie and no Origin, Referer or X-CSRFToken is refused', async () => {
        const response = await formPost('csrf-no-origin', {});
        expect(response.statusCode).toBe(403);
        expect(response.json().detail).toMatch(/^CSRF Failed: Origin checking failed/);
        expect(await countTags('csrf-no-origin')).toBe(0);
      });

      it('the same form from this site, or with the CSRF token, is accepted', async () => {
        expect((await formPost('csrf-same-site', { origin: `http://${host}` })).statusCode).toBe(201);
        expect((await formPost('csrf-token', { 'x-csrftoken': csrf })).statusCode).toBe(201);
      });
    });
  });

  describe('methods: 405 with Allow, HEAD on every GET route', () => {
    const LIST = 'GET, POST, HEAD, OPTIONS';
    const DETAIL = 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS';

    it.each([
      ['DELETE', '/api/products/', LIST],
      ['PUT', '/api/products/', LIST],
      ['PATCH', '/api/tags', LIST],
      ['POST', '/api/products/1/', DETAIL],
      ['POST', '/api/products/999999/', DETAIL],
      ['GET', '/api/token/', 'POST, OPTIONS'],
      ['DELETE', '/api/me/', 'GET, HEAD, OPTIONS'],
    ] as const)('%s %s is a 405 naming the method, with Allow', async (method, url, allow) => {
      const response = await t.app.inject({ method, url, headers });
      expect(response.statusCode, response.body).toBe(405);
      expect(response.headers.allow).toBe(allow);
      expect(response.json()).toEqual({ detail: `Method "${method}" not allowed.` });
    });

    it('a 405 on a resource needs the user a GET needs first, as DRF authenticates before dispatching', async () => {
      const response = await t.app.inject({ method: 'DELETE', url: '/api/products/' });
      expect(response.statusCode).toBe(401);
    });

    it('an unknown URL is still a 404', async () => {
      const response = await t.app.inject({ method: 'DELETE', url: '/api/nothing-here/', headers });
      expect([response.statusCode, response.json()]).toEqual([404, { detail: 'Not found.' }]);
    });

    it('every answer of a route names its allowed methods, as DRF does', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/api/products/', headers })).headers.allow).toBe(LIST);
      expect((await t.app.inject({ method: 'GET', url: '/api/products/1/', headers })).headers.allow).toBe(DETAIL);
      expect((await t.app.inject({ method: 'OPTIONS', url: '/api/products/1/', headers })).headers.allow).toBe(DETAIL);
    });

    it.each(['/api/products/', '/api/products/1/', '/api/me/'])('HEAD %s answers the GET headers without a body', async (url) => {
      const get = await t.app.inject({ method: 'GET', url, headers });
      const head = await t.app.inject({ method: 'HEAD', url, headers });
      expect(head.statusCode).toBe(200);
      expect(head.body).toBe('');
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
    });
  });
});
