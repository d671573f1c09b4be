import busboy from '@fastify/busboy';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { formatCount } from '../limits/limits';
import { formBody, type FormFields } from './body';

export interface FormBodyOptions {
  /** MAX_FORM_FIELDS: fields (multipart: parts) one form may have. */
  maxFields: number;
  /** GraphQL reads JSON and application/graphql only (GraphQL over HTTP). */
  graphqlPath: string;
}

const FORM = 'application/x-www-form-urlencoded';
const MULTIPART = 'multipart/form-data';

/** A new name's list (defined, so that a field named `__proto__` is a field). */
function defineField(form: FormFields, name: string): string[] {
  return Object.defineProperty(form, name, { value: [], enumerable: true, writable: true })[name];
}

function badRequest(message: string): Error {
  return Object.assign(new Error(message), { statusCode: 400 });
}

function tooManyFields(maxFields: number): Error {
  return badRequest(`The form has more than ${formatCount(maxFields)} fields (MAX_FORM_FIELDS).`);
}

/** The 415 a media type without a parser gets (errors.plugin words it; GraphQL answers in its own shape). */
function unsupported(request: FastifyRequest): Error {
  return Object.assign(new Error(`Unsupported media type "${request.headers['content-type'] ?? ''}" in request.`), {
    statusCode: 415,
    code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  });
}

/** `a=1&a=2&b=` → `{ a: ['1', '2'], b: [''] }`, refused past `maxFields` before it is decoded. */
export function parseUrlEncoded(text: string, maxFields: number): FormFields {
  let fields = text === '' ? 0 : 1;
  for (let at = text.indexOf('&'); at !== -1; at = text.indexOf('&', at + 1)) if (++fields > maxFields) throw tooManyFields(maxFields);
  if (fields > maxFields) throw tooManyFields(maxFields);
  const form: FormFields = {};
  for (const [name, value] of new URLSearchParams(text)) {
    (Object.hasOwn(form, name) ? form[name] : defineField(form, name)).push(value);
  }
  return form;
}

/** A multipart body already read whole (so MAX_BODY_BYTES bounds it as it bounds JSON): its fields; a file is refused. */
export function parseMultipart(headers: FastifyRequest['headers'], body: Buffer, maxFields: number): Promise<FormFields> {
  return new Promise((resolve, reject) => {
    const fields: FormFields = {};
    let failure: Error | undefined;
    const fail = (error: Error) => (failure ??= error);
    let parser: InstanceType<typeof busboy>;
    try {
      parser = new busboy({
        headers: headers as never,
        // A value can be no longer than the body, so none is ever truncated; names of ours are short.
        limits: { fields: maxFields, parts: maxFields, files: 0, fieldSize: body.length + 1, fieldNameSize: 200 },
      });
    } catch (error) {
      return reject(badRequest(`Multipart form parse error - ${(error as Error).message}`));
    }
    parser.on('field', (name: string, value: string, nameTruncated: boolean) => {
      if (nameTruncated) return fail(badRequest('Multipart form parse error - a field name is longer than 200 bytes.'));
      (Object.hasOwn(fields, name) ? fields[name] : defineField(fields, name)).push(value);
    });
    parser.on('file', (_name: string, stream: NodeJS.ReadableStream) => stream.resume());
    parser.on('filesLimit', () => fail(badRequest('File uploads are not accepted: no field of this API takes a file.')));
    parser.on('fieldsLimit', () => fail(tooManyFields(maxFields)));
    parser.on('partsLimit', () => fail(tooManyFields(maxFields)));
    parser.on('error', (error: Error) => {
      fail(badRequest(`Multipart form parse error - ${error.message}`));
      reject(failure);
    });
    parser.on('finish', () => (failure ? reject(failure) : resolve(fields)));
    parser.end(body);
  });
}

/**
 * Form-encoded and multipart bodies, as DRF's FormParser and MultiPartParser read them (HTML forms,
 * `requests.post(data=…)`): into the fields formBody keeps, which the REST door shapes per field
 * (rest/form-input.ts). Bounded as JSON is: both are read whole first, so MAX_BODY_BYTES holds; at most
 * MAX_FORM_FIELDS fields; no file. WHATWG's URLSearchParams reads the first, @fastify/busboy the second
 * (@fastify/multipart streams parts past the body limit). GraphQL keeps to its own media types.
 */
export const formBodyPlugin = fp<FormBodyOptions>(
  async (app, { maxFields, graphqlPath }) => {
    const forGraphql = (request: FastifyRequest) => request.url.split('?')[0].replace(/\/$/, '') === graphqlPath;
    app.addContentTypeParser(FORM, { parseAs: 'string' }, (request, body, done) => {
      if (forGraphql(request)) return done(unsupported(request), undefined);
      done(null, formBody(parseUrlEncoded(body as string, maxFields)));
    });
    app.addContentTypeParser(MULTIPART, { parseAs: 'buffer' }, (request, body, done) => {
      if (forGraphql(request)) return done(unsupported(request), undefined);
      parseMultipart(request.headers, body as Buffer, maxFields).then(
        (fields) => done(null, formBody(fields)),
        (error: Error) => done(error, undefined),
      );
    });
  },
  { name: 'form-body' },
);
