import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { appDatabase } from "~/db/client";
import { verifyCredentials } from "./credentials";

/** Carries our message (lockout, wrong password…) through next-auth to the sign-in form. */
class SignInRejected extends CredentialsSignin {
  constructor(message: string) {
    super(message);
    this.code = message;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  // Credentials sign-in requires JWT sessions; server/auth/session.ts decodes the same cookie outside Next.
  session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
  trustHost: true,
  pages: { signIn: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const result = await verifyCredentials(appDatabase().db, credentials?.email, credentials?.password);
        if (!result.ok) throw new SignInRejected(result.message);
        return { id: result.user.id, email: result.user.email, name: result.user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
