/** Who the snippets are for: the server's origin, and the visitor's email and key when logged in (placeholders otherwise). */
export interface QuickStartValues {
  origin: string;
  email: string;
  apiKey: string;
}

export const PLACEHOLDERS = { email: 'you@example.com', apiKey: 'YOUR_API_KEY', password: 'YOUR_PASSWORD' };

export interface QuickStart {
  id: string;
  title: string;
  /** What it shows, in a sentence. */
  intro: string;
  code: string;
}

const GRAPHQL_QUERY = '{ products(pageSize: 3, where: { price: { lt: 20 } }, orderBy: [{ price: DESC }]) { totalCount items { name price category { name } } } }';

/** Copy-paste quick starts: curl, fetch() from a browser app on any origin, and a GraphQL query. */
export function quickStarts({ origin, email, apiKey }: QuickStartValues): QuickStart[] {
  const login = JSON.stringify({ email, password: PLACEHOLDERS.password });
  return [
    {
      id: 'curl',
      title: 'curl',
      intro: 'Log in for an access token, then read and write your client with it and your key.',
      code: [
        `ACCESS=$(curl -s ${origin}/api/token/ -H 'Content-Type: application/json' \\`,
        `  -d '${login}' | sed -E 's/.*"access":"([^"]+)".*/\\1/')`,
        `curl -s '${origin}/api/products/?price__lt=20&ordering=-price&page_size=3' \\`,
        `  -H "Authorization: Bearer $ACCESS" -H 'Api-Key: ${apiKey}'`,
        `curl -s ${origin}/api/tags/ -H 'Content-Type: application/json' \\`,
        `  -H "Authorization: Bearer $ACCESS" -H 'Api-Key: ${apiKey}' -d '{"name": "made with curl"}'`,
      ].join('\n'),
    },
    {
      id: 'fetch',
      title: 'fetch() in a browser app',
      intro: 'From a page on any origin (your dev server on another port, say): the API allows it, with a token and a key, never with cookies.',
      code: [
        `const API = '${origin}';`,
        `const login = await fetch(\`\${API}/api/token/\`, {`,
        `  method: 'POST',`,
        `  headers: { 'Content-Type': 'application/json' },`,
        `  body: JSON.stringify(${login}),`,
        `});`,
        `const { access } = await login.json();`,
        `const headers = { 'Authorization': \`Bearer \${access}\`, 'Api-Key': '${apiKey}', 'Content-Type': 'application/json' };`,
        `const products = await (await fetch(\`\${API}/api/products/?price__lt=20&ordering=-price\`, { headers })).json();`,
        `const tag = await (await fetch(\`\${API}/api/tags/\`, { method: 'POST', headers, body: JSON.stringify({ name: 'made in my app' }) })).json();`,
      ].join('\n'),
    },
    {
      id: 'graphql',
      title: 'A GraphQL query',
      intro: 'The same data at /graphql, with the same token and key (after the curl lines above, which set $ACCESS).',
      code: [
        `curl -s ${origin}/graphql -H 'Content-Type: application/json' \\`,
        `  -H "Authorization: Bearer $ACCESS" -H 'Api-Key: ${apiKey}' \\`,
        `  -d '${JSON.stringify({ query: GRAPHQL_QUERY })}'`,
      ].join('\n'),
    },
  ];
}
