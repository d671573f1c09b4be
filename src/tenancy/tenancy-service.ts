import { escapeIdentifier, type Pool } from 'pg';
import type { Account, Accounts } from '../auth/accounts';
import type { ApiClient, ClientView } from '../auth/api-client';
import { inTransaction } from '../db/transaction';
import { hashPassword, passwordProblems } from '../auth/passwords';
import { hasNulCharacter, NotFound, NULL_CHARACTERS, ValidationError } from '../errors';
import type { CallerLimits } from '../limits/caller-limits';
import type { WorkTicket } from '../limits/work-queue';
import type { Quota, Usage } from '../limits/quota';
import type { ApiClients } from './api-clients';
import type { ClientResolver } from './client-resolver';
import type { ClientExpiry } from './expiry';
import type { Provisioner } from './provisioner';
import { usageOf } from './usage';

export interface RegistrationInput {
  email?: unknown;
  password?: unknown;
  first_name?: unknown;
  last_name?: unknown;
}

/** Who asks for a new client over the network (the operator's CLI is nobody: no rate limit). */
export interface Caller {
  address: string;
}

export interface TenancyOptions {
  /** How long registration waits for the schema before answering `provisioning`. */
  waitForReadyMs?: number;
  /** MAX_CLIENTS_PER_ACCOUNT. */
  maxClientsPerAccount: number;
  quota: Quota;
}

const EMAIL = /^[^\s@"();,:<>[\]\\]+@[^\s@"();,:<>[\]\\]+\.[^\s@"();,:<>[\]\\]+$/;

/**
 * Everything an owner (or an operator) does to API clients, for every door:
 * REST routes, GraphQL mutations and the operator CLI all call this.
 */
export class TenancyService {
  private readonly waitForReadyMs: number;

  constructor(
    private readonly pool: Pool,
    /** The one Accounts of the process (built in create-tenancy.ts): auth's plugin and the CLI take it from here. */
    readonly accounts: Accounts,
    readonly clients: ApiClients,
    private readonly resolver: ClientResolver,
    readonly provisioner: Provisioner,
    readonly expiry: ClientExpiry,
    private readonly callerLimits: CallerLimits,
    private readonly options: TenancyOptions,
  ) {
    this.waitForReadyMs = options.waitForReadyMs ?? 5000;
  }

  /** An account in `public` and its first client. `caller`: who asks, for CLIENTS_PER_*_HOUR. */
  async register(input: RegistrationInput, caller?: Caller): Promise<{ user: Account; client: ClientView }> {
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
      else if (hasNulCharacter(value)) fields[name] = [NULL_CHARACTERS];
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

    const ticket = await this.admitNewClient(caller);
    let created: { user: Account; client: ApiClient };
    try {
      const passwordHash = await hashPassword(password);
      created = await inTransaction(this.pool, async (db) => {
        const user = await this.accounts.createPublic(db, { email, passwordHash, firstName, lastName });
        return { user, client: await this.clients.create(user, `${email.split('@')[0]}'s sandbox`.slice(0, 100), db) };
      });
    } catch (error) {
      ticket.cancel();
      if ((error as { code?: string }).code === '23505') throw new ValidationError({ email: ['user with this email already exists.'] });
      throw error;
    }
    const { user, client } = created;
    return { user, client: await this.provisionAndWait(client, ticket) };
  }

  async createClient(owner: Account, name: unknown, caller?: Caller): Promise<ClientView> {
    const clientName = name === undefined || name === null ? `${owner.email.split('@')[0]}'s sandbox` : name;
    if (typeof clientName !== 'string' || clientName.trim() === '') throw new ValidationError({ name: ['This field may not be blank.'] });
    if (hasNulCharacter(clientName)) throw new ValidationError({ name: [NULL_CHARACTERS] });
    if (clientName.length > 100) throw new ValidationError({ name: ['Ensure this field has no more than 100 characters.'] });
    const ticket = await this.admitNewClient(caller);
    let client: ApiClient;
    try {
      client = await this.clients.create(owner, clientName.trim(), undefined, this.options.maxClientsPerAccount);
    } catch (error) {
      ticket.cancel();
      throw error;
    }
    return this.provisionAndWait(client, ticket);
  }

  async listClients(ownerId: number): Promise<ClientView[]> {
    return this.describe(await this.clients.ofOwner(ownerId));
  }

  /** Clients with their usage (one statement for all of them), quota and expiry. */
  async describe(clients: ApiClient[]): Promise<ClientView[]> {
    const usage = await usageOf(this.pool, clients.filter((client) => client.status === 'ready').map((client) => client.schemaName));
    return clients.map((client) => ({
      ...client,
      usage: (client.status === 'ready' && usage.get(client.schemaName)) || null,
      quota: this.options.quota,
      expiresAt: this.expiry.expiresAt(client),
    }));
  }

  async describeOne(client: ApiClient): Promise<ClientView> {
    return (await this.describe([client]))[0];
  }

  /** A schema is about to be built for `caller`: there must be a place in the line, and room in the caller's allowance. */
  private async admitNewClient(caller: Caller | undefined): Promise<WorkTicket> {
    const ticket = this.provisioner.reserve();
    try {
      if (caller) await this.callerLimits.admitNewClient(caller.address);
    } catch (error) {
      ticket.cancel();
      throw error;
    }
    return ticket;
  }

  /** Somebody else's client is indistinguishable from a missing one. */
  async getClient(ownerId: number, id: unknown): Promise<ApiClient> {
    const clientId = Number(id);
    // Ids are int4: a bigger number names no client (PostgreSQL would reject the parameter).
    const client = Number.isSafeInteger(clientId) && clientId > 0 && clientId <= 2_147_483_647 ? await this.clients.byId(clientId) : undefined;
    if (!client || client.ownerId !== ownerId) throw new NotFound();
    return client;
  }

  /** Back to a fresh copy of `public`, same key (an expired client too). */
  async resetClient(ownerId: number, id: unknown): Promise<ClientView> {
    const client = await this.getClient(ownerId, id);
    const ticket = this.provisioner.reserve();
    this.resolver.forget(client.id);
    const marked = await this.clients.markForProvisioning(client.id).catch((error) => {
      ticket.cancel();
      throw error;
    });
    return this.provisionAndWait(marked, ticket);
  }

  async rotateKey(ownerId: number, id: unknown): Promise<ClientView> {
    const client = await this.getClient(ownerId, id);
    this.resolver.forget(client.id);
    return this.describeOne(await this.clients.rotateKey(client.id));
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

  private async provisionAndWait(client: ApiClient, ticket: WorkTicket): Promise<ClientView> {
    const job = this.provisioner.provision(client.id, ticket);
    const timer = new Promise((resolve) => setTimeout(resolve, this.waitForReadyMs).unref());
    await Promise.race([job, timer]);
    return this.describeOne((await this.clients.byId(client.id)) ?? client);
  }
}
