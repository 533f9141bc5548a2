import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { auth } from "~/server/auth/config";
import { signOutAction } from "../(auth)/actions";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await auth();
  if (!session?.user) redirect("/sign-in");
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/migrations" className="font-semibold text-indigo-700">
            DataMigrate AI
          </Link>
          <Link href="/migrations" className="text-sm text-slate-700 hover:text-slate-900">
            Migrations
          </Link>
          <Link href="/migrations/new" className="text-sm text-slate-700 hover:text-slate-900">
            New migration
          </Link>
          <Link href="/api-keys" className="text-sm text-slate-700 hover:text-slate-900">
            API keys
          </Link>
          <span className="ml-auto text-sm text-slate-500">{session.user.email}</span>
          <form action={signOutAction}>
            <button type="submit" className="text-sm font-medium text-slate-700 hover:text-slate-900">
              Sign out
            </button>
          </form>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </div>
  );
}
