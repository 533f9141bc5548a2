"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Suspense, useActionState, useEffect, useState } from "react";
import { Alert, Button, Field } from "~/app/_components/ui";
import { REGISTERED_EMAIL_KEY } from "../registered";
import { signInAction } from "../actions";

export default function SignInPage() {
  return (
    <Suspense>
      <SignInForm />
    </Suspense>
  );
}

function SignInForm() {
  const params = useSearchParams();
  const registered = params.get("registered") === "1";
  const next = params.get("next") ?? "";
  const [state, action, pending] = useActionState(signInAction, { error: null, email: "" });
  // The address just registered, handed over in this tab's session storage (kept out of URLs and server logs).
  const [registeredEmail, setRegisteredEmail] = useState("");
  useEffect(() => {
    if (!registered) return;
    // Session storage exists only in the browser, after hydration: reading it here is what this effect is for.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setRegisteredEmail(sessionStorage.getItem(REGISTERED_EMAIL_KEY) ?? "");
    sessionStorage.removeItem(REGISTERED_EMAIL_KEY);
  }, [registered]);

  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      {registered && !state.error && <Alert tone="success">Your account was created: sign in to start.</Alert>}
      {next && !state.error && <p className="text-sm text-slate-600">Sign in to continue to the page you opened.</p>}
      <form action={action} className="space-y-4">
        {state.error && <Alert>{state.error}</Alert>}
        <input type="hidden" name="next" value={next} />
        <Field
          key={registeredEmail}
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={state.email || registeredEmail}
        />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus={!!registeredEmail}
        />
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
