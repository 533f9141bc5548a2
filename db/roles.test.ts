import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "./migrate";
import { ensureAppRole, withCredentials } from "./roles";
import { createTestDatabase } from "./testing";

/**
 * The app's role (db/roles.ts) on a database of its own: migrations run as it, and it can do the app's work but
 * nothing a superuser could (create roles or databases, read password hashes, other databases).
 */
let t: Awaited<ReturnType<typeof createTestDatabase>>;
const role = `dm_app_test_${randomBytes(4).toString("hex")}`;
const password = randomBytes(16).toString("hex");
let app: postgres.Sql;

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
  const database = new URL(t.url).pathname.slice(1);
  // The admin first creates a table the way an earlier version did (owned by the superuser): it is handed over.
  await t.sql`create table legacy_owned (id int)`;
  await ensureAppRole(t.adminUrl, database, role, password);
  const appUrl = withCredentials(t.url, role, password);
  await applyMigrations(appUrl);
  app = postgres(appUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await app.end();
  await t.drop();
  const admin = postgres(t.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop role if exists "${role}"`);
  await admin.end();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => "succeeded",
    (error: Error) => error.message,
  );

describe("the app role", () => {
  it("is not a superuser and cannot create roles or databases", async () => {
    const [me] = await app`select rolsuper, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user`;
    expect(me).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false });
    expect(await failure(app.unsafe(`create role dm_should_not_exist`))).toMatch(/permission denied/);
    expect(await failure(app.unsafe(`create database dm_should_not_exist`))).toMatch(/permission denied/);
  });

  it("cannot read password hashes or server files", async () => {
    expect(await failure(app`select rolpassword from pg_authid`)).toMatch(/permission denied/);
    expect(await failure(app`select pg_read_file('postgresql.conf')`)).toMatch(/permission denied/);
  });

  it("owns the app's tables, having run the migrations, including one an earlier version created as the admin", async () => {
    const owners = await app<{ tablename: string; tableowner: string }[]>`
      select tablename, tableowner from pg_tables where schemaname in ('public', 'drizzle')`;
    expect(owners.length).toBeGreaterThan(5);
    expect(new Set(owners.map((o) => o.tableowner))).toEqual(new Set([role]));
    expect(owners.map((o) => o.tablename)).toEqual(expect.arrayContaining(["migrations", "jobs", "legacy_owned"]));
    await app`insert into users (email, password_hash) values ('role-test@example.com', 'x')`;
    expect(await app`select email from users`).toEqual([{ email: "role-test@example.com" }]);
  });

  it("has no right to create anything in the maintenance database", async () => {
    const other = postgres(withCredentials(t.adminUrl, role, password), {
      max: 1,
      onnotice: () => {},
      connect_timeout: 10,
    });
    try {
      // The maintenance database keeps CONNECT for PUBLIC; what matters is that the role owns nothing there.
      const [rights] = await other`select has_database_privilege('postgres', 'create') as create`;
      expect(rights).toEqual({ create: false });
    } finally {
      await other.end();
    }
  });
});
