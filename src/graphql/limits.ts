import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  getNamedType,
  getNullableType,
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
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Limits } from '../limits/limits';
import { estimateRows, tooManyRowsMessage, type ReadShape } from '../limits/request-cost';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../resources/list-query';

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
  const operation = getOperationAST(document, operationName ?? undefined);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return 0;
  const given = { ...(variables ?? {}) };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (given[name] === undefined && definition.defaultValue) given[name] = valueFromASTUntyped(definition.defaultValue);
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
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
