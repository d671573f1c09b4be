/** The shapes of `GET /api/resources/` and of the session (src/rest/resource-metadata.routes.ts, src/auth/auth.routes.ts). */

export interface FieldMeta {
  name: string;
  type: 'integer' | 'string' | 'text' | 'decimal' | 'boolean' | 'datetime' | 'json' | 'enum';
  kind: 'scalar' | 'reference' | 'collection';
  required: boolean;
  read_only: boolean;
  write_only: boolean;
  nullable: boolean;
  allow_blank: boolean;
  choices: string[] | null;
  max_length: number | null;
  minimum: number | null;
  maximum: number | null;
  /** Relations: the target resource's name. */
  target: string | null;
  lookups: string[];
}

export interface ResourceMeta {
  name: string;
  path: string;
  verbose_name: string;
  display_field: string;
  search_fields: string[];
  ordering_fields: string[];
  can_write: boolean;
  fields: FieldMeta[];
  related: Array<{ name: string; target: string; field: string }>;
}

export interface Metadata {
  can_write: boolean;
  read_only_reason: string | null;
  resources: ResourceMeta[];
}

export interface ApiClient {
  id: number;
  name: string;
  schema: string;
  api_key: string;
  status: 'provisioning' | 'ready' | 'failed' | 'expired';
  error: string | null;
  created_at: string;
  ready_at: string | null;
  last_used_at: string;
  /** null: clients never expire. */
  expires_at: string | null;
  /** What it holds against its quotas (null: unknown, or no quota). */
  usage: { rows: number | null; bytes: number | null; row_quota: number | null; byte_quota: number | null };
}

export interface Session {
  user: { id: number; email: string; first_name: string; last_name: string };
  /** null: the read-only public schema. */
  client: ApiClient | null;
  clients: ApiClient[];
  csrf_token: string;
}
