import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "~/db/client";
import { users } from "~/db/schema";
import { decoyPasswordHash, hashPassword, verifyPassword, ZPassword } from "./password";
import { checkThrottle, clearFailures, delaySeconds, LOCK_AFTER, recordFailure } from "./throttle";

export const ZEmail = z
  .string({ error: "Email is required" })
  .trim()
  .min(1, "Email is required")
  .max(254, "Email must be at most 254 characters")
  .pipe(z.email("Enter a valid email address"))
  .transform((e) => e.toLowerCase());

export const ZRegistration = z.object({
  email: ZEmail,
  password: ZPassword,
  name: z.string().trim().max(100, "Name must be at most 100 characters").optional(),
}).strict();

export class RegistrationError extends Error {}
/** The email is registered already. Never shown to the person signing up (it would reveal who has an account). */
export class EmailTakenError extends RegistrationError {}

/**
 * What sign-up answers whether the email was new or not, so it cannot be used to learn who has an account.
 * Both paths hash the password (scrypt dominates the time) and write once, so they take the same time too.
 */
export const REGISTRATION_ANSWER = {
  ok: true,
  message: "If this email was not registered yet, your account is created: sign in with it and your password.",
} as const;

export async function registerUser(db: Database, input: z.output<typeof ZRegistration>) {
  if (input.password.toLowerCase().includes(input.email.split("@")[0]!)) {
    throw new RegistrationError("Password must not contain your email name");
  }
  const passwordHash = await hashPassword(input.password);
  const [user] = await db
    .insert(users)
    .values({ email: input.email, name: input.name || null, passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id, email: users.email, name: users.name });
  if (!user) throw new EmailTakenError("An account with this email already exists");
  return user;
}

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string | null } }
  | { ok: false; message: string };

/**
 * The whole credentials check behind next-auth's `authorize`: throttle first (a locked account is not even
 * password-checked), then a constant-time-ish verify (a decoy hash for unknown emails), then count the outcome.
 */
export async function verifyCredentials(db: Database, rawEmail: unknown, rawPassword: unknown): Promise<SignInResult> {
  const email = ZEmail.safeParse(rawEmail);
  if (!email.success || typeof rawPassword !== "string" || rawPassword.length === 0) {
    return { ok: false, message: "Enter your email and password" };
  }
  const verdict = await checkThrottle(db, email.data);
  if (!verdict.allowed) return { ok: false, message: verdict.message };

  const [user] = await db.select().from(users).where(eq(sql`lower(${users.email})`, email.data));
  const valid = await verifyPassword(rawPassword.slice(0, 1000), user?.passwordHash ?? (await decoyPasswordHash()));
  if (user && valid) {
    await clearFailures(db, email.data);
    return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
  }
  const { failures, locked } = await recordFailure(db, email.data);
  if (locked) {
    return { ok: false, message: `Too many failed sign-ins: this account is locked for a while (${LOCK_AFTER} failures).` };
  }
  const wait = delaySeconds(failures);
  return { ok: false, message: wait > 0 ? `Wrong email or password. Too many failed sign-ins: wait ${wait} second(s) before trying again.` : "Wrong email or password" };
}
