import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "~/db/testing";
import { knownSignInAddresses, signInThrottle, users } from "~/db/schema";
import { TEST_RATE_LIMITS } from "~/server/testing";
import { and, eq } from "drizzle-orm";
import { registerUser, RegistrationError, verifyCredentials, ZRegistration } from "./credentials";
import { FREE_ATTEMPTS, LOCK_AFTER, UNKNOWN_ADDRESSES } from "./throttle";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const PASSWORD = "correct horse battery staple";
/** A client whose address limit is out of the way: these tests are about the account's throttle. */
const STRANGER = { address: "198.51.100.7", signInLimit: TEST_RATE_LIMITS.signIn };

function messages(input: unknown) {
  const result = ZRegistration.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("registration rules", () => {
  it("rejects passwords shorter than 10 characters with a message saying so", () => {
    expect(messages({ email: "a@example.com", password: "short" })).toContain(
      "password: Password must be at least 10 characters",
    );
  });

  it("rejects an invalid email and a missing password, each with its own message", () => {
    expect(messages({ email: "not-an-email" })).toEqual([
      "email: Enter a valid email address",
      "password: Password is required",
    ]);
  });

  it("rejects a password of one repeated character", () => {
    expect(messages({ email: "a@example.com", password: "aaaaaaaaaaaa" })).toContain(
      "password: Password is too simple: use at least 4 different characters",
    );
  });

  it("stores a scrypt hash, never the password", async () => {
    const user = await registerUser(
      database.db,
      ZRegistration.parse({ email: "hash@example.com", password: PASSWORD }),
    );
    const [row] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row!.passwordHash).not.toContain(PASSWORD);
  });

  it("refuses a second account for the same email in another case", async () => {
    await registerUser(database.db, ZRegistration.parse({ email: "twice@example.com", password: PASSWORD }));
    await expect(
      registerUser(database.db, ZRegistration.parse({ email: "TWICE@example.com", password: PASSWORD })),
    ).rejects.toThrow(new RegistrationError("An account with this email already exists"));
  });
});

describe("sign-in", () => {
  it("accepts the right password, whatever the email's case", async () => {
    await registerUser(database.db, ZRegistration.parse({ email: "ok@example.com", password: PASSWORD }));
    const result = await verifyCredentials(database.db, "OK@example.com", PASSWORD, STRANGER);
    expect(result).toMatchObject({ ok: true, user: { email: "ok@example.com" } });
  });

  it("answers a wrong password and an unknown email with the same message", async () => {
    await registerUser(database.db, ZRegistration.parse({ email: "wrong@example.com", password: PASSWORD }));
    expect(await verifyCredentials(database.db, "wrong@example.com", "not the password", STRANGER)).toEqual({
      ok: false,
      message: "Wrong email or password",
    });
    expect(await verifyCredentials(database.db, "nobody@example.com", "not the password", STRANGER)).toEqual({
      ok: false,
      message: "Wrong email or password",
    });
  });

  it("slows down an account after repeated failures, then locks it, with a message saying so", async () => {
    const email = "locked@example.com";
    await registerUser(database.db, ZRegistration.parse({ email, password: PASSWORD }));
    for (let i = 0; i < FREE_ATTEMPTS; i++) await verifyCredentials(database.db, email, "bad password!", STRANGER);
    const slowed = await verifyCredentials(database.db, email, PASSWORD, STRANGER);
    expect(slowed).toEqual({
      ok: false,
      message: expect.stringMatching(/^Too many failed sign-ins\. Wait \d+ second\(s\) before trying again\.$/),
    });

    // Skip the waits by moving the last failure into the past, as time would.
    for (let failures = FREE_ATTEMPTS; failures < LOCK_AFTER; failures++) {
      await database.db
        .update(signInThrottle)
        .set({ lastFailureAt: new Date(Date.now() - 3_600_000) })
        .where(eq(signInThrottle.email, email));
      await verifyCredentials(database.db, email, "bad password!", STRANGER);
    }
    const locked = await verifyCredentials(database.db, email, PASSWORD, STRANGER);
    expect(locked).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^This account is locked after 10 failed sign-ins\. Try again in 15 minute\(s\)\.$/,
      ),
    });
  });

  it("keeps the lockout in PostgreSQL, so another connection (another web process) enforces it", async () => {
    const email = "shared@example.com";
    await registerUser(database.db, ZRegistration.parse({ email, password: PASSWORD }));
    await database.db
      .insert(signInThrottle)
      .values({ email, failures: LOCK_AFTER, lockedUntil: new Date(Date.now() + 60_000) });
    const other = await import("~/db/client").then((m) => m.createDatabase(database.url, { max: 1 }));
    try {
      expect(await verifyCredentials(other.db, email, PASSWORD, STRANGER)).toMatchObject({
        ok: false,
        message: expect.stringContaining("locked"),
      });
    } finally {
      await other.close();
    }
  });

  it("unlocks after the lock expires and resets the count on success", async () => {
    const email = "expired@example.com";
    await registerUser(database.db, ZRegistration.parse({ email, password: PASSWORD }));
    await database.db
      .insert(signInThrottle)
      .values({ email, failures: LOCK_AFTER, lockedUntil: new Date(Date.now() - 1000) });
    expect(await verifyCredentials(database.db, email, PASSWORD, STRANGER)).toMatchObject({ ok: true });
    expect(await database.db.select().from(signInThrottle).where(eq(signInThrottle.email, email))).toEqual([]);
  });
});

describe("sign-in throttle under concurrency and from several addresses", () => {
  it("40 concurrent wrong guesses for one account get exactly FREE_ATTEMPTS password checks", async () => {
    const email = "concurrent@example.com";
    await registerUser(database.db, ZRegistration.parse({ email, password: PASSWORD }));
    const results = await Promise.all(
      Array.from({ length: 40 }, () => verifyCredentials(database.db, email, "bad password!", STRANGER)),
    );
    // A checked password answers "Wrong email or password…"; a throttled attempt is refused before the check.
    const checked = results.filter((r) => !r.ok && r.message.startsWith("Wrong email or password"));
    expect(checked).toHaveLength(FREE_ATTEMPTS);
    expect(results.filter((r) => !r.ok && r.message.startsWith("Too many failed sign-ins. Wait"))).toHaveLength(
      40 - FREE_ATTEMPTS,
    );
    const [row] = await database.db.select().from(signInThrottle).where(eq(signInThrottle.email, email));
    expect(row!.failures).toBe(FREE_ATTEMPTS);
  });

  it("strangers' failures lock the account for strangers, but not for its owner at an address they signed in from", async () => {
    const email = "owner@example.com";
    const owner = { address: "203.0.113.10", signInLimit: TEST_RATE_LIMITS.signIn };
    await registerUser(database.db, ZRegistration.parse({ email, password: PASSWORD }));
    expect(await verifyCredentials(database.db, email, PASSWORD, owner)).toMatchObject({ ok: true });

    for (let failures = 0; failures < LOCK_AFTER; failures++) {
      await database.db
        .update(signInThrottle)
        .set({ lastFailureAt: new Date(Date.now() - 3_600_000) })
        .where(and(eq(signInThrottle.email, email), eq(signInThrottle.address, UNKNOWN_ADDRESSES)));
      await verifyCredentials(database.db, email, "bad password!", {
        ...STRANGER,
        address: `198.51.100.${failures + 20}`,
      });
    }
    expect(await verifyCredentials(database.db, email, PASSWORD, STRANGER)).toMatchObject({
      ok: false,
      message: expect.stringContaining("locked"),
    });
    expect(await verifyCredentials(database.db, email, PASSWORD, owner)).toMatchObject({ ok: true });
    // The owner's success does not lift the strangers' lock.
    expect(await verifyCredentials(database.db, email, PASSWORD, STRANGER)).toMatchObject({
      ok: false,
      message: expect.stringContaining("locked"),
    });
  });

  it("guesses from the owner's known address are throttled too, on a count of their own", async () => {
    const email = "known@example.com";
    const owner = { address: "203.0.113.11", signInLimit: TEST_RATE_LIMITS.signIn };
    await registerUser(database.db, ZRegistration.parse({ email, password: PASSWORD }));
    await verifyCredentials(database.db, email, PASSWORD, owner);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => verifyCredentials(database.db, email, "bad password!", owner)),
    );
    expect(results.filter((r) => !r.ok && r.message.startsWith("Wrong email or password"))).toHaveLength(FREE_ATTEMPTS);
    const rows = await database.db.select().from(signInThrottle).where(eq(signInThrottle.email, email));
    expect(rows).toEqual([expect.objectContaining({ address: owner.address, failures: FREE_ATTEMPTS })]);
    expect(
      await database.db.select().from(knownSignInAddresses).where(eq(knownSignInAddresses.address, owner.address)),
    ).toHaveLength(1);
  });

  it("limits one address's sign-in attempts across accounts, with the wait in the message; another address is unaffected", async () => {
    const limit = { count: 5, periodSeconds: 600 };
    const spraying = { address: "198.51.100.99", signInLimit: limit };
    for (let i = 0; i < limit.count; i++) {
      expect(await verifyCredentials(database.db, `spray-${i}@example.com`, "bad password!", spraying)).toEqual({
        ok: false,
        message: "Wrong email or password",
      });
    }
    expect(await verifyCredentials(database.db, "spray-next@example.com", "bad password!", spraying)).toEqual({
      ok: false,
      // One attempt's share of the window (600 s / 5) minus the moments the attempts above took.
      message: expect.stringMatching(
        /^Too many sign-in attempts: try again in (1[01]\d|120) second\(s\)\.$|^Too many sign-in attempts: try again in 2 minutes\.$/,
      ),
    });
    const elsewhere = { address: "198.51.100.100", signInLimit: limit };
    expect(await verifyCredentials(database.db, "spray-next@example.com", "bad password!", elsewhere)).toEqual({
      ok: false,
      message: "Wrong email or password",
    });
  });
});
