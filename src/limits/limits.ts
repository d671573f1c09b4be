/**
 * Every limit on what one request, one caller or one API client may cost (DESIGN §9), as
 * configuration: the environment variable, its default and what it bounds. config.ts reads them;
 * README.md and SECURITY.md list them (test/unit/limits-docs.test.ts keeps the lists in step).
 */
export interface LimitDefinition {
  env: string;
  default: number;
  min: number;
  max: number;
  /** What it bounds, for the docs. */
  doc: string;
}

const HOUR = 3600;

export const LIMIT_DEFINITIONS = {
  // --- per request ---
  maxEstimatedRows: {
    env: 'MAX_ESTIMATED_ROWS',
    default: 50_000,
    min: 1,
    max: 100_000_000,
    doc: 'rows one request may read: the product of the page sizes along every GraphQL path (every alias), or REST `page_size` × `expand`',
  },
  maxRelatedItems: {
    env: 'MAX_RELATED_ITEMS',
    default: 100,
    min: 1,
    max: 100_000,
    doc: 'items a GraphQL many-to-many list (`product.tags`) holds per row, and what it counts for in the estimate',
  },
  maxExpandDepth: { env: 'MAX_EXPAND_DEPTH', default: 3, min: 1, max: 10, doc: 'levels of one REST `expand` path (`category.parent` is 2)' },
  maxSearchTerms: { env: 'MAX_SEARCH_TERMS', default: 10, min: 1, max: 1_000, doc: 'terms in one `search`' },
  maxLookupLength: { env: 'MAX_LOOKUP_LENGTH', default: 1_000, min: 1, max: 1_000_000, doc: 'characters in one lookup value or search term' },
  maxInList: { env: 'MAX_IN_LIST', default: 1_000, min: 1, max: 1_000_000, doc: 'values in one `in` (or `range`) lookup' },
  maxFilterDepth: {
    env: 'MAX_FILTER_DEPTH',
    default: 4,
    min: 1,
    max: 100,
    doc: 'relations one GraphQL `where` filters through, nested (`category: { parent: { parent: … } }`, `reviews: { some: { product: … } }`): each is a subquery',
  },
  maxFilterConditions: {
    env: 'MAX_FILTER_CONDITIONS',
    default: 100,
    min: 1,
    max: 100_000,
    doc: 'conditions in one GraphQL `where`, every level counted: each operator, `isnull`, `search` and relation filter',
  },
  maxStatementBytes: { env: 'MAX_STATEMENT_BYTES', default: 100_000, min: 1_000, max: 100_000_000, doc: 'bytes of one compiled SQL statement' },
  maxPreparedStatementBytes: {
    env: 'MAX_PREPARED_STATEMENT_BYTES',
    default: 16_384,
    min: 0,
    max: 100_000_000,
    doc: 'bytes of a statement that may be kept as a named prepared statement on a connection (longer ones always run unnamed)',
  },
  maxResponseBytes: { env: 'MAX_RESPONSE_BYTES', default: 10 * 1024 * 1024, min: 1_024, max: 1024 * 1024 * 1024, doc: 'bytes of one response body' },
  maxBodyBytes: { env: 'MAX_BODY_BYTES', default: 1024 * 1024, min: 1_024, max: 100 * 1024 * 1024, doc: 'bytes of one request body' },
  maxJsonDepth: { env: 'MAX_JSON_DEPTH', default: 32, min: 2, max: 1_000, doc: 'nesting of a JSON body (objects and arrays), GraphQL variables included' },
  maxFormFields: {
    env: 'MAX_FORM_FIELDS',
    default: 1_000,
    min: 1,
    max: 100_000,
    doc: 'fields of one form-encoded or multipart body (Django\'s DATA_UPLOAD_MAX_NUMBER_FIELDS); a multipart body may carry no file',
  },
  graphqlMaxTokens: { env: 'GRAPHQL_MAX_TOKENS', default: 2_000, min: 10, max: 1_000_000, doc: 'tokens of one GraphQL document (refused while it is parsed)' },
  graphqlMaxDepth: { env: 'GRAPHQL_MAX_DEPTH', default: 8, min: 1, max: 100, doc: 'depth of a GraphQL selection' },
  graphqlMaxAliases: { env: 'GRAPHQL_MAX_ALIASES', default: 15, min: 1, max: 1_000, doc: 'aliases in one GraphQL document' },
  // --- per caller ---
  clientsPerAddressPerHour: {
    env: 'CLIENTS_PER_ADDRESS_PER_HOUR',
    default: 10,
    min: 1,
    max: 1_000_000,
    doc: 'registrations and new API clients from one address in an hour',
  },
  clientsPerHour: { env: 'CLIENTS_PER_HOUR', default: 300, min: 1, max: 10_000_000, doc: 'registrations and new API clients from everybody in an hour' },
  maxClientsPerAccount: { env: 'MAX_CLIENTS_PER_ACCOUNT', default: 5, min: 1, max: 10_000, doc: 'API clients one account may have' },
  loginFailuresPerAccount: { env: 'LOGIN_FAILURES_PER_ACCOUNT', default: 5, min: 1, max: 1_000_000, doc: 'failed logins for one email in a minute' },
  loginFailuresPerAddress: { env: 'LOGIN_FAILURES_PER_ADDRESS', default: 20, min: 1, max: 1_000_000, doc: 'failed logins from one address in a minute' },
  passwordHashConcurrency: {
    env: 'PASSWORD_HASH_CONCURRENCY',
    default: 2,
    min: 1,
    max: 256,
    doc: 'argon2 hashes and verifications running at once (the rest wait in line)',
  },
  passwordHashQueue: { env: 'PASSWORD_HASH_QUEUE', default: 16, min: 0, max: 100_000, doc: 'argon2 jobs waiting in line; past it, 503 with Retry-After' },
  provisioningConcurrency: {
    env: 'PROVISIONING_CONCURRENCY',
    default: 2,
    min: 1,
    max: 64,
    doc: 'client schemas built at once, each on a connection of the provisioning pool',
  },
  provisioningQueue: { env: 'PROVISIONING_QUEUE', default: 20, min: 0, max: 100_000, doc: 'schema builds waiting in line; past it, 503 with Retry-After' },
  // --- per API client ---
  clientRowQuota: {
    env: 'CLIENT_ROW_QUOTA',
    default: -1,
    min: -1,
    max: Number.MAX_SAFE_INTEGER,
    doc: 'rows one API client may hold, every table counted; -1 (the default): three times the reference data (126,270 rows at scale 1); 0: no quota',
  },
  clientByteQuota: {
    env: 'CLIENT_BYTE_QUOTA',
    default: -1,
    min: -1,
    max: Number.MAX_SAFE_INTEGER,
    doc: 'bytes of row data one API client may hold; -1 (the default): three times the reference data; 0: no quota',
  },
  clientExpiryDays: { env: 'CLIENT_EXPIRY_DAYS', default: 30, min: 0, max: 36_500, doc: 'days without a request after which an API client expires and its schema is dropped; 0: never' },
  expirySweepSeconds: { env: 'EXPIRY_SWEEP_SECONDS', default: HOUR, min: 1, max: 7 * 24 * HOUR, doc: 'how often each node looks for expired clients to drop' },
} as const satisfies Record<string, LimitDefinition>;

export type Limits = { -readonly [K in keyof typeof LIMIT_DEFINITIONS]: number };

/** The limits from the environment, each checked against its range by `readInt` (config.ts's reader). */
export function readLimits(readInt: (name: string, fallback: number, min: number, max: number) => number): Limits {
  const limits = {} as Limits;
  for (const [key, definition] of Object.entries(LIMIT_DEFINITIONS) as Array<[keyof Limits, LimitDefinition]>) {
    limits[key] = readInt(definition.env, definition.default, definition.min, definition.max);
  }
  return limits;
}

/** The defaults, for tests and tools that build an app without an environment. */
export const DEFAULT_LIMITS: Limits = readLimits((_name, fallback) => fallback);

/** `12,345`: numbers in limit messages. */
export const formatCount = (value: number) => value.toLocaleString('en-US');

/** `10.0 MB`: sizes in limit messages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
