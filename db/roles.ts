import postgres from "postgres";

/** The role the web server and the worker connect as when `npm start` runs the embedded PostgreSQL. */
export const APP_ROLE = "datamigrate_app";

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Least privilege for the app: a login role that is not a superuser and cannot create roles or databases, which owns
 * the app database's schemas (public, drizzle's migration journal, langgraph's checkpoints) and what is in them,
 * and nothing else. Migrations then run as that role. Only the sandbox manager keeps an admin connection (it creates
 * a database and a role per sandbox). Idempotent: it also hands over what an earlier version created as the admin.
 */
export async function ensureAppRole(adminUrl: string, database: string, role: string, password: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_roles where rolname = ${role}`;
    if (!exists) await admin.unsafe(`create role ${ident(role)} login`);
    await admin.unsafe(
      `alter role ${ident(role)} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password ${literal(password)}`,
    );
    // CONNECT and CREATE (for the drizzle and langgraph schemas it makes itself), nothing more, on its one database.
    await admin.unsafe(`revoke all on database ${ident(database)} from public`);
    await admin.unsafe(`grant connect, create, temporary on database ${ident(database)} to ${ident(role)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const inDatabase = postgres(url.toString(), { max: 1, onnotice: () => {} });
  try {
    await inDatabase.unsafe(`alter schema public owner to ${ident(role)}`);
    // Objects an earlier version made as the admin (tables, sequences, views, enum types, schemas) change owner.
    await inDatabase.unsafe(`
      do $$
      declare
        item record;
      begin
        for item in
          select n.nspname from pg_namespace n
          where n.nspname in ('drizzle', 'langgraph') and pg_get_userbyid(n.nspowner) <> ${literal(role)}
        loop
          execute format('alter schema %I owner to %I', item.nspname, ${literal(role)});
        end loop;
        for item in
          select n.nspname, c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname in ('public', 'drizzle', 'langgraph') and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
            and pg_get_userbyid(c.relowner) <> ${literal(role)}
            -- a sequence owned by a column follows its table
            and not (c.relkind = 'S' and exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i')))
        loop
          execute format('alter %s %I.%I owner to %I',
            case item.relkind when 'S' then 'sequence' when 'v' then 'view' when 'm' then 'materialized view'
                              when 'f' then 'foreign table' else 'table' end,
            item.nspname, item.relname, ${literal(role)});
        end loop;
        for item in
          select n.nspname, t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
          where n.nspname in ('public', 'drizzle', 'langgraph') and t.typtype in ('e', 'd', 'c') and t.typrelid = 0
            and pg_get_userbyid(t.typowner) <> ${literal(role)}
        loop
          execute format('alter type %I.%I owner to %I', item.nspname, item.typname, ${literal(role)});
        end loop;
        for item in
          select n.nspname, c.collname from pg_collation c join pg_namespace n on n.oid = c.collnamespace
          where n.nspname in ('public', 'drizzle', 'langgraph') and pg_get_userbyid(c.collowner) <> ${literal(role)}
        loop
          execute format('alter collation %I.%I owner to %I', item.nspname, item.collname, ${literal(role)});
        end loop;
      end $$`);
  } finally {
    await inDatabase.end();
  }
}

/** `url` with another user and password. */
export function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}
