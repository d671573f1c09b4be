import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  getNamedType,
  getNullableType,
  isInputObjectType,
  getOperationAST,
  GraphQLError,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLInputObjectType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Limits } from '../limits/limits';
import { estimateRows, tooManyRowsMessage, type ReadShape } from '../limits/request-cost';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../resources/read-query';
import { formatCount } from '../limits/limits';
import { RELATION_WHERE_TYPES } from './schema-types';

/**
 * The GraphQL face of src/limits: what graphql-armor gives (depth, aliases) and the two rules it
 * lacks, the same on both engines. graphql-armor's cost limit multiplies only by `first`/`last`, so
 * a schema that pages with `pageSize` got nested fan-out for free (STACK.md); it is replaced by the
 * estimate of rows below, which knows our paging.
 */

/** A limit broken is a validation error of the document (not a thrown exception, which Apollo turns into a 500). */
const asValidationError = { propagateOnRejection: false, onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)] };

/** The lexer's own limit (graphql-js `maxTokens`): a huge document is refused while it is parsed, before any rule walks it. */
export function parseOptionsFor(limits: Limits) {
  return { maxTokens: limits.graphqlMaxTokens };
}

export function validationRulesFor(limits: Limits, accountOperations: readonly string[]): ValidationRule[] {
  return [
    // A fragment spread is not a level of the selection (graphql-armor counts it as one unless flattened).
    maxDepthRule({ n: limits.graphqlMaxDepth, flattenFragments: true, ...asValidationError }),
    maxAliasesRule({ n: limits.graphqlMaxAliases, ...asValidationError }),
    oneAccountOperation(accountOperations),
  ];
}

/**
 * At most one account operation (register, tokenAuth, createClient, …) per document: aliases would
 * otherwise multiply what the per-request limits of those operations bound (five registrations, or
 * fifteen password guesses, in one request).
 */
function oneAccountOperation(names: readonly string[]): ValidationRule {
  const accountOperations = new Set(names);
  return (context): ASTVisitor => {
    const seen: FieldNode[] = [];
    const collect = (set: SelectionSetNode, visited: Set<string>) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD && accountOperations.has(selection.name.value)) seen.push(selection);
        else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, visited);
        else if (selection.kind === Kind.FRAGMENT_SPREAD && !visited.has(selection.name.value)) {
          visited.add(selection.name.value);
          const fragment = context.getFragment(selection.name.value);
          if (fragment) collect(fragment.selectionSet, visited);
        }
      }
    };
    return {
      OperationDefinition(operation) {
        if (operation.operation !== 'mutation') return;
        seen.length = 0;
        collect(operation.selectionSet, new Set());
        if (seen.length > 1) {
          const named = [...new Set(seen.map((field) => field.name.value))].join(', ');
          context.reportError(
            new GraphQLError(`Only one account operation may be sent per request (this one has ${seen.length}: ${named}). Send each in a request of its own.`, { nodes: seen }),
          );
        }
      },
    };
  };
}

/** What a field's `pageSize` comes to: the literal, or the variable's value (or default), as the resolvers will cap it. */
function pageSizeOf(field: FieldNode, variables: Record<string, unknown>): number | undefined {
  const argument = field.arguments?.find((candidate) => candidate.name.value === 'pageSize');
  if (!argument) return undefined;
  const value = valueFromASTUntyped(argument.value, variables);
  if (value === null || value === undefined) return DEFAULT_PAGE_SIZE;
  // Not an integer: execution will refuse it; estimate it at its most.
  if (typeof value !== 'number' || !Number.isInteger(value)) return MAX_PAGE_SIZE;
  return Math.min(Math.max(value, 1), MAX_PAGE_SIZE);
}

/**
 * The lists a selection reads, as ReadShapes: a field with `pageSize` reads that many rows per row above
 * (`reviews(pageSize: 100)`), or gives its page's `items` that many (`products(pageSize: 100) { items }`);
 * any other list (`tags`) holds up to MAX_RELATED_ITEMS. Every alias counts, fragments included.
 */
function shapesOf(
  type: GraphQLObjectType,
  set: SelectionSetNode,
  context: { fragments: Map<string, FragmentDefinitionNode>; variables: Record<string, unknown>; limits: Limits },
  pageItems: number | undefined,
  visiting: Set<string>,
): ReadShape[] {
  const shapes: ReadShape[] = [];
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      shapes.push(...shapesOf(type, selection.selectionSet, context, pageItems, visiting));
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = context.fragments.get(selection.name.value);
      if (!fragment || visiting.has(fragment.name.value)) continue;
      visiting.add(fragment.name.value);
      shapes.push(...shapesOf(type, fragment.selectionSet, context, pageItems, visiting));
      visiting.delete(fragment.name.value);
      continue;
    }
    const definition = type.getFields()[selection.name.value];
    const target = definition && getNamedType(definition.type);
    if (!target || !isObjectType(target) || !selection.selectionSet) continue; // scalars, enums, __typename
    const pageSize = pageSizeOf(selection, context.variables);
    const list = isListType(getNullableType(definition.type));
    shapes.push({
      perParent: list ? (pageSize ?? pageItems ?? context.limits.maxRelatedItems) : 1,
      below: shapesOf(target, selection.selectionSet, context, list ? undefined : pageSize, visiting),
    });
  }
  return shapes;
}

/** The rows the operation to be executed could read, with the variables it is executed with. */
export function estimateOperationRows(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: Limits,
): number {
  const context = operationContext(schema, document, operationName, variables);
  if (!context) return 0;
  const { operation, root, given, fragments } = context;
  return estimateRows(shapesOf(root, operation.selectionSet, { fragments, variables: given, limits }, undefined, new Set()));
}

/** The estimate over MAX_ESTIMATED_ROWS, as the validation error both engines answer with; undefined when within it. */
export function rowBudgetError(...args: Parameters<typeof estimateOperationRows>): GraphQLError | undefined {
  const limits = args[4];
  const estimate = estimateOperationRows(...args);
  const message = tooManyRowsMessage(estimate, limits);
  if (!message) return undefined;
  return new GraphQLError(message, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', estimatedRows: Number.isFinite(estimate) ? estimate : null, maxEstimatedRows: limits.maxEstimatedRows },
  });
}

/** What one `where` costs: the relations it goes through, nested, and its conditions. */
interface FilterTally {
  conditions: number;
  /** The deepest chain of relations, as a path for the message (`category.parent.parent`). */
  deepest: string[];
}

/** Walks a `where` value along its input type; stops as soon as a bound is passed (a 50-deep filter is read 5 levels deep). */
function tallyFilter(value: unknown, type: GraphQLInputObjectType, relations: string[], tally: FilterTally, limits: Limits): void {
  if (tally.deepest.length > limits.maxFilterDepth || tally.conditions > limits.maxFilterConditions) return;
  if (Array.isArray(value)) {
    for (const item of value) tallyFilter(item, type, relations, tally, limits);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const fields = type.getFields();
  for (const [key, item] of Object.entries(value)) {
    const field = fields[key];
    if (item === null || item === undefined || !field) continue;
    const named = getNamedType(field.type);
    if (!isInputObjectType(named)) {
      tally.conditions++; // `search`, a relation's `isnull`
      continue;
    }
    if (RELATION_WHERE_TYPES.has(named.name)) {
      const path = [...relations, key];
      tally.conditions++;
      if (path.length > tally.deepest.length) tally.deepest = path;
      if (path.length > limits.maxFilterDepth) return;
      tallyFilter(item, named, path, tally, limits);
    } else if (Object.values(named.getFields()).some((candidate) => isInputObjectType(getNamedType(candidate.type)))) {
      tallyFilter(item, named, relations, tally, limits); // AND, OR, NOT, some, every, none
    } else if (typeof item === 'object' && !Array.isArray(item)) {
      tally.conditions += Object.values(item).filter((operand) => operand !== null && operand !== undefined).length; // `{ gte: 1, lt: 5 }`
    }
    if (tally.conditions > limits.maxFilterConditions) return;
  }
}

/**
 * Every `where` of the operation held to MAX_FILTER_DEPTH and MAX_FILTER_CONDITIONS, with its variables,
 * before any resolver runs: each relation filter is a subquery of the statement, so a deep or wide one
 * is refused here, at no statement, on both engines.
 */
export function filterBoundsError(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  limits: Limits,
): GraphQLError | undefined {
  const context = operationContext(schema, document, operationName, variables);
  if (!context) return undefined;
  const { operation, root, given, fragments } = context;
  const visiting = new Set<string>();
  const check = (type: GraphQLObjectType, set: SelectionSetNode): GraphQLError | undefined => {
    for (const selection of set.selections) {
      let found: GraphQLError | undefined;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition && schema.getType(selection.typeCondition.name.value);
        found = check(isObjectType(on) ? on : type, selection.selectionSet);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visiting.has(fragment.name.value)) continue;
        const on = schema.getType(fragment.typeCondition.name.value);
        visiting.add(fragment.name.value);
        found = check(isObjectType(on) ? on : type, fragment.selectionSet);
        visiting.delete(fragment.name.value);
      } else {
        const definition = type.getFields()[selection.name.value];
        if (!definition) continue;
        const argument = selection.arguments?.find((candidate) => candidate.name.value === 'where');
        const whereType = definition.args.find((candidate) => candidate.name === 'where')?.type;
        const named = whereType && getNamedType(whereType);
        if (argument && isInputObjectType(named)) {
          const tally: FilterTally = { conditions: 0, deepest: [] };
          tallyFilter(valueFromASTUntyped(argument.value, given), named, [], tally, limits);
          const field = selection.alias?.value ?? selection.name.value;
          if (tally.deepest.length > limits.maxFilterDepth) {
            return filterError(
              `The filter of ${field} goes through more than ${limits.maxFilterDepth} relations, nested (${tally.deepest.join('.')}…); the limit is ${limits.maxFilterDepth} (MAX_FILTER_DEPTH). Filter on fewer levels of related rows.`,
              selection,
            );
          }
          if (tally.conditions > limits.maxFilterConditions) {
            return filterError(
              `The filter of ${field} has more than ${formatCount(limits.maxFilterConditions)} conditions; the limit is ${formatCount(limits.maxFilterConditions)} (MAX_FILTER_CONDITIONS). Use \`in\` for lists of values, or fewer conditions.`,
              selection,
            );
          }
        }
        const target = getNamedType(definition.type);
        if (selection.selectionSet && isObjectType(target)) found = check(target, selection.selectionSet);
      }
      if (found) return found;
    }
    return undefined;
  };
  return check(root, operation.selectionSet);
}

function filterError(message: string, node: FieldNode): GraphQLError {
  return new GraphQLError(message, { nodes: node, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
}

/** The operation a request runs, its root type, its variables with their defaults, and the document's fragments. */
function operationContext(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined) {
  const operation = getOperationAST(document, operationName ?? undefined);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const given = { ...(variables ?? {}) };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (given[name] === undefined && definition.defaultValue) given[name] = valueFromASTUntyped(definition.defaultValue);
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return { operation, root, given, fragments };
}
