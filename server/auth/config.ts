import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { appDatabase } from "~/db/client";
import { CLIENT_ADDRESS_HEADER, UNKNOWN_CLIENT_ADDRESS } from "~/server/rate-limit/client-address";
import { rateLimitsFromEnv } from "~/server/rate-limit/policies";
import { verifyCredentials } from "./credentials";
import { endSession, liveSessionUser, SESSION_MAX_AGE_SECONDS, startSession } from "./sessions";

/** Carries our message (lockout, wrong password, too many attempts…) through next-auth to the sign-in form. */
class SignInRejected extends CredentialsSignin {
  constructor(message: string) {
    super(message);
    this.code = message;
  }
}

const signInLimit = rateLimitsFromEnv().signIn;

export const { handlers, auth, signIn, signOut } = NextAuth({
  // Credentials sign-in requires JWT sessions; each JWT names a server-side session (./sessions.ts), and
  // server/auth/session.ts decodes the same cookie outside Next.
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  trustHost: true,
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        // Set by our HTTP server on every request it hands to Next (server/http/server.ts), never by the client.
        const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? UNKNOWN_CLIENT_ADDRESS;
        const result = await verifyCredentials(appDatabase().db, credentials?.email, credentials?.password, {
          address,
          signInLimit,
        });
        if (!result.ok) throw new SignInRejected(result.message);
        return { id: result.user.id, email: result.user.email, name: result.user.name };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user?.id) {
        token.sub = user.id;
        token.sid = await startSession(appDatabase().db, user.id);
        return token;
      }
      // null ends the session: next-auth clears the cookie and auth() answers "not signed in".
      return (await liveSessionUser(appDatabase().db, token)) ? token : null;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
  events: {
    async signOut(message) {
      if ("token" in message) await endSession(appDatabase().db, message.token);
    },
  },
});
