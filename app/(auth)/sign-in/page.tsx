"use client";

import Link from "next/link";
import { useActionState } from "react";
import { Alert, Button, Field } from "~/app/_components/ui";
import { signInAction } from "../actions";

export default function SignInPage() {
  const [state, action, pending] = useActionState(signInAction, { error: null, email: "" });
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <form action={action} className="space-y-4">
        {state.error && <Alert>{state.error}</Alert>}
        <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={state.email} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <Button type="submit" disabled={pending} className="w-full">
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      <p className="text-center text-sm text-slate-600">
        New here?{" "}
        <Link href="/sign-up" className="font-medium text-indigo-700 hover:underline">
          Create an account
        </Link>
      </p>
    </>
  );
}
