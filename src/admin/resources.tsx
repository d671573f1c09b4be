import { Resource } from 'react-admin';
import { ResourceCreate, ResourceEdit, ResourceList, ResourceShow } from './ResourcePages';
import type { Metadata } from './types';

/**
 * One react-admin resource per entry of `GET /api/resources/`, named by its path
 * (`order-items`). Where the caller cannot write (public), there is no create or
 * edit page, so react-admin shows no create, edit or delete control.
 */
export function resourcesFrom(metadata: Metadata) {
  return metadata.resources.map((resource) => (
    <Resource
      key={resource.path}
      name={resource.path}
      options={{ label: resource.path.replaceAll('-', ' ') }}
      recordRepresentation={resource.display_field}
      list={<ResourceList meta={resource} />}
      show={<ResourceShow meta={resource} />}
      edit={resource.can_write ? <ResourceEdit meta={resource} /> : undefined}
      create={resource.can_write ? <ResourceCreate meta={resource} /> : undefined}
    />
  ));
}
