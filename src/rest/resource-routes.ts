import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bodyOf, formFieldsOf } from '../http/body';
import type { ResourceSpec } from '../resources/registry';
import type { ResourceService } from '../resources/resource-service';
import { formToInput } from './form-input';
import { parseListQuery } from './parse-list-query';
import { resourceViews } from './resource-views';
import { operationDocs } from './route-docs';

type ById = { Params: { id: string } };
type Query = Record<string, string | string[] | undefined>;

function pageUrl(request: FastifyRequest, page: number): string {
  const url = new URL(request.url, request.publicOrigin);
  if (page === 1) url.searchParams.delete('page');
  else url.searchParams.set('page', String(page));
  return url.toString();
}

/** DRF's ModelViewSet for one resource, generated: list, create, retrieve, update, partial update, destroy. */
export function registerResourceRoutes(app: FastifyInstance, spec: ResourceSpec, service: ResourceService): void {
  const base = `/api/${spec.path}/`;
  const item = `${base}:id/`;
  const docs = operationDocs(spec);
  const views = resourceViews(spec, service);
  const list = { drfView: views.list };
  const one = { drfView: views.item };
  /** The write body: JSON's, or a form's read per field. */
  const input = (request: FastifyRequest, partial: boolean) => {
    const form = formFieldsOf(request);
    return form ? formToInput(spec, form, partial, app.limits.maxJsonDepth) : bodyOf(request);
  };

  app.get(base, { schema: docs.list, config: list }, async (request, reply) => {
    const query = parseListQuery(spec, request.query as Query, app.limits);
    let page = query.page;
    if (page === -1) {
      const { count } = await service.list(request.scope, spec, { ...query, page: 1, pageSize: 1 });
      page = Math.max(1, Math.ceil(count / query.pageSize));
    }
    const { count, items } = await service.list(request.scope, spec, { ...query, page });
    const pages = Math.max(1, Math.ceil(count / query.pageSize));
    if (page > pages) return reply.code(404).send({ detail: 'Invalid page.' });
    return {
      count,
      next: page < pages ? pageUrl(request, page + 1) : null,
      previous: page > 1 ? pageUrl(request, page - 1) : null,
      results: items,
    };
  });

  app.post(base, { schema: docs.create, config: list }, async (request, reply) => {
    return reply.code(201).send(await service.create(request.scope, spec, input(request, false)));
  });

  app.get<ById>(item, { schema: docs.retrieve, config: one }, async (request) => {
    const { expand } = parseListQuery(spec, { expand: (request.query as Query).expand }, app.limits);
    return service.retrieve(request.scope, spec, request.params.id, expand);
  });

  app.put<ById>(item, { schema: docs.update, config: one }, async (request) => service.update(request.scope, spec, request.params.id, input(request, false), false));

  app.patch<ById>(item, { schema: docs.partialUpdate, config: one }, async (request) =>
    service.update(request.scope, spec, request.params.id, input(request, true), true),
  );

  app.delete<ById>(item, { schema: docs.destroy, config: one }, async (request, reply) => {
    await service.destroy(request.scope, spec, request.params.id);
    return reply.code(204).send();
  });
}
