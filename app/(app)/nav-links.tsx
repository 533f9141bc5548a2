"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/migrations", label: "Migrations", match: (p: string) => p === "/migrations" || (p.startsWith("/migrations/") && p !== "/migrations/new") },
  { href: "/migrations/new", label: "New migration", match: (p: string) => p === "/migrations/new" },
  { href: "/api-keys", label: "API keys", match: (p: string) => p.startsWith("/api-keys") },
  { href: "/scripts", label: "Scripts & CLI", match: (p: string) => p.startsWith("/scripts") },
  { href: "/account", label: "Account", match: (p: string) => p.startsWith("/account") },
];

export function NavLinks() {
  const pathname = usePathname();
  return (
    <ul className="flex flex-wrap items-center gap-x-1 gap-y-1">
      {LINKS.map((link) => {
        const active = link.match(pathname);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={active ? "page" : undefined}
              className={`rounded-md px-2.5 py-1.5 text-sm ${active ? "bg-indigo-50 font-medium text-indigo-800" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"}`}
            >
              {link.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
