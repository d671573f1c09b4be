import { getNamedType, isInputObjectType, Kind, typeFromAST, type DocumentNode, type GraphQLInputObjectType, type GraphQLSchema } from 'graphql';

/**
 * graphql-jit compiles a document's variable coercion by inlining every input type it can reach; for an
 * input type that reaches itself (`ProductWhere { AND: [ProductWhere!] … }`) that never ends, and the
 * process dies with its heap full (graphql-jit#81, mercurius#418). One `query($w: ProductWhere)` sent
 * twice did exactly that here. Such documents are run by graphql-js instead; every other keeps the jit.
 */
const recursiveTypes = new WeakMap<GraphQLInputObjectType, boolean>();

function reachesItself(type: GraphQLInputObjectType): boolean {
  const known = recursiveTypes.get(type);
  if (known !== undefined) return known;
  const seen = new Set<GraphQLInputObjectType>();
  const stack = Object.values(type.getFields()).map((field) => getNamedType(field.type));
  let found = false;
  while (stack.length && !found) {
    const next = stack.pop();
    if (!isInputObjectType(next) || seen.has(next)) continue;
    if (next === type) found = true;
    seen.add(next);
    for (const field of Object.values(next.getFields())) stack.push(getNamedType(field.type));
  }
  recursiveTypes.set(type, found);
  return found;
}

const verdicts = new WeakMap<DocumentNode, boolean>();

/** Whether some variable of `document` has an input type that reaches itself (answered once per parsed document). */
export function hasRecursiveInputVariable(schema: GraphQLSchema, document: DocumentNode): boolean {
  let verdict = verdicts.get(document);
  if (verdict === undefined) {
    verdict = document.definitions.some(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION &&
        (definition.variableDefinitions ?? []).some((variable) => {
          const type = typeFromAST(schema, variable.type as never);
          const named = type && getNamedType(type);
          return isInputObjectType(named) && reachesItself(named);
        }),
    );
    verdicts.set(document, verdict);
  }
  return verdict;
}
