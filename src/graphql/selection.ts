import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The field names selected below the resolved field (or below one of its sub-fields, e.g. a page's
 * `items`), through inline fragments and fragment spreads: what the row needs to carry.
 */
export function selectedFields(info: GraphQLResolveInfo, below?: string): Set<string> {
  const names = new Set<string>();
  const collect = (selectionSet: SelectionSetNode | undefined, into: (name: string, selectionSet?: SelectionSetNode) => void) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) into(selection.name.value, selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, into);
      else collect(info.fragments[selection.name.value]?.selectionSet, into);
    }
  };
  const add = (name: string) => names.add(name);
  for (const node of info.fieldNodes) {
    if (below === undefined) collect(node.selectionSet, add);
    else collect(node.selectionSet, (name, selectionSet) => name === below && collect(selectionSet, add));
  }
  return names;
}
