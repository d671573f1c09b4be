import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { anyJson, anyString } from './json-schema-arbitrary';
import type { GraphQLRequest } from './graphql-operations';

const punctuation = fc.constantFrom('{', '}', '(', ')', '[', ']', ':', '$', '@', '!', '...', '"', '"""', '\\', '#', ',', '=', '|', '&', '\u0000', '\ud800');

/** A document broken in one place: cut short, or a stray token dropped in. */
function broken(valid: fc.Arbitrary<GraphQLRequest>): fc.Arbitrary<GraphQLRequest> {
  const cut = fc.tuple(valid, fc.double({ min: 0, max: 1, noNaN: true })).map(([request, at]) => ({ ...request, query: request.query.slice(0, Math.floor(request.query.length * at)) }));
  const stray = fc.tuple(valid, fc.double({ min: 0, max: 1, noNaN: true }), punctuation).map(([request, at, token]) => {
    const index = Math.floor(request.query.length * at);
    return { ...request, query: request.query.slice(0, index) + token + request.query.slice(index) };
  });
  return fc.oneof(cut, stray);
}

/** Product → reviews → product → …: `levels` deep, past the depth limit when levels > 8. */
function deep(levels: number): string {
  let selection = '{ id }';
  for (let level = 0; level < levels; level++) selection = level % 2 === 0 ? `{ id product ${selection} }` : `{ id reviews ${selection} }`;
  return `{ reviews(pageSize: 2) { items ${selection} } }`;
}

/** Documents that are legal GraphQL on paper but hostile: deep, wide, aliased, cyclic, unknown. */
const hostile: fc.Arbitrary<GraphQLRequest> = fc.oneof(
  fc.integer({ min: 1, max: 40 }).map((levels) => ({ query: deep(levels), variables: {} })),
  fc.integer({ min: 1, max: 300 }).map((count) => ({ query: `{ ${Array.from({ length: count }, (_, i) => `a${i}: tags(pageSize: 100) { items { id name } }`).join(' ')} }`, variables: {} })),
  fc.integer({ min: 100, max: 6000 }).map((count) => ({ query: `{ ${'__typename '.repeat(count)}}`, variables: {} })),
  fc.integer({ min: 1, max: 100 }).map((size) => ({ query: `{ products(pageSize: 100) { items { id reviews(pageSize: ${size}) { id customer { orders(pageSize: ${size}) { items(pageSize: ${size}) { product { name } } } } } } } }`, variables: {} })),
  fc.integer({ min: 1000, max: 1_200_000 }).map((size) => ({ query: `{ products(where: { search: "${'x'.repeat(size)}" }) { totalCount } }`, variables: {} })),
  fc.constantFrom(
    'fragment A on Query { ...B } fragment B on Query { ...A } { ...A }',
    '{ ...Missing }',
    'query A { me { id } } query A { me { id } }',
    'query A { me { id } } query B { me { id } }',
    'subscription { me { id } }',
    '{ me { id } }\u0000',
    '{ nope }',
    '{ products { items { nope } } }',
    '{ products(pageSize: "ten") { totalCount } }',
    '{ product(id: null) { id } }',
    '{ me @skip(if: "yes") { id } }',
    '{ me @nope { id } }',
    'query ($x: Int) { products(pageSize: $y) { totalCount } }',
    'query ($x: Nope) { me { id } }',
    '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }',
    '{ __type(name: "Product") { name fields { name args { name type { name } } } } }',
    '',
    ' ',
    '#',
  ).map((query) => ({ query, variables: {} })),
);

/** Malformed and hostile documents, built from valid ones and from scratch. */
export function malformed(valid: fc.Arbitrary<GraphQLRequest>): fc.Arbitrary<GraphQLRequest> {
  return fc.oneof(broken(valid), hostile, anyString.map((query) => ({ query, variables: {} })));
}

/** The HTTP envelope around a request: JSON POST (sometimes with a broken `variables` or `operationName`), GET, or not JSON at all. */
export function envelope(request: GraphQLRequest): fc.Arbitrary<InjectOptions> {
  const post = (payload: string, type = 'application/json'): InjectOptions => ({ method: 'POST', url: '/graphql', headers: { 'content-type': type }, payload });
  return fc.oneof(
    { weight: 12, arbitrary: fc.constant(post(JSON.stringify(request))) },
    { weight: 1, arbitrary: anyJson.map((variables) => post(JSON.stringify({ query: request.query, variables }))) },
    { weight: 1, arbitrary: anyJson.map((operationName) => post(JSON.stringify({ ...request, operationName }))) },
    { weight: 1, arbitrary: anyJson.map((query) => post(JSON.stringify({ query, variables: request.variables }))) },
    { weight: 1, arbitrary: fc.constant(post(JSON.stringify({ query: request.query, variables: JSON.stringify(request.variables) }))) },
    { weight: 1, arbitrary: fc.constant(post(JSON.stringify(request).slice(0, -1))) },
    { weight: 1, arbitrary: fc.constant(post(request.query, 'application/graphql')) },
    { weight: 1, arbitrary: fc.constant(post(JSON.stringify(request), 'text/plain')) },
    {
      weight: 2,
      arbitrary: fc.constant<InjectOptions>({ method: 'GET', url: `/graphql?${new URLSearchParams({ query: request.query, variables: JSON.stringify(request.variables) })}` }),
    },
  );
}
