import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "./_components/trpc";
import "./globals.css";

export const metadata: Metadata = {
  title: "DataMigrate AI",
  description: "Migrate SQL Server databases to dbt, proven to return the same data",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
