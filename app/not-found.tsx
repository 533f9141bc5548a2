import Link from "next/link";

/** Every unknown address, including another user's migration id (which answers exactly like a missing one). */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-lg flex-col items-center justify-center gap-4 px-4 text-center">
      <Link href="/migrations" className="font-semibold text-indigo-700">
        DataMigrate AI
      </Link>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-600">There is nothing at this address, or it belongs to another account.</p>
      <Link
        href="/migrations"
        className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700"
      >
        Back to your migrations
      </Link>
    </main>
  );
}
