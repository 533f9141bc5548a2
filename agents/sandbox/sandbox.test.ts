import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createTestDatabase, withDatabase } from "~/db/testing";
import { createSandbox, dropSandbox, type Sandbox, withSandbox } from "./sandbox";

const adminUrl = () => inject("pgAdminUrl");

async function exists(name: string) {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    const [db] = await admin`select 1 from pg_database where datname = ${name}`;
    const [role] = await admin`select 1 from pg_roles where rolname = ${name}`;
    return { database: Boolean(db), role: Boolean(role) };
  } finally {
    await admin.end();
  }
}

async function errorOf(promise: Promise<unknown>): Promise<postgres.PostgresError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof postgres.PostgresError) return error;
    throw error;
  }
  throw new Error("expected a PostgreSQL error");
}

describe("sandbox isolation", () => {
  let other: Awaited<ReturnType<typeof createTestDatabase>>;
  let sandbox: Sandbox;

  beforeAll(async () => {
    other = await createTestDatabase({ migrate: false });
    await other.sql
      .unsafe(`create table app_secrets (id int, secret text); insert into app_secrets values (1, 'hunter2');
      create schema private; create table private.keys (k text); insert into private.keys values ('k1')`);
    sandbox = await createSandbox({ adminUrl: adminUrl() });
  });
  afterAll(async () => {
    await sandbox?.dispose();
    await other?.drop();
  });

  it("gives a role that is no superuser and cannot create databases or roles", async () => {
    const [role] =
      await sandbox.sql`select rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls from pg_roles where rolname = current_user`;
    expect(role).toEqual({
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolreplication: false,
      rolbypassrls: false,
    });
    expect((await errorOf(sandbox.sql.unsafe("create database sneaky"))).code).toBe("42501");
    expect((await errorOf(sandbox.sql.unsafe("create role sneaky"))).code).toBe("42501");
  });

  it("owns its own database and can create schemas and tables in it", async () => {
    const [row] =
      await sandbox.sql`select current_database() as db, pg_get_userbyid(datdba) as owner from pg_database where datname = current_database()`;
    expect(row).toEqual({ db: sandbox.database, owner: sandbox.role });
    await sandbox.sql.unsafe(`create schema "dbo"; create table "dbo"."Order Details" ("OrderID" int)`);
  });

  it("cannot read a table of another database owned by someone else", async () => {
    const intruder = postgres(withDatabase(sandbox.url, new URL(other.url).pathname.slice(1)), {
      max: 1,
      onnotice: () => {},
    });
    try {
      expect((await errorOf(intruder`select * from app_secrets`)).code).toBe("42501");
      expect((await errorOf(intruder`select * from private.keys`)).code).toBe("42501");
      expect((await errorOf(intruder.unsafe("create table public.planted (x int)"))).code).toBe("42501");
    } finally {
      await intruder.end();
    }
  });

  it("cannot read a schema in its own database that someone else owns", async () => {
    const admin = postgres(withDatabase(adminUrl(), sandbox.database), { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe("create schema audit; create table audit.log (x text); insert into audit.log values ('x')");
    } finally {
      await admin.end();
    }
    expect((await errorOf(sandbox.sql`select * from audit.log`)).code).toBe("42501");
  });
});

describe("sandbox limits and lifetime", () => {
  it("stops a statement that runs longer than the role's statement_timeout", async () => {
    await withSandbox({ adminUrl: adminUrl(), statementTimeoutMs: 200 }, async (sandbox) => {
      const started = Date.now();
      const error = await errorOf(sandbox.sql`select pg_sleep(5)`);
      expect(error.code).toBe("57014");
      expect(error.message).toMatch(/statement timeout/);
      expect(Date.now() - started).toBeLessThan(3000);
      const [setting] = await sandbox.sql<{ statement_timeout: string }[]>`show statement_timeout`;
      expect(setting?.statement_timeout).toBe("200ms");
    });
  });

  it("defaults the statement timeout to 30 seconds and limits temporary files", async () => {
    await withSandbox({ adminUrl: adminUrl() }, async (sandbox) => {
      const [setting] = await sandbox.sql<{ statement_timeout: string }[]>`show statement_timeout`;
      expect(setting?.statement_timeout).toBe("30s");
      const [limit] = await sandbox.sql<{ temp_file_limit: string }[]>`show temp_file_limit`;
      expect(limit?.temp_file_limit).toBe("2GB");
    });
  });

  it("drops the database and the role when the work inside it fails", async () => {
    let name = "";
    await expect(
      withSandbox({ adminUrl: adminUrl() }, async (sandbox) => {
        name = sandbox.database;
        await sandbox.sql`select 1/0`;
      }),
    ).rejects.toThrow(/division by zero/);
    expect(await exists(name)).toEqual({ database: false, role: false });
  });

  it("drops everything even while other sessions are still connected, and tolerates a second dispose", async () => {
    const sandbox = await createSandbox({ adminUrl: adminUrl() });
    const straggler = postgres(sandbox.url, { max: 1, onnotice: () => {} });
    await straggler`select 1`;
    await sandbox.sql`select 1`;
    await sandbox.dispose();
    await sandbox.dispose();
    expect(await exists(sandbox.database)).toEqual({ database: false, role: false });
    await straggler.end({ timeout: 1 }).catch(() => {});
  });

  it("does not touch an existing sandbox when creating one with the same id fails", async () => {
    const first = await createSandbox({ adminUrl: adminUrl(), id: "clash_test" });
    try {
      await expect(createSandbox({ adminUrl: adminUrl(), id: "clash_test" })).rejects.toThrow(/already exists/);
      expect(await exists(first.database)).toEqual({ database: true, role: true });
    } finally {
      await first.dispose();
    }
    expect(await exists(first.database)).toEqual({ database: false, role: false });
  });

  it("lets a restarted worker drop a sandbox it knows only by id", async () => {
    const sandbox = await createSandbox({ adminUrl: adminUrl() });
    await sandbox.sql.end();
    await dropSandbox(adminUrl(), sandbox.id);
    expect(await exists(sandbox.database)).toEqual({ database: false, role: false });
  });

  it("rejects ids that are not plain lower-case names", async () => {
    await expect(createSandbox({ adminUrl: adminUrl(), id: 'x"; drop database postgres; --' })).rejects.toThrow(
      /Invalid sandbox id/,
    );
  });
});
