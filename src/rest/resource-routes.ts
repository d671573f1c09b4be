import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bodyOf, formFieldsOf } from '../http/body';
import type { ReferenceCheck, Row, Selection } from '../resources/read-query';
import type { ResourceSpec } from '../resources/registry';
import type { ResourceService } from '../resources/resource-service';
import { NotFound, ValidationError } from '../errors';
import { inputOf, withFieldNames } from './field-names';
import { formToInput } from './form-input';
import { INVALID_PAGE, LAST_PAGE, listErrors, parseExpand, parseListQuery } from './parse-list-query';
import { resourceViews } from './resource-views';
import { serialize } from './serialize';
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
  /** The write body (JSON's, or a form's read per field) as the service's input, by property. */
  const input = (request: FastifyRequest, partial: boolean) => {
    const form = formFieldsOf(request);
    return inputOf(spec, form ? formToInput(spec, form, partial, app.limits.maxJsonDepth) : bodyOf(request));
  };
  /** A write's row as DRF renders it, its refusals under DRF's field names. */
  const written = (write: Promise<Row>) =>
    write.then(
      (row) => serialize(service.registry, spec, row),
      (error) => Promise.reject(withFieldNames(spec, error)),
    );

  app.get(base, { schema: docs.list, config: list }, async (request) => {
    const parsed = parseListQuery(service.registry, spec, request.query as Query, app.limits);
    const { query } = parsed;
    const checks = parsed.references.map((reference) => reference.check);
    const refuse = (missing: readonly number[][]) => {
      const errors = listErrors(parsed, missing);
      if (Object.keys(errors).length) throw new ValidationError(errors);
    };
    const read = (page: number, pageSize: number, select: Selection | undefined, checked: readonly ReferenceCheck[], count = true) =>
      service.read(request.scope, spec, {
        where: query.where,
        ordering: query.ordering,
        page: { number: page, size: pageSize },
        count,
        shapes: select ? [{ key: 'items', select }] : [],
        checks: checked,
        form: 'rows',
      });
    // As DRF: the filters are judged (every bad one at once) before the page.
    if (Object.keys(parsed.errors).length || query.page === INVALID_PAGE) {
      refuse((await read(1, 1, undefined, checks, false)).missing);
      throw new NotFound(INVALID_PAGE_MESSAGE);
    }
    let page = query.page;
    let countedChecks = checks;
    if (page === LAST_PAGE) {
      const { count, missing } = await read(1, 1, { fields: 'all', relations: [] }, checks);
      refuse(missing);
      countedChecks = [];
      page = Math.max(1, Math.ceil(count! / query.pageSize));
    }
    const { count, shapes, missing } = await read(page, query.pageSize, query.select, countedChecks);
    refuse(missing);
    const pages = Math.max(1, Math.ceil(count! / query.pageSize));
    if (page > pages) throw new NotFound(INVALID_PAGE_MESSAGE);
    return {
      count,
      next: page < pages ? pageUrl(request, page + 1) : null,
      previous: page > 1 ? pageUrl(request, page - 1) : null,
      results: shapes.items.map((row) => serialize(service.registry, spec, row)),
    };
  });

  app.post(base, { schema: docs.create, config: list }, async (request, reply) => {
    return reply.code(201).send(await written(service.create(request.scope, spec, input(request, false))));
  });

  app.get<ById>(item, { schema: docs.retrieve, config: one }, async (request) => {
    const select = parseExpand(service.registry, spec, (request.query as Query).expand, app.limits);
    return serialize(service.registry, spec, await service.retrieve(request.scope, spec, request.params.id, select));
  });

  app.put<ById>(item, { schema: docs.update, config: one }, async (request) => written(service.update(request.scope, spec, request.params.id, input(request, false), false)));

  app.patch<ById>(item, { schema: docs.partialUpdate, config: one }, async (request) => written(service.update(request.scope, spec, request.params.id, input(request, true), true)));

  app.delete<ById>(item, { schema: docs.destroy, config: one }, async (request, reply) => {
    await service.destroy(request.scope, spec, request.params.id).catch((error) => Promise.reject(withFieldNames(spec, error)));
    return reply.code(204).send();
  });
}
