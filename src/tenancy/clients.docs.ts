/**
 * OpenAPI for the routes of src/tenancy/clients.routes.ts: the owner's API clients (tag `clients`).
 * Bodies are not validated by ajv on these routes (`documentationOnly`): the handlers check them.
 */
import { apiClient, newClientThrottled } from '../auth/auth.docs';
import { error, everywhere, named, noContent, withBody, type Schema, type Security } from '../http/route-docs-helpers';

const apiClientRequest = named('ApiClientRequest', {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, maxLength: 100, description: "Default: \"<your email's local part>'s sandbox\"." } },
  example: { name: 'staging' },
});

/** The named schemas of these routes that no other route documents, for the docs plugin to add. */
export const clientsComponents: Schema[] = [apiClientRequest];

const malformedBody = { 400: error('The request body is not valid JSON') };
const forbiddenNewClient = { 403: error('Not allowed: an unknown Api-Key, a cross-site write with the session cookie, or the account has MAX_CLIENTS_PER_ACCOUNT clients') };
const notFound = { 404: error('No such API client among yours') };

const clientId = {
  type: 'object',
  properties: { id: { type: 'integer', description: 'A unique integer value identifying this API client.' } },
  required: ['id'],
};

const owner: Security = [{ jwtAuth: [] }, { cookieAuth: [] }, { jwtAuth: [], apiKeyAuth: [] }];

const clients = ['clients'];

/** The `schema` option of each route of src/tenancy/clients.routes.ts. */
export const clientsDocs = {
  list: {
    tags: clients,
    operationId: 'clients_list',
    summary: 'List your API clients',
    security: owner,
    response: { 200: { description: 'Every API client of the account, oldest first', type: 'array', items: apiClient }, ...everywhere },
  },
  create: {
    tags: clients,
    operationId: 'clients_create',
    summary: 'Create an API client',
    description: 'A new schema with a fresh copy of the reference data. Answers once it is ready, or with `status: provisioning` after a few seconds.',
    security: owner,
    body: apiClientRequest,
    response: { 201: { ...apiClient, description: 'Created' }, ...withBody, ...everywhere, ...forbiddenNewClient, ...newClientThrottled },
  },
  retrieve: {
    tags: clients,
    operationId: 'clients_retrieve',
    summary: 'Retrieve an API client',
    security: owner,
    params: clientId,
    response: { 200: { ...apiClient, description: 'The API client' }, ...everywhere, ...notFound },
  },
  reset: {
    tags: clients,
    operationId: 'clients_reset_create',
    summary: 'Reset an API client to a fresh copy of `public`',
    description: 'Drops every change made in the client; its key stays the same.',
    security: owner,
    params: clientId,
    response: { 200: { ...apiClient, description: 'Reset' }, ...malformedBody, ...everywhere, ...notFound },
  },
  rotateKey: {
    tags: clients,
    operationId: 'clients_rotate_key_create',
    summary: 'Give an API client a new key',
    description: 'The old key stops working at once, on every API node.',
    security: owner,
    params: clientId,
    response: { 200: { ...apiClient, description: 'The client with its new `api_key`' }, ...malformedBody, ...everywhere, ...notFound },
  },
  destroy: {
    tags: clients,
    operationId: 'clients_destroy',
    summary: 'Delete an API client and its schema',
    security: owner,
    params: clientId,
    response: { 204: noContent('Deleted'), ...everywhere, ...notFound },
  },
};
