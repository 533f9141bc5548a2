"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, Button, Field } from "~/app/_components/ui";
import { PASSWORD_MIN_LENGTH } from "~/server/auth/password-rules";
import { REGISTERED_EMAIL_KEY } from "../registered";

type Issues = Record<string, string>;

export default function SignUpPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const [issues, setIssues] = useState<Issues>({});
  const register = useMutation(
    trpc.auth.register.mutationOptions({
      onSuccess: (_result, input) => {
        sessionStorage.setItem(REGISTERED_EMAIL_KEY, input.email);
        router.push("/sign-in?registered=1");
      },
      onError: (error) => {
        const fieldIssues = error.data?.issues ?? [];
        setIssues(Object.fromEntries(fieldIssues.map((i) => [i.path, i.message])));
      },
    }),
  );

  return (
    <>
      <h1 className="text-xl font-semibold">Create your account</h1>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          setIssues({});
          register.mutate({
            email: String(form.get("email")),
            password: String(form.get("password")),
            name: String(form.get("name") ?? "") || undefined,
          });
        }}
      >
        {register.error && !register.error.data?.issues && <Alert>{register.error.message}</Alert>}
        <Field label="Name (optional)" name="name" autoComplete="name" error={issues.name} />
        <Field label="Email" name="email" type="email" autoComplete="email" required error={issues.email} />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters`}
          error={issues.password}
        />
        <Button type="submit" disabled={register.isPending} className="w-full">
          {register.isPending ? "Creating account…" : "Create account"}
        </Button>
      </form>
      <p className="text-center text-sm text-slate-600">
        Already registered?{" "}
        <Link href="/sign-in" className="font-medium text-indigo-700 hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
