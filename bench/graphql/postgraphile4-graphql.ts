import Module from 'node:module';
import { dirname, join } from 'node:path';

/**
 * PostGraphile 4 needs graphql 15 (npm nests it under postgraphile4/), but one of its dependencies,
 * graphql-parse-resolve-info, is hoisted next to our graphql 16 and would hand PostGraphile 4 types
 * from the other copy ("Cannot use GraphQLScalarType from another module or realm"). For the benchmark
 * only, requests for `graphql` made from that package resolve to PostGraphile 4's copy.
 */
const graphql15 = join(dirname(require.resolve('postgraphile4/package.json')), 'node_modules/graphql');
const loader = Module as unknown as { _resolveFilename(request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string };
const resolveFilename = loader._resolveFilename;
loader._resolveFilename = function (request, parent, ...rest) {
  const fromHoistedDependency = parent?.filename?.includes('/node_modules/graphql-parse-resolve-info/');
  const target = fromHoistedDependency && /^graphql(\/|$)/.test(request) ? graphql15 + request.slice('graphql'.length) : request;
  return resolveFilename.call(this, target, parent, ...rest);
};
