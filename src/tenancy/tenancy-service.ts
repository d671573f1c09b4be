import { escapeIdentifier, type Pool } from 'pg';
import type { Account, Accounts } from '../auth/accounts';
import { inTransaction } from '../db/transaction';
import { hashPassword, passwordProblems } from '../auth/passwords';
import { NotFound, NULL_CHARACTERS, ValidationError } from '../errors';
import type { ApiClient, ApiClients } from './api-clients';
import type { ClientResolver } from './client-resolver';
import type { Provisioner } from './provisioner';

export interface RegistrationInput {
  email?: unknown;
  password?: unknown;
  first_name?: unknown;
  last_name?: unknown;
}

/** DRF's rendering of an API client. */
export function serializeClient(client: ApiClient) {
  return {
    id: client.id,
    name: client.name,
    schema: client.schemaName,
    api_key: client.apiKey,
    status: client.status,
    error: client.error,
    created_at: client.createdAt,
    ready_at: client.readyAt,
  };
}

const EMAIL = /^[^\s@"();,:<>[\]\\]+@[^\s@"();,:<>[\]\\]+\.[^\s@"();,:<>[\]\\]+$/;

/**
 * Everything an owner (or an operator) does to API clients, for every door:
 * REST routes, GraphQL mutations and the operator CLI all call this.
 */
export class TenancyService {
  constructor(
    private readonly pool: Pool,
    private readonly accounts: Accounts,
    readonly clients: ApiClients,
    private readonly resolver: ClientResolver,
    readonly provisioner: Provisioner,
    /** How long registration waits for the schema before answering `provisioning`. */
    private readonly waitForReadyMs = 5000,
  ) {}

  async register(input: RegistrationInput): Promise<{ user: Account; client: ApiClient }> {
    const fields: Record<string, string[]> = {};
    const text = (name: keyof RegistrationInput, required: boolean, max: number): string => {
      const value = input[name];
      if (value === undefined || value === null) {
        if (required) fields[name] = ['This field is required.'];
        return '';
      }
      if (typeof value !== 'string') {
        fields[name] = ['Not a valid string.'];
        return '';
      }
      if (required && value.trim() === '') fields[name] = ['This field may not be blank.'];
      else if (value.includes('\u0000')) fields[name] = [NULL_CHARACTERS];
      else if (value.length > max) fields[name] = [`Ensure this field has no more than ${max} characters.`];
      return value;
    };
    const email = text('email', true, 254).trim();
    const password = text('password', true, 128);
    const firstName = text('first_name', false, 150);
    const lastName = text('last_name', false, 150);
    if (!fields.email && !EMAIL.test(email)) fields.email = ['Enter a valid email address.'];
    if (!fields.password) {
      const problems = passwordProblems(password, email);
      if (problems.length) fields.password = problems;
    }
    if (Object.keys(fields).length) throw new ValidationError(fields);

    const passwordHash = await hashPassword(password);
    let created: { user: Account; client: ApiClient };
    try {
      created = await inTransaction(this.pool, async (db) => {
        const user = await this.accounts.createPublic(db, { email, passwordHash, firstName, lastName });
        return { user, client: await this.clients.create(user, `${email.split('@')[0]}'s sandbox`.slice(0, 100), db) };
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new ValidationError({ email: ['user with this email already exists.'] });
      throw error;
    }
    const { user, client } = created;
    return { user, client: await this.provisionAndWait(client) };
  }

  async createClient(owner: Account, name: unknown): Promise<ApiClient> {
    const clientName = name === undefined || name === null ? `${owner.email.split('@')[0]}'s sandbox` : name;
    if (typeof clientName !== 'string' || clientName.trim() === '') throw new ValidationError({ name: ['This field may not be blank.'] });
    if (clientName.includes('\u0000')) throw new ValidationError({ name: [NULL_CHARACTERS] });
    if (clientName.length > 100) throw new ValidationError({ name: ['Ensure this field has no more than 100 characters.'] });
    const client = await this.clients.create(owner, clientName.trim());
    return this.provisionAndWait(client);
  }

  async listClients(ownerId: number): Promise<ApiClient[]> {
    return this.clients.ofOwner(ownerId);
  }

  /** Somebody else's client is indistinguishable from a missing one. */
  async getClient(ownerId: number, id: unknown): Promise<ApiClient> {
    const clientId = Number(id);
    // Ids are int4: a bigger number names no client (PostgreSQL would reject the parameter).
    const client = Number.isSafeInteger(clientId) && clientId > 0 && clientId <= 2_147_483_647 ? await this.clients.byId(clientId) : undefined;
    if (!client || client.ownerId !== ownerId) throw new NotFound();
    return client;
  }

  /** Back to a fresh copy of `public`, same key. */
  async resetClient(ownerId: number, id: unknown): Promise<ApiClient> {
    const client = await this.getClient(ownerId, id);
    this.resolver.forget(client.id);
    const marked = await this.clients.markForProvisioning(client.id);
    return this.provisionAndWait(marked);
  }

  async rotateKey(ownerId: number, id: unknown): Promise<ApiClient> {
    const client = await this.getClient(ownerId, id);
    this.resolver.forget(client.id);
    return this.clients.rotateKey(client.id);
  }

  async deleteClient(ownerId: number, id: unknown): Promise<void> {
    const client = await this.getClient(ownerId, id);
    await this.dropClient(client);
  }

  /** Drops the schema and the registry row together. */
  async dropClient(client: ApiClient): Promise<void> {
    this.resolver.forget(client.id);
    await inTransaction(this.pool, async (db) => {
      await db.query('delete from gateway.api_clients where id = $1', [client.id]);
      await db.query(`drop schema if exists ${escapeIdentifier(client.schemaName)} cascade`);
    });
  }

  private async provisionAndWait(client: ApiClient): Promise<ApiClient> {
    const job = this.provisioner.provision(client.id);
    const timer = new Promise((resolve) => setTimeout(resolve, this.waitForReadyMs).unref());
    await Promise.race([job, timer]);
    return (await this.clients.byId(client.id)) ?? client;
  }
}
