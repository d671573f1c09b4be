import { Migration } from '@mikro-orm/migrations';

/**
 * Every change to a schema's accounts (`users`: insert, update, delete, truncate) sends a NOTIFY on
 * `gateway_accounts` naming the schema, delivered at commit to every node's listener
 * (src/tenancy/client-resolver.ts). Each node can then keep the account behind an access token
 * for as long as it is unchanged, instead of reading it again after 2 s: an app that comes back
 * every few seconds costs one statement less per request, and a deactivation is seen everywhere
 * within milliseconds. One trigger call per statement; the payload is the schema alone.
 */
export class Migration20261203120000_account_changes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function "sandbox_accounts_changed"() returns trigger language plpgsql as $$
begin
  perform pg_notify('gateway_accounts', tg_table_schema);
  return null;
end $$;`);
    this.addSql(`create trigger "sandbox_accounts_changed" after insert or update or delete or truncate on "users" for each statement execute function "sandbox_accounts_changed"();`);
  }
}
