"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, Button, Field } from "~/app/_components/ui";

const MAX_UPLOAD_MB = 10;

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export default function NewMigrationPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const [sourceKind, setSourceKind] = useState<"sample" | "upload">("sample");
  const [fileError, setFileError] = useState<string | null>(null);
  const create = useMutation(trpc.migrations.create.mutationOptions({ onSuccess: () => router.push("/migrations") }));
  const issues = Object.fromEntries((create.error?.data?.issues ?? []).map((i) => [i.path, i.message]));

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFileError(null);
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "");
    if (sourceKind === "sample") {
      create.mutate({ name, source: { kind: "sample" } });
      return;
    }
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return setFileError("Choose a .sql script or .json catalog to upload");
    if (file.size > MAX_UPLOAD_MB * 1024 * 1024) return setFileError(`${file.name} is larger than ${MAX_UPLOAD_MB} MB`);
    create.mutate({ name, source: { kind: "upload", file: { filename: file.name, contentBase64: await toBase64(file) } } });
  }

  return (
    <section className="max-w-xl space-y-6">
      <h1 className="text-2xl font-semibold">New migration</h1>
      <form onSubmit={submit} className="space-y-5 rounded-lg bg-white p-6 ring-1 ring-slate-200">
        {create.error && !create.error.data?.issues && <Alert>{create.error.message}</Alert>}
        <Field label="Name" name="name" required maxLength={200} defaultValue="Sample e-commerce database" error={issues.name} />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Source</legend>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="sourceKind" value="sample" checked={sourceKind === "sample"} onChange={() => setSourceKind("sample")} />
            Built-in sample database (e-commerce, tables with data, views and procedures)
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="radio" name="sourceKind" value="upload" checked={sourceKind === "upload"} onChange={() => setSourceKind("upload")} />
            Upload a SQL Server script (.sql) or catalog JSON (.json)
          </label>
        </fieldset>
        {sourceKind === "upload" && (
          <div className="space-y-1">
            <label htmlFor="file" className="block text-sm font-medium text-slate-700">
              File (up to {MAX_UPLOAD_MB} MB)
            </label>
            <input id="file" name="file" type="file" accept=".sql,.json" className="block text-sm" aria-describedby="file-error" />
            {(fileError ?? issues["source.file.filename"] ?? issues["source.file.contentBase64"]) && (
              <p id="file-error" role="alert" className="text-sm text-red-700">
                {fileError ?? issues["source.file.filename"] ?? issues["source.file.contentBase64"]}
              </p>
            )}
          </div>
        )}
        <p className="text-sm text-slate-600">Target: PostgreSQL (dbt-postgres)</p>
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Start migration"}
        </Button>
      </form>
    </section>
  );
}
