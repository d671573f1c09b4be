import { Migration } from '@mikro-orm/migrations';

/**
 * Per-client quotas (DESIGN §9): every schema counts the rows it holds and their bytes in
 * `sandbox_usage`, kept exact by statement-level triggers on every table (one trigger call per
 * statement, whatever the number of rows: a 42k-row copy costs three counts). A write that takes
 * the schema past the quota its transaction states (`sandbox.row_quota`, `sandbox.byte_quota`, set
 * by the resources service from CLIENT_ROW_QUOTA / CLIENT_BYTE_QUOTA) fails with SQLSTATE SGQ01
 * and rolls back whole. Without those settings (provisioning, the reference data) nothing is
 * refused. The counter lives in the client's own schema, so a write never touches another schema.
 *
 * A later migration that adds a table calls `select sandbox_track_usage()` (it adds the triggers
 * to every table that lacks them); test/db/usage.test.ts fails for a table without them.
 */
export class Migration20261202070000_usage extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "sandbox_usage" ("id" smallint primary key default 1 check ("id" = 1), "rows" bigint not null default 0, "bytes" bigint not null default 0);`);

    this.addSql(`create function "sandbox_usage_changed"() returns trigger language plpgsql set search_path from current as $$
declare
  added_rows bigint := 0; added_bytes bigint := 0; removed_rows bigint := 0; removed_bytes bigint := 0;
  total_rows bigint; total_bytes bigint;
  row_quota bigint := nullif(current_setting('sandbox.row_quota', true), '')::bigint;
  byte_quota bigint := nullif(current_setting('sandbox.byte_quota', true), '')::bigint;
begin
  if tg_op in ('INSERT', 'UPDATE') then
    select count(*), coalesce(sum(pg_column_size(r.*)), 0) into added_rows, added_bytes from sandbox_added r;
  end if;
  if tg_op in ('DELETE', 'UPDATE') then
    select count(*), coalesce(sum(pg_column_size(r.*)), 0) into removed_rows, removed_bytes from sandbox_removed r;
  end if;
  update sandbox_usage set "rows" = "rows" + added_rows - removed_rows, "bytes" = "bytes" + added_bytes - removed_bytes
   returning "rows", "bytes" into total_rows, total_bytes;
  -- Only growth is refused: deleting or shrinking rows always works, even past a quota lowered since.
  if row_quota > 0 and added_rows > removed_rows and total_rows > row_quota then
    raise exception using errcode = 'SGQ01',
      message = format('This API client would hold %s rows, over its quota of %s rows (CLIENT_ROW_QUOTA). Delete rows, or reset the client, to write more.',
                       to_char(total_rows, 'FM999,999,999,999,999'), to_char(row_quota, 'FM999,999,999,999,999'));
  end if;
  if byte_quota > 0 and added_bytes > removed_bytes and total_bytes > byte_quota then
    raise exception using errcode = 'SGQ01',
      message = format('This API client would hold %s bytes of data, over its quota of %s bytes (CLIENT_BYTE_QUOTA). Delete rows or shorten values, or reset the client, to write more.',
                       to_char(total_bytes, 'FM999,999,999,999,999'), to_char(byte_quota, 'FM999,999,999,999,999'));
  end if;
  return null;
end $$;`);

    // Adds the three counting triggers to every table of this schema that lacks them, and counts what is there already.
    this.addSql(`create function "sandbox_track_usage"() returns void language plpgsql set search_path from current as $$
declare
  tracked record; found_rows bigint; found_bytes bigint;
begin
  for tracked in
    select c.relname from pg_class c
     where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r'
       and c.relname not in ('sandbox_usage', 'mikro_orm_migrations')
       and not exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'sandbox_usage_insert')
  loop
    execute format('create trigger sandbox_usage_insert after insert on %I referencing new table as sandbox_added for each statement execute function sandbox_usage_changed()', tracked.relname);
    execute format('create trigger sandbox_usage_update after update on %I referencing old table as sandbox_removed new table as sandbox_added for each statement execute function sandbox_usage_changed()', tracked.relname);
    execute format('create trigger sandbox_usage_delete after delete on %I referencing old table as sandbox_removed for each statement execute function sandbox_usage_changed()', tracked.relname);
    execute format('select count(*), coalesce(sum(pg_column_size(r.*)), 0) from %I r', tracked.relname) into found_rows, found_bytes;
    update sandbox_usage set "rows" = "rows" + found_rows, "bytes" = "bytes" + found_bytes;
  end loop;
end $$;`);

    this.addSql(`insert into "sandbox_usage" default values;`);
    this.addSql(`select "sandbox_track_usage"();`);
  }
}
