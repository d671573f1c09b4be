import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duration } from '../../src/home/home-page';
import { startTestApp, type TestApp } from '../helpers/app';
import { registerUser, type RegisteredUser } from '../helpers/users';

/** The seed's instructions (DESIGN §1, §10), as a page: every topic, with the configured values. */
describe('the home page at /', () => {
  let t: TestApp;
  let alice: RegisteredUser;

  beforeAll(async () => {
    t = await startTestApp({ ACCESS_TOKEN_LIFETIME: '600', REFRESH_TOKEN_LIFETIME: '172800', REQUEST_DEADLINE_MS: '30000' });
    alice = await registerUser(t.app, 'home');
  });
  afterAll(async () => t.close());

  async function home(headers: Record<string, string> = {}) {
    const response = await t.app.inject({ method: 'GET', url: '/', headers });
    expect(response.statusCode).toBe(200);
    return response;
  }

  async function sessionCookie(client: number | 'public'): Promise<string> {
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/session/', payload: { email: alice.email, password: alice.password, client } });
    expect(login.statusCode, login.body).toBe(201);
    return `sg_session=${login.cookies.find((cookie) => cookie.name === 'sg_session')!.value}`;
  }

  it('is HTML of our own: no script, nothing from another site, never cached', async () => {
    const response = await home();
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).not.toMatch(/<script|<link|@import|url\(/i);
    const foreign = [...response.body.matchAll(/https?:\/\/[^\s"'<)]+/g)].map(([url]) => url).filter((url) => !url.startsWith('http://localhost:80'));
    expect(foreign).toEqual([]);
  });

  it('has the navigation bar: Admin panel, Open OpenAPI, GraphiQL, Register and Log in', async () => {
    const nav = /<nav aria-label="Main">([\s\S]*?)<\/nav>/.exec((await home()).body)![1];
    const links = [...nav.matchAll(/<a[^>]*href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map(([, href, text]) => `${text} ${href}`);
    expect(links).toEqual(['sandbox-gateway /', 'Admin panel /admin/', 'Open OpenAPI /docs', 'GraphiQL /graphiql/', 'Register /admin/#/register', 'Log in /admin/#/login']);
  });

  it('covers what the instructions cover, with the configured token lifetimes and deadline', async () => {
    const page = (await home()).body;
    const headings = [...page.matchAll(/<h2 id="([\w-]+)">/g)].map(([, id]) => id);
    expect(headings).toEqual(['api-client', 'register', 'admin-panel', 'openapi', 'api-key', 'auth', 'quick-start', 'response-codes']);
    expect(page).toContain('a complete copy of the reference data kept in the <code>public</code> schema');
    expect(page).toContain('Of the <code>users</code> table only one row comes along: yours.');
    expect(page).toContain('pick one, or <strong>Public</strong>');
    expect(page).toContain('Log in to the admin panel first, then open the docs');
    expect(page).toContain('<code>Api-Key: &lt;your API key&gt;</code>');
    expect(page).toContain('<strong data-testid="access-lifetime">10 minutes</strong>');
    expect(page).toContain('<strong data-testid="refresh-lifetime">2 days</strong>');
    const codes = [...page.matchAll(/<th scope="row">(\d{3})<\/th>/g)].map(([, code]) => code);
    expect(codes).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '404', '500', '502', '503']));
    expect(page).toMatch(/<th scope="row">502<\/th><td>The request took longer than 30 seconds/);
    expect(page).toMatch(/<th scope="row">400<\/th><td>[^<]*names only the fields that are wrong/);
    expect(page).toMatch(/<th scope="row">403<\/th><td>[^]*read-only/);
  });

  it('logged out, the quick starts carry placeholders', async () => {
    const page = (await home()).body;
    for (const id of ['curl', 'fetch', 'graphql']) expect(page).toContain(`data-snippet="${id}"`);
    expect(page).toContain('Api-Key: YOUR_API_KEY');
    expect(page).toContain('you@example.com');
    expect(page).not.toContain(alice.client.api_key);
  });

  it("logged in to the admin panel, they carry the visitor's email and the session client's key (in public: their first client's)", async () => {
    const inClient = (await home({ cookie: await sessionCookie(alice.client.id) })).body;
    expect(inClient).toContain(`Api-Key: ${alice.client.api_key}`);
    expect(inClient).not.toContain('YOUR_API_KEY');
    expect(inClient).toContain(`&#34;email&#34;:&#34;${alice.email}&#34;`);
    expect(inClient).toContain(`Logged in as ${alice.email}`);
    expect(inClient).not.toContain('href="/admin/#/login">Log in</a></nav>');
    const inPublic = (await home({ cookie: await sessionCookie('public') })).body;
    expect(inPublic).toContain(`Api-Key: ${alice.client.api_key}`);
    // A cookie sent along by another origin's page logs nobody in.
    const fromElsewhere = (await home({ cookie: await sessionCookie(alice.client.id), origin: 'http://localhost:5173' })).body;
    expect(fromElsewhere).not.toContain(alice.client.api_key);
  });

  it('says durations in words', () => {
    expect([duration(300), duration(86_400), duration(60), duration(90), duration(7_200), duration(1)]).toEqual(['5 minutes', '1 day', '1 minute', '90 seconds', '2 hours', '1 second']);
  });
});
