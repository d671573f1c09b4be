import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bodyOf, formFieldsOf } from '../http/body';
import type { ResourceSpec } from '../resources/registry';
import type { ResourceService } from '../resources/resource-service';
import { NotFound, ValidationError } from '../errors';
import { formToInput } from './form-input';
import { INVALID_PAGE, LAST_PAGE, listErrors, parseExpand, parseListQuery } from './parse-list-query';
import { resourceViews } from './resource-views';
import { operationDocs } from './route-docs';

type ById = { Params: { id: string } };
const INVALID_PAGE_MESSAGE = 'Invalid page.';

type Query = Record<string, string | string[] | undefined>;

function pageUrl(request: FastifyRequest, page: number): string {
  const url = new URL(request.url, request.publicOrigin);
  if (page === 1) url.searchParams.delete('page');
  else url.searchParams.set('page', String(page));
  url.searchParams.sort(); // DRF's replace_query_param urlencodes the query sorted by name
  return url.toString();
}

/** DRF's ModelViewSet for one resource, generated: list, create, retrieve, update, partial update, destroy. */
export function registerResourceRoutes(app: FastifyInstance, spec: ResourceSpec, service: ResourceService): void {
  const base = `/api/${spec.path}/`;
  const item = `${base}:id/`;
  const docs = operationDocs(service.registry, spec, app.limits.maxExpandDepth);
  const views = resourceViews(spec, service);
  const list = { drfView: views.list };
  const one = { drfView: views.item };
  /** The write body: JSON's, or a form's read per field. */
  const input = (request: FastifyRequest, partial: boolean) => {
    const form = formFieldsOf(request);
    return form ? formToInput(spec, form, partial, app.limits.maxJsonDepth) : bodyOf(request);
  };

  app.get(base, { schema: docs.list, config: list }, async (request) => {
    const parsed = parseListQuery(service.registry, spec, request.query as Query, app.limits);
    const { query } = parsed;
    const checks = parsed.references.map((reference) => reference.check);
    const refuse = (missing: readonly number[][]) => {
      const errors = listErrors(parsed, missing);
      if (Object.keys(errors).length) throw new ValidationError(errors);
    };
    // As DRF: the filters are judged (every bad one at once) before the page.
    if (Object.keys(parsed.errors).length || query.page === INVALID_PAGE) {
      refuse(await service.missingReferences(request.scope, checks));
      throw new NotFound(INVALID_PAGE_MESSAGE);
    }
    let page = query.page;
    let countedChecks = checks;
    if (page === LAST_PAGE) {
      const { count, missing } = await service.list(request.scope, spec, { ...query, page: 1, pageSize: 1, expand: [] }, checks);
      refuse(missing);
      countedChecks = [];
      page = Math.max(1, Math.ceil(count / query.pageSize));
    }
    const { count, items, missing } = await service.list(request.scope, spec, { ...query, page }, countedChecks);
    refuse(missing);
    const pages = Math.max(1, Math.ceil(count / query.pageSize));
    if (page > pages) throw new NotFound(INVALID_PAGE_MESSAGE);
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
    const expand = parseExpand(service.registry, spec, (request.query as Query).expand, app.limits);
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
