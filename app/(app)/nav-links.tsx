"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";

const LINKS = [
  {
    href: "/migrations",
    label: "Migrations",
    match: (p: string) => p === "/migrations" || (p.startsWith("/migrations/") && p !== "/migrations/new"),
  },
  { href: "/migrations/new", label: "New migration", match: (p: string) => p === "/migrations/new" },
  { href: "/api-keys", label: "API keys", match: (p: string) => p.startsWith("/api-keys") },
  { href: "/scripts", label: "Scripts & CLI", match: (p: string) => p.startsWith("/scripts") },
  { href: "/account", label: "Account", match: (p: string) => p.startsWith("/account") },
];

/**
 * The main links: in a row from the `sm` width up; on a phone folded behind a Menu button (a row of five links
 * would wrap over three lines above every page), closed again by navigating.
 */
export function NavLinks() {
  const pathname = usePathname();
  // Open on the page where it was opened: following a link closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="main-links"
        onClick={() => setOpenOn(open ? null : pathname)}
        className="rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-200 hover:bg-slate-100 sm:hidden"
      >
        Menu <span aria-hidden>{open ? "▴" : "▾"}</span>
      </button>
      <ul
        id="main-links"
        className={`${open ? "flex" : "hidden"} order-last w-full flex-col gap-1 sm:order-none sm:flex sm:w-auto sm:flex-row sm:flex-wrap sm:items-center`}
      >
        {LINKS.map((link) => {
          const active = link.match(pathname);
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={`block rounded-md px-2.5 py-1.5 text-sm ${active ? "bg-indigo-50 font-medium text-indigo-800" : "text-slate-700 hover:bg-slate-100 hover:text-slate-900"}`}
              >
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </>
  );
}
