import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { MAX_KEYS_PER_ROW, type TreeRelation, type TreeSelection } from '../resources/read-tree';
import type { ResourceSpec } from '../resources/registry';
import { compileChildren, type WhereScope } from './where';

/**
 * What a query field asks of the database, read from its selection (ahead of execution, as
 * PostGraphile does): the columns of each level and the relations below it, with their arguments.
 * The resources service answers such a plan in one statement (read-tree.ts); the relation
 * resolvers then find their values in the rows. Where no plan can be made, the resolvers load
 * level by level instead, through their batch loaders.
 */

function included(node: SelectionNode, info: GraphQLResolveInfo): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, info.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, info.variableValues)?.if !== false;
}

/** The fields of some selection sets by response key, through fragments, as graphql-js collects them. */
function collectFields(sets: readonly SelectionSetNode[], info: GraphQLResolveInfo, into = new Map<string, FieldNode[]>()): Map<string, FieldNode[]> {
  for (const set of sets) {
    for (const selection of set.selections) {
      if (!included(selection, info)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        into.set(key, [...(into.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) collectFields([selection.selectionSet], info, into);
      else {
        const fragment = info.fragments[selection.name.value];
        if (fragment) collectFields([fragment.selectionSet], info, into);
      }
    }
  }
  return into;
}

const selectionSets = (nodes: readonly FieldNode[]) => nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));

function planSelection(scope: WhereScope, spec: ResourceSpec, sets: readonly SelectionSetNode[], info: GraphQLResolveInfo): TreeSelection | undefined {
  const fields = new Set<string>();
  const relations: TreeRelation[] = [];
  const type = info.schema.getType(spec.name) as GraphQLObjectType;
  for (const [key, nodes] of collectFields(sets, info)) {
    const name = nodes[0].name.value;
    const field = spec.fields.find((candidate) => candidate.property === name);
    const inverse = field ? undefined : spec.inverse.find((candidate) => candidate.property === name);
    const target = scope.registry.get(field?.target ?? inverse?.target ?? '');
    if (field?.kind === 'scalar') fields.add(name);
    else if (!target) continue; // __typename: GraphQL answers it
    const select = target && planSelection(scope, target, selectionSets(nodes), info);
    if (target && !select) return undefined;
    if (field && field.kind !== 'scalar') relations.push({ key, target: target!, select: select!, kind: field.kind, field });
    if (inverse) {
      const args = getArgumentValues(type.getFields()[name], nodes[0], info.variableValues);
      relations.push({ key, target: target!, select: select!, kind: 'children', inverse, ...compileChildren(target!, scope, args) });
    }
  }
  return fields.size + relations.length + 1 > MAX_KEYS_PER_ROW ? undefined : { fields, relations };
}

/**
 * The plan of a field that returns rows (`product(id:)`), or undefined. Arguments the loaders would
 * refuse also give undefined: the level-by-level path then reports the error at the field's own path.
 */
export function planRows(scope: WhereScope, spec: ResourceSpec, info: GraphQLResolveInfo): TreeSelection | undefined {
  try {
    return planSelection(scope, spec, selectionSets(info.fieldNodes), info);
  } catch {
    return undefined;
  }
}

/** The plan of a page field (`products`): its `items`, and whether `totalCount` is asked for. */
export function planPage(scope: WhereScope, spec: ResourceSpec, info: GraphQLResolveInfo): { select: TreeSelection; count: boolean } | undefined {
  const fields = [...collectFields(selectionSets(info.fieldNodes), info).values()];
  const items = fields.filter((nodes) => nodes[0].name.value === 'items');
  if (items.length > 1) return undefined; // `a: items {…} b: items {…}`: the same rows in two shapes
  const count = fields.some((nodes) => nodes[0].name.value === 'totalCount');
  if (items.length === 0) return { select: { fields: new Set(), relations: [] }, count };
  try {
    const select = planSelection(scope, spec, selectionSets(items[0]), info);
    return select && { select, count };
  } catch {
    return undefined;
  }
}
