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
import type { ReadQuery, SelectedRelation, Selection } from '../resources/read-query';
import type { ResourceSpec } from '../resources/registry';
import { parseChildren, type ArgumentScope } from './read-arguments';

/**
 * What a query field asks of the database, read from its selection ahead of execution (as
 * PostGraphile does): the fields of each level and the relations below it, with their arguments,
 * through fragments, aliases and @skip/@include. The resources service reads it in one statement;
 * the relation resolvers then find their values in the rows (relationKey of their response key).
 *
 * A relation whose arguments are refused is left out of the read, and its error kept for its own
 * resolver to throw, so the error is reported at the field's path, as graphql-js would.
 */
export type PlanErrors = WeakMap<FieldNode, unknown>;

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

function planSelection(scope: ArgumentScope, spec: ResourceSpec, sets: readonly SelectionSetNode[], info: GraphQLResolveInfo, errors: PlanErrors): Selection {
  const fields = new Set<string>();
  const relations: SelectedRelation[] = [];
  const type = info.schema.getType(spec.name) as GraphQLObjectType;
  for (const [key, nodes] of collectFields(sets, info)) {
    const name = nodes[0].name.value;
    const field = spec.fields.find((candidate) => candidate.property === name);
    if (field?.kind === 'scalar') {
      fields.add(name);
      continue;
    }
    const inverse = field ? undefined : spec.inverse.find((candidate) => candidate.property === name);
    const target = scope.registry.get(field?.target ?? inverse?.target ?? '');
    if (!target) continue; // __typename: GraphQL answers it
    try {
      const select = planSelection(scope, target, selectionSets(nodes), info, errors);
      if (field) relations.push({ key, target, select, kind: field.kind as 'reference' | 'collection', field });
      else {
        const args = getArgumentValues(type.getFields()[name], nodes[0], info.variableValues);
        relations.push({ key, target, select, kind: 'children', inverse: inverse!, ...parseChildren(target, scope, args) });
      }
    } catch (error) {
      errors.set(nodes[0], error);
    }
  }
  return { fields, relations };
}

/** The selection of a field that returns rows (`product(id:)`, a mutation's row). */
export function planRows(scope: ArgumentScope, spec: ResourceSpec, info: GraphQLResolveInfo, errors: PlanErrors): Selection {
  return planSelection(scope, spec, selectionSets(info.fieldNodes), info, errors);
}

/** The shapes of a page field (`products`): each alias of its `items`, and whether `totalCount` is asked for. */
export function planPage(scope: ArgumentScope, spec: ResourceSpec, info: GraphQLResolveInfo, errors: PlanErrors): Pick<ReadQuery, 'shapes' | 'count'> {
  const shapes: ReadQuery['shapes'] = [];
  let count = false;
  for (const [key, nodes] of collectFields(selectionSets(info.fieldNodes), info)) {
    if (nodes[0].name.value === 'totalCount') count = true;
    if (nodes[0].name.value === 'items') shapes.push({ key, select: planSelection(scope, spec, selectionSets(nodes), info, errors) });
  }
  return { shapes, count };
}
