"use client";

import { toBase64 } from "~/app/_components/base64";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { AssessmentView } from "~/app/_components/assessment-view";
import { useTRPC } from "~/app/_components/trpc";
import { useDebounced } from "~/app/_components/use-debounced";
import { Alert, Button, Card, Field, Spinner, TextArea } from "~/app/_components/ui";
import type { RouterInputs } from "../[id]/_components/types";

const MAX_UPLOAD_MB = 10;

type SourceInput = RouterInputs["migrations"]["create"]["source"];
type SourceKind = SourceInput["kind"];
type EncodedFile = Extract<SourceInput, { kind: "upload" }>["file"];

const PASTE_EXAMPLE = `CREATE TABLE dbo.Customers (
    CustomerID int IDENTITY(1,1) PRIMARY KEY,
    Name nvarchar(100) NOT NULL,
    Country nvarchar(50) NULL
);
GO
CREATE VIEW dbo.CustomersByCountry AS
SELECT Country, COUNT(*) AS Customers FROM dbo.Customers GROUP BY Country;
GO`;

function signatureOf(source: SourceInput, expected: EncodedFile | undefined, name: string | undefined) {
  const body =
    source.kind === "upload"
      ? `${source.file.filename}:${source.file.contentBase64.length}:${source.file.contentBase64.slice(-64)}`
      : source.kind === "paste"
        ? source.sql
        : "";
  return `${source.kind}|${body}|${expected ? `${expected.filename}:${expected.contentBase64.length}:${expected.contentBase64.slice(-64)}` : ""}|${name ?? ""}`;
}

export default function NewMigrationPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const [sourceKind, setSourceKind] = useState<SourceKind>("sample");
  const [file, setFile] = useState<EncodedFile | null>(null);
  const [pasted, setPasted] = useState("");
  const [expected, setExpected] = useState<EncodedFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [expectedError, setExpectedError] = useState<string | null>(null);
  const [useLlm, setUseLlm] = useState(true);
  // The name follows the source (the sample's name, the uploaded file's) until the user types one of their own.
  const [typedName, setTypedName] = useState<string | null>(null);
  const suggestedName =
    sourceKind === "sample"
      ? "Sample e-commerce database"
      : sourceKind === "upload" && file
        ? file.filename.replace(/\.[^.]+$/, "")
        : "";
  const name = typedName ?? suggestedName;

  const create = useMutation(
    trpc.migrations.create.mutationOptions({ onSuccess: (m) => router.push(`/migrations/${m.id}`) }),
  );
  const preview = useMutation(trpc.migrations.preview.mutationOptions());
  const issues = Object.fromEntries((create.error?.data?.issues ?? []).map((i) => [i.path, i.message]));

  const source = useMemo<SourceInput | null>(
    () =>
      sourceKind === "sample"
        ? { kind: "sample" }
        : sourceKind === "upload"
          ? file
            ? { kind: "upload", file }
            : null
          : pasted.trim()
            ? { kind: "paste", sql: pasted }
            : null,
    [sourceKind, file, pasted],
  );
  const expectedInput = sourceKind === "sample" ? undefined : (expected ?? undefined);
  // The name names the database (so the dbt project, its source and models) when the script names none, so the
  // preview follows it: a suggested name (the file's) at once, a typed one once typing pauses. The sample names its
  // own database (sourceDatabaseName).
  const typedPaused = useDebounced(typedName, 500);
  const previewName =
    sourceKind === "sample"
      ? undefined
      : (typedName === null ? suggestedName : (typedPaused ?? suggestedName)).trim() || undefined;
  const signature = source ? signatureOf(source, expectedInput, previewName) : null;
  // The preview on screen is the one computed for the source as it is now; a changed source makes it stale.
  const previewedFor = preview.variables
    ? signatureOf(preview.variables.source, preview.variables.expected, preview.variables.name)
    : null;
  const runPreview = preview.mutate;

  // Preview the sample and files as soon as they are chosen; pasted text after a pause in typing.
  useEffect(() => {
    if (!source || !signature || signature === previewedFor) return;
    const run = () =>
      runPreview({
        source,
        ...(expectedInput ? { expected: expectedInput } : {}),
        ...(previewName ? { name: previewName } : {}),
      });
    if (source.kind !== "paste") return run();
    const timer = setTimeout(run, 800);
    return () => clearTimeout(timer);
  }, [signature, previewedFor, source, expectedInput, previewName, runPreview]);

  const current = previewedFor !== null && previewedFor === signature ? preview : null;
  const unusable = current?.data && !current.data.ok;

  async function pickFile(
    input: HTMLInputElement,
    set: (f: EncodedFile | null) => void,
    setError: (e: string | null) => void,
    allowed: RegExp,
    what: string,
  ) {
    setError(null);
    set(null);
    const chosen = input.files?.[0];
    if (!chosen) return;
    if (!allowed.test(chosen.name)) return setError(`${chosen.name} is not ${what}`);
    if (chosen.size === 0) return setError(`${chosen.name} is empty`);
    if (chosen.size > MAX_UPLOAD_MB * 1024 * 1024) return setError(`${chosen.name} is larger than ${MAX_UPLOAD_MB} MB`);
    set({ filename: chosen.name, contentBase64: await toBase64(chosen) });
  }

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!source) {
      if (sourceKind === "upload")
        setFileError("Choose a .sql script, a .zip of .sql files or a .json catalog to upload");
      return;
    }
    create.mutate({
      name,
      source,
      ...(expectedInput ? { expected: expectedInput } : {}),
      options: useLlm ? {} : { useLlm: false },
    });
  }

  const fileIssue = fileError ?? issues["source.file.filename"] ?? issues["source.file.contentBase64"];
  const previewExpectedError = current?.data?.ok ? current.data.expectedError : null;
  const expectedIssue =
    expectedError ??
    previewExpectedError ??
    issues["expected.filename"] ??
    issues["expected.contentBase64"] ??
    issues.expected;

  return (
    <section className="space-y-6" aria-labelledby="new-title">
      <div>
        <h1 id="new-title" className="text-2xl font-semibold">
          New migration
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          Choose what to migrate, check the Assessment preview, then start. Target: PostgreSQL (dbt-postgres).
        </p>
      </div>
      {/* On a phone the preview comes between the choices and the Start button, so it is read before starting. */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,26rem)_minmax(0,1fr)] lg:grid-rows-[auto_1fr]">
        <form
          id="new-migration"
          onSubmit={submit}
          className="h-fit space-y-5 rounded-lg bg-white p-5 ring-1 ring-slate-200 lg:col-start-1 lg:row-start-1"
          noValidate
        >
          {create.error && !create.error.data?.issues && <Alert>{create.error.message}</Alert>}
          <Field
            label="Name"
            name="name"
            required
            maxLength={200}
            value={name}
            onChange={(e) => setTypedName(e.target.value)}
            error={issues.name}
          />
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium text-slate-700">Source</legend>
            {(
              [
                [
                  "sample",
                  "Built-in sample database",
                  "An online shop: 10 tables with data, 8 views, 6 procedures, with expected results.",
                ],
                [
                  "upload",
                  "Upload a file",
                  "A SQL Server script (.sql), a .zip of .sql files (an SSDT project) or a catalog .json, up to 10 MB.",
                ],
                ["paste", "Paste T-SQL", "CREATE TABLE, VIEW, PROCEDURE, FUNCTION statements, separated by GO."],
              ] as const
            ).map(([kind, label, hint]) => (
              <label
                key={kind}
                className={`flex cursor-pointer gap-3 rounded-md p-3 ring-1 ${sourceKind === kind ? "bg-indigo-50 ring-indigo-300" : "ring-slate-200 hover:bg-slate-50"}`}
              >
                <input
                  type="radio"
                  name="sourceKind"
                  value={kind}
                  checked={sourceKind === kind}
                  onChange={() => setSourceKind(kind)}
                  className="mt-1"
                />
                <span>
                  <span className="block text-sm font-medium text-slate-900">{label}</span>
                  <span className="block text-xs text-slate-600">{hint}</span>
                </span>
              </label>
            ))}
          </fieldset>

          {sourceKind === "upload" && (
            <div className="space-y-1">
              <label htmlFor="file" className="block text-sm font-medium text-slate-700">
                Source file (.sql, .zip or .json)
              </label>
              <input
                id="file"
                name="file"
                type="file"
                accept=".sql,.zip,.json"
                className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200"
                aria-describedby={fileIssue ? "file-error" : undefined}
                aria-invalid={fileIssue ? true : undefined}
                onChange={(e) =>
                  void pickFile(
                    e.currentTarget,
                    setFile,
                    setFileError,
                    /\.(sql|zip|json)$/i,
                    "a .sql, .zip or .json file",
                  )
                }
              />
              {fileIssue && (
                <p id="file-error" role="alert" className="text-sm text-red-700">
                  {fileIssue}
                </p>
              )}
            </div>
          )}

          {sourceKind === "paste" && (
            <TextArea
              label="T-SQL"
              name="sql"
              rows={12}
              spellCheck={false}
              wrap="off"
              value={pasted}
              onChange={(e) => setPasted(e.target.value)}
              placeholder={PASTE_EXAMPLE}
              className="font-mono text-xs"
              hint="Checked as you type: the preview shows what was found and any statement that could not be read, with its line."
              error={issues["source.sql"]}
            />
          )}

          {sourceKind === "sample" ? (
            <p className="rounded-md bg-slate-50 p-3 text-xs text-slate-600">
              The sample brings its own expected results: every view and procedure is validated against them.
            </p>
          ) : (
            <div className="space-y-1">
              <label htmlFor="expected" className="block text-sm font-medium text-slate-700">
                Expected results (optional .zip)
              </label>
              <input
                id="expected"
                name="expected"
                type="file"
                accept=".zip"
                className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200"
                aria-describedby={expectedIssue ? "expected-error" : "expected-hint"}
                aria-invalid={expectedIssue ? true : undefined}
                onChange={(e) => void pickFile(e.currentTarget, setExpected, setExpectedError, /\.zip$/i, "a .zip")}
              />
              {expectedIssue ? (
                <p id="expected-error" role="alert" className="text-sm text-red-700">
                  {expectedIssue}
                </p>
              ) : (
                <p id="expected-hint" className="text-xs text-slate-500">
                  manifest.json plus one CSV per view or procedure (with parameter values): the models&apos; output is
                  compared with them.
                </p>
              )}
            </div>
          )}

          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" checked={useLlm} onChange={(e) => setUseLlm(e.target.checked)} className="mt-1" />
            <span>
              Ask Claude where the rules cannot translate faithfully
              <span className="block text-xs text-slate-500">
                Only when the server has an Anthropic API key; every call and its cost is recorded.
              </span>
            </span>
          </label>
        </form>

        <div className="min-w-0 space-y-3 lg:col-start-2 lg:row-span-2 lg:row-start-1" aria-live="polite">
          <div className="flex items-center justify-between gap-3">
            <h2 className="text-lg font-semibold">Assessment preview</h2>
            {source && signature && (
              <Button
                type="button"
                variant="ghost"
                onClick={() => runPreview({ source, ...(expectedInput ? { expected: expectedInput } : {}) })}
                disabled={preview.isPending}
              >
                Check again
              </Button>
            )}
          </div>
          {!source && (
            <Card>
              <p className="p-4 text-sm text-slate-600">
                {sourceKind === "upload"
                  ? "Choose a file to see what it holds before starting."
                  : "Paste T-SQL to see what it holds before starting."}
              </p>
            </Card>
          )}
          {source && (!current || current.isPending) && (
            <Card>
              <div className="p-4">
                <Spinner label="Reading the source and assessing every object…" />
              </div>
            </Card>
          )}
          {current?.isError && <Alert title="The preview failed">{current.error.message}</Alert>}
          {current?.data && !current.data.ok && (
            <Alert title="This source cannot be migrated">
              <p data-testid="preview-error">
                {current.data.error.file && <code className="mr-1 font-semibold">{current.data.error.file}:</code>}
                {current.data.error.message}
              </p>
            </Alert>
          )}
          {current?.data?.ok && <AssessmentView summary={current.data.summary} expected={current.data.expected} />}
        </div>

        <div className="h-fit space-y-3 rounded-lg bg-white p-5 ring-1 ring-slate-200 lg:col-start-1 lg:row-start-2">
          {unusable && <p className="text-sm text-red-700">This source cannot be migrated: see the preview.</p>}
          {previewExpectedError && (
            <p className="text-sm text-red-700">The expected results cannot be used: see their field.</p>
          )}
          <Button
            type="submit"
            form="new-migration"
            disabled={create.isPending || !!unusable || !!previewExpectedError}
            className="w-full sm:w-auto"
          >
            {create.isPending ? "Starting…" : "Start migration"}
          </Button>
        </div>
      </div>
    </section>
  );
}
