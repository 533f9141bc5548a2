import { and, eq, gt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "~/db/client";
import { knownSignInAddresses, users } from "~/db/schema";
import { UNKNOWN_CLIENT_ADDRESS } from "~/server/rate-limit/client-address";
import type { RateLimit } from "~/server/rate-limit/policies";
import { takeRateLimit } from "~/server/rate-limit/rate-limit";
import { decoyPasswordHash, hashPassword, verifyPassword, ZPassword } from "./password";
import { claimAttempt, clearFailures, delaySeconds, LOCK_AFTER, UNKNOWN_ADDRESSES } from "./throttle";
import { AppError } from "~/server/errors";

export const ZEmail = z
  .string({ error: "Email is required" })
  .trim()
  .min(1, "Email is required")
  .max(254, "Email must be at most 254 characters")
  .pipe(z.email("Enter a valid email address"))
  .transform((e) => e.toLowerCase());

export const ZRegistration = z
  .object({
    email: ZEmail,
    password: ZPassword,
    name: z.string().trim().max(100, "Name must be at most 100 characters").optional(),
  })
  .strict();

export class RegistrationError extends AppError {
  constructor(message: string) {
    super("invalid_input", message);
  }
}
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
  { ok: true; user: { id: string; email: string; name: string | null } } | { ok: false; message: string };

/** Who is signing in, as far as the limits are concerned. */
export type SignInClient = { address: string; signInLimit: RateLimit };

/** An address the account signed in from this recently is its owner's (see throttle.ts). */
const KNOWN_ADDRESS_DAYS = 90;

/**
 * The whole credentials check behind next-auth's `authorize`, cheapest refusal first: the client address's
 * rate limit, then the account's throttle (which claims the password check atomically, so a locked or slowed
 * account is not even password-checked), then a constant-time-ish verify (a decoy hash for unknown emails).
 */
export async function verifyCredentials(
  db: Database,
  rawEmail: unknown,
  rawPassword: unknown,
  client: SignInClient,
): Promise<SignInResult> {
  const email = ZEmail.safeParse(rawEmail);
  if (!email.success || typeof rawPassword !== "string" || rawPassword.length === 0) {
    return { ok: false, message: "Enter your email and password" };
  }
  const addressLimit = await takeRateLimit(db, "signIn", client.address, client.signInLimit);
  if (!addressLimit.allowed) return { ok: false, message: addressLimit.message };

  const scope = (await isKnownAddress(db, email.data, client.address)) ? client.address : UNKNOWN_ADDRESSES;
  const claim = await claimAttempt(db, email.data, scope);
  if (!claim.allowed) return { ok: false, message: claim.message };

  const [user] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.data));
  const valid = await verifyPassword(rawPassword.slice(0, 1000), user?.passwordHash ?? (await decoyPasswordHash()));
  if (user && valid) {
    await clearFailures(db, email.data, scope);
    if (client.address !== UNKNOWN_CLIENT_ADDRESS) {
      await db
        .insert(knownSignInAddresses)
        .values({ userId: user.id, address: client.address })
        .onConflictDoUpdate({
          target: [knownSignInAddresses.userId, knownSignInAddresses.address],
          set: { lastSuccessAt: sql`now()` },
        });
    }
    return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
  }
  if (claim.lockedIfWrong) {
    return {
      ok: false,
      message: `Too many failed sign-ins: this account is locked for a while (${LOCK_AFTER} failures).`,
    };
  }
  const wait = delaySeconds(claim.failuresIfWrong);
  return {
    ok: false,
    message:
      wait > 0
        ? `Wrong email or password. Too many failed sign-ins: wait ${wait} second(s) before trying again.`
        : "Wrong email or password",
  };
}

async function isKnownAddress(db: Database, email: string, address: string): Promise<boolean> {
  if (address === UNKNOWN_CLIENT_ADDRESS) return false;
  const [row] = await db
    .select({ address: knownSignInAddresses.address })
    .from(knownSignInAddresses)
    .innerJoin(users, eq(users.id, knownSignInAddresses.userId))
    .where(
      and(
        eq(sql`lower(${users.email})`, email),
        eq(knownSignInAddresses.address, address),
        gt(knownSignInAddresses.lastSuccessAt, sql`now() - make_interval(days => ${KNOWN_ADDRESS_DAYS})`),
      ),
    );
  return row !== undefined;
}
