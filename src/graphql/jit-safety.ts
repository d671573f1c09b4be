import { getNamedType, isInputObjectType, Kind, typeFromAST, type DocumentNode, type GraphQLInputObjectType, type GraphQLSchema } from 'graphql';

/**
 * graphql-jit compiles a document's variable coercion by inlining every input type it can reach; for an
 * input type that reaches a cycle (`ProductWhere { AND: [ProductWhere!] … }`) that never ends, and the
 * process dies with its heap full (graphql-jit#81, mercurius#418). One `query($w: ProductWhere)` sent
 * twice did exactly that here. Such documents are run by graphql-js instead; every other keeps the jit.
 */
const recursiveTypes = new WeakMap<GraphQLInputObjectType, boolean>();

/**
 * Whether `type` reaches a cycle of input types: itself (`ProductWhere.AND`), or one it leads to
 * (`ProductCategoryWhere` → `CategoryWhere` → `CategoryParentWhere` → …); graphql-jit inlines both forever.
 */
function reachesCycle(type: GraphQLInputObjectType): boolean {
  const known = recursiveTypes.get(type);
  if (known !== undefined) return known;
  const done = new Set<GraphQLInputObjectType>();
  const onPath = new Set<GraphQLInputObjectType>();
  const visit = (next: GraphQLInputObjectType): boolean => {
    if (onPath.has(next)) return true;
    if (done.has(next)) return false;
    onPath.add(next);
    for (const field of Object.values(next.getFields())) {
      const named = getNamedType(field.type);
      if (isInputObjectType(named) && visit(named)) return true;
    }
    onPath.delete(next);
    done.add(next);
    return false;
  };
  const found = visit(type);
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
          return isInputObjectType(named) && reachesCycle(named);
        }),
    );
    verdicts.set(document, verdict);
  }
  return verdict;
}
