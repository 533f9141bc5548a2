"use server";

import { AuthError } from "next-auth";
import { signIn, signOut } from "~/server/auth/config";
import { safeReturnPath } from "~/server/auth/return-to";

export type SignInState = { error: string | null; email: string };

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  try {
    const redirectTo = safeReturnPath(String(form.get("next") ?? ""));
    await signIn("credentials", { email, password: String(form.get("password") ?? ""), redirectTo });
    return { error: null, email };
  } catch (error) {
    // A successful signIn "throws" Next's redirect, which must propagate.
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      return { error: code && code !== "credentials" ? code : "Sign-in failed", email };
    }
    throw error;
  }
}

export async function signOutAction() {
  await signOut({ redirectTo: "/sign-in" });
}
