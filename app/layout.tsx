import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "./_components/trpc";
import "./globals.css";

export const metadata: Metadata = {
  title: "DataMigrate AI",
  description: "Migrate SQL Server databases to dbt, proven to return the same data",
  icons: { icon: "/favicon.svg" },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts must carry this response's CSP nonce, which a page
  // prerendered at build time cannot (server/http/security-headers.ts).
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
