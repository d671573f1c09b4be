import {
  Create,
  Datagrid,
  Edit,
  List,
  ReferenceManyField,
  Show,
  SimpleForm,
  SimpleShowLayout,
  usePermissions,
} from 'react-admin';
import { fieldFor, filtersFor, inputFor, type Catalog } from './fields';
import type { Metadata, ResourceMeta } from './types';

/** Columns of a list: what fits in a row (no long text, JSON or write-only fields). */
const columnsOf = (resource: ResourceMeta) => resource.fields.filter((field) => !field.write_only && field.type !== 'text' && field.type !== 'json');
const shownOf = (resource: ResourceMeta) => resource.fields.filter((field) => !field.write_only);
const writableOf = (resource: ResourceMeta) => resource.fields.filter((field) => !field.read_only);

function useCatalog(): Catalog {
  const { permissions } = usePermissions<Metadata>();
  return new Map((permissions?.resources ?? []).map((resource) => [resource.name, resource]));
}

/** The one-to-many relations of a record (an order's items), each as a list of the related records. */
function RelatedLists({ resource, catalog }: { resource: ResourceMeta; catalog: Catalog }) {
  return (
    <>
      {resource.related.map(({ name, target, field }) => {
        const related = catalog.get(target);
        if (!related) return null;
        return (
          <ReferenceManyField key={name} label={name.replaceAll('_', ' ')} reference={related.path} target={field} perPage={25}>
            <Datagrid rowClick="show" bulkActionButtons={false}>
              {columnsOf(related)
                .filter((column) => column.name !== field)
                .map((column) => fieldFor(catalog, column, false))}
            </Datagrid>
          </ReferenceManyField>
        );
      })}
    </>
  );
}

export function ResourceList({ meta: resource }: { meta: ResourceMeta }) {
  const catalog = useCatalog();
  const sortable = new Set(resource.ordering_fields);
  return (
    <List filters={filtersFor(catalog, resource)} sort={{ field: 'id', order: 'ASC' }} perPage={25}>
      {/* No bulk actions: react-admin's row checkboxes carry their label on a span, not the input (axe: critical). Delete is on the edit page. */}
      <Datagrid rowClick="show" bulkActionButtons={false}>
        {columnsOf(resource).map((field) => fieldFor(catalog, field, sortable.has(field.name)))}
      </Datagrid>
    </List>
  );
}

export function ResourceShow({ meta: resource }: { meta: ResourceMeta }) {
  const catalog = useCatalog();
  return (
    <Show>
      <SimpleShowLayout>
        {shownOf(resource).map((field) => fieldFor(catalog, field, false))}
        <RelatedLists resource={resource} catalog={catalog} />
      </SimpleShowLayout>
    </Show>
  );
}

export function ResourceEdit({ meta: resource }: { meta: ResourceMeta }) {
  const catalog = useCatalog();
  // Pessimistic: the server's 400 messages land on the form fields before anything is shown as saved.
  return (
    <Edit mutationMode="pessimistic" redirect="show">
      <SimpleForm>
        {writableOf(resource).map((field) => inputFor(catalog, field, false))}
        <RelatedLists resource={resource} catalog={catalog} />
      </SimpleForm>
    </Edit>
  );
}

export function ResourceCreate({ meta: resource }: { meta: ResourceMeta }) {
  const catalog = useCatalog();
  return (
    <Create redirect="show">
      <SimpleForm>{writableOf(resource).map((field) => inputFor(catalog, field, true))}</SimpleForm>
    </Create>
  );
}
