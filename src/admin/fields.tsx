import type { ReactElement } from 'react';
import {
  AutocompleteArrayInput,
  AutocompleteInput,
  BooleanField,
  BooleanInput,
  ChipField,
  DateField,
  DateInput,
  DateTimeInput,
  FunctionField,
  maxLength,
  maxValue,
  minValue,
  NumberInput,
  ReferenceArrayField,
  ReferenceArrayInput,
  ReferenceField,
  ReferenceInput,
  required,
  SelectInput,
  SingleFieldList,
  TextField,
  TextInput,
  type Validator,
} from 'react-admin';
import type { FieldMeta, ResourceMeta } from './types';

/** The resources by their server name (`Category`), to follow a relation's `target`. */
export type Catalog = Map<string, ResourceMeta>;

const booleanChoices = [
  { id: 'true', name: 'Yes' },
  { id: 'false', name: 'No' },
];

const searchQuery = (text: string) => (text ? { q: text } : {});
const choicesOf = (field: FieldMeta) => (field.choices ?? []).map((choice) => ({ id: choice, name: choice }));

function targetOf(catalog: Catalog, field: FieldMeta): ResourceMeta {
  const target = catalog.get(field.target ?? '');
  if (!target) throw new Error(`${field.name} points at ${field.target}, which is not a resource`);
  return target;
}

/** How a field reads in lists and show pages: references by the target's display field, never by id. */
export function fieldFor(catalog: Catalog, field: FieldMeta, sortable = true): ReactElement {
  const common = { key: field.name, source: field.name, sortable };
  if (field.kind === 'reference') return <ReferenceField {...common} reference={targetOf(catalog, field).path} link="show" emptyText="—" />;
  if (field.kind === 'collection') {
    const target = targetOf(catalog, field);
    return (
      <ReferenceArrayField {...common} reference={target.path} sortable={false}>
        <SingleFieldList linkType="show">
          <ChipField source={target.display_field} size="small" />
        </SingleFieldList>
      </ReferenceArrayField>
    );
  }
  switch (field.type) {
    case 'boolean':
      return <BooleanField {...common} />;
    case 'datetime':
      return <DateField {...common} showTime />;
    case 'json':
      return <FunctionField {...common} sortable={false} render={(record: Record<string, unknown>) => JSON.stringify(record[field.name])} />;
    default:
      return <TextField {...common} emptyText="—" />;
  }
}

function validators(field: FieldMeta, creating: boolean): Validator[] {
  const rules: Validator[] = [];
  if (field.required && (creating || !field.write_only)) rules.push(required());
  if (field.max_length !== null) rules.push(maxLength(field.max_length));
  if (field.type === 'integer' && field.minimum !== null) rules.push(minValue(field.minimum));
  if (field.type === 'integer' && field.maximum !== null) rules.push(maxValue(field.maximum));
  return rules;
}

const nullWhenEmpty = (value: unknown) => (value === '' || value === undefined ? null : value);

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value; // the server answers with what is wrong with it
  }
}

/** The form input of a writable field: relations as autocompletes over the target's search. */
export function inputFor(catalog: Catalog, field: FieldMeta, creating: boolean): ReactElement {
  const common = { key: field.name, source: field.name, validate: validators(field, creating) };
  if (field.kind === 'reference') {
    const target = targetOf(catalog, field);
    return (
      <ReferenceInput key={field.name} source={field.name} reference={target.path}>
        <AutocompleteInput
          optionText={target.display_field}
          filterToQuery={searchQuery}
          validate={common.validate}
          parse={field.nullable ? nullWhenEmpty : undefined}
        />
      </ReferenceInput>
    );
  }
  if (field.kind === 'collection') {
    const target = targetOf(catalog, field);
    return (
      <ReferenceArrayInput key={field.name} source={field.name} reference={target.path}>
        <AutocompleteArrayInput optionText={target.display_field} filterToQuery={searchQuery} />
      </ReferenceArrayInput>
    );
  }
  const parse = field.nullable ? nullWhenEmpty : undefined;
  switch (field.type) {
    case 'boolean':
      // A switch is always true or false: on create, an optional flag is left to the server's default instead.
      return creating && !field.required ? (
        <SelectInput {...common} choices={booleanChoices} emptyText="Default" parse={(value: string) => (value === '' ? undefined : value === 'true')} />
      ) : (
        <BooleanInput {...common} />
      );
    case 'enum':
      return <SelectInput {...common} choices={choicesOf(field)} emptyText={field.nullable ? '—' : undefined} />;
    case 'datetime':
      return <DateTimeInput {...common} parse={parse} />;
    case 'integer':
      return <NumberInput {...common} step={1} parse={(value: string) => (value === '' ? null : Number(value))} />;
    case 'json':
      return <TextInput {...common} multiline minRows={2} format={(value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? {}, null, 2))} parse={parseJson} />;
    case 'text':
      return <TextInput {...common} multiline minRows={2} parse={parse} />;
    case 'decimal':
      return <TextInput {...common} inputMode="decimal" parse={parse} />;
    default:
      return <TextInput {...common} type={field.write_only ? 'password' : 'text'} parse={parse} />;
  }
}

/** The list filters of a resource, from the lookups the server offers for each field. */
export function filtersFor(catalog: Catalog, resource: ResourceMeta): ReactElement[] {
  const filters: ReactElement[] = [];
  if (resource.search_fields.length) filters.push(<TextInput key="q" source="q" label="Search" alwaysOn resettable />);
  for (const field of resource.fields) {
    const has = (lookup: string) => field.lookups.includes(lookup);
    const label = field.name.replaceAll('_', ' ');
    if (field.kind === 'reference' && has('exact')) {
      const target = targetOf(catalog, field);
      filters.push(
        <ReferenceInput key={field.name} source={field.name} reference={target.path}>
          <AutocompleteInput optionText={target.display_field} filterToQuery={searchQuery} label={label} />
        </ReferenceInput>,
      );
    } else if (field.kind === 'collection' && has('in')) {
      const target = targetOf(catalog, field);
      filters.push(
        <ReferenceArrayInput key={field.name} source={field.name} reference={target.path}>
          <AutocompleteArrayInput optionText={target.display_field} filterToQuery={searchQuery} label={label} />
        </ReferenceArrayInput>,
      );
    } else if (field.type === 'enum' && has('exact')) {
      filters.push(<SelectInput key={field.name} source={field.name} choices={choicesOf(field)} />);
    } else if (field.type === 'boolean' && has('exact')) {
      filters.push(<SelectInput key={field.name} source={field.name} choices={booleanChoices} />);
    } else if ((field.type === 'string' || field.type === 'text') && has('icontains')) {
      filters.push(<TextInput key={field.name} source={`${field.name}__icontains`} label={`${label} contains`} />);
    } else if ((field.type === 'integer' || field.type === 'decimal') && field.name !== 'id' && has('gte')) {
      filters.push(<TextInput key={`${field.name}-gte`} source={`${field.name}__gte`} label={`${label} at least`} />);
      filters.push(<TextInput key={`${field.name}-lte`} source={`${field.name}__lte`} label={`${label} at most`} />);
    } else if (field.type === 'datetime' && has('gte')) {
      filters.push(<DateInput key={`${field.name}-gte`} source={`${field.name}__gte`} label={`${label} from`} />);
    }
  }
  return filters;
}
