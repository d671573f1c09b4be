import type { RequestScope } from '../auth/request-scope';
import { assertCanRead } from '../auth/rules';
import { NotFound, ValidationError } from '../errors';
import { naming } from '../resources/naming';
import type { ResourceSpec } from '../resources/registry';
import type { ResourceService } from '../resources/resource-service';
import type { DrfView } from './options.plugin';
import { writeDenied } from './resource-metadata.routes';
import { fieldInfo, viewMetadata, type FieldInfo } from './simple-metadata';

/**
 * The two views of a ModelViewSet as OPTIONS describes them, generated from the registry: "Product
 * List" (POST) and "Product Instance" (PUT). As DRF: OPTIONS needs the user a GET needs, and an
 * action is listed only when the caller may do it (none in `public`; no PUT for a missing object).
 */
export function resourceViews(spec: ResourceSpec, service: ResourceService): { list: DrfView; item: DrfView } {
  const fields: Record<string, FieldInfo> = Object.fromEntries(spec.fields.map((field) => [field.name, fieldInfo(field)]));
  /** The caller may read here (else the 401 a GET gets) and also write? */
  function mayWrite(scope: RequestScope): boolean {
    assertCanRead(scope);
    return writeDenied(scope) === null;
  }

  async function exists(scope: RequestScope, id: string): Promise<boolean> {
    try {
      await service.retrieve(scope, spec, id, { fields: new Set(["id"]), relations: [] });
      return true;
    } catch (error) {
      if (error instanceof NotFound || error instanceof ValidationError) return false;
      throw error;
    }
  }

  return {
    list: {
      async describe(request) {
        const actions = mayWrite(request.scope) ? { POST: fields } : {};
        return viewMetadata(naming.view(spec.name, 'List'), `Every ${spec.verbose}, a page at a time, filtered, searched and ordered; POST creates one.`, actions);
      },
    },
    item: {
      async describe(request) {
        const { id } = request.params as { id: string };
        const actions = mayWrite(request.scope) && (await exists(request.scope, id)) ? { PUT: fields } : {};
        return viewMetadata(naming.view(spec.name, 'Instance'), `One ${spec.verbose}: GET reads it, PUT and PATCH change it, DELETE removes it.`, actions);
      },
    },
  };
}
