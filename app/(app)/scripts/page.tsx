"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSyncExternalStore } from "react";
import { useTRPC } from "~/app/_components/trpc";
import { Alert, Card, Skeleton } from "~/app/_components/ui";

const subscribeNever = () => () => {};

function CodeBlock({ code, label }: { code: string; label: string }) {
  return (
    <pre
      tabIndex={0}
      role="region"
      aria-label={label}
      className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs leading-5 text-slate-100"
      data-testid="code-block"
    >
      <code>{code}</code>
    </pre>
  );
}

export default function ScriptsPage() {
  const trpc = useTRPC();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const origin = useSyncExternalStore(
    subscribeNever,
    () => window.location.origin,
    () => "http://localhost:3000",
  );
  const key = keys.data?.find((k) => !k.revokedAt && (!k.expiresAt || new Date(k.expiresAt) > new Date()));
  const keyText = key ? `${key.prefix}…` : "dmk_…";

  const shell = `export DATAMIGRATE_URL=${origin}
export DATAMIGRATE_API_KEY=${keyText}   # the whole key, shown once when you created it

npm run cli -- create --name "Northwind" --file instnwnd.sql --wait   # or --sample
npm run cli -- list --status running
npm run cli -- get <id> --json
npm run cli -- watch <id>
npm run cli -- cancel <id>`;

  const client = `import { createTRPCClient, httpLink } from "@trpc/client";
import type { AppRouter } from "~/server/trpc/root";

const client = createTRPCClient<AppRouter>({
  links: [httpLink({
    url: "${origin}/api/trpc",
    headers: { authorization: \`Bearer \${process.env.DATAMIGRATE_API_KEY}\` }, // ${keyText}
  })],
});

const migration = await client.migrations.create.mutate({
  name: "Northwind",
  source: { kind: "paste", sql: "CREATE TABLE dbo.T (id int PRIMARY KEY)" },
});
const { items } = await client.migrations.list.query({ status: "succeeded", limit: 20 });
const objects = await client.migrationDetails.objects.query({ id: migration.id });`;

  const http = `# live progress (server-sent events; reconnect with Last-Event-ID)
curl -N -H "Authorization: Bearer $DATAMIGRATE_API_KEY" ${origin}/api/migrations/<id>/events

# the results of a finished migration
curl -OJ -H "Authorization: Bearer $DATAMIGRATE_API_KEY" ${origin}/api/migrations/<id>/project.zip
curl -OJ -H "Authorization: Bearer $DATAMIGRATE_API_KEY" ${origin}/api/migrations/<id>/report.json`;

  return (
    <section className="max-w-4xl space-y-6" aria-labelledby="scripts-title">
      <div>
        <h1 id="scripts-title" className="text-2xl font-semibold">
          Use it from scripts
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          Everything the dashboard does is a typed tRPC API: the CLI and your scripts use it with an API key in the{" "}
          <code>Authorization</code> header.
        </p>
      </div>

      {keys.isPending && <Skeleton rows={1} label="Loading your keys…" />}
      {keys.isError && <Alert>{keys.error.message}</Alert>}
      {keys.isSuccess &&
        (key ? (
          <Alert tone="info">
            Examples use your key{" "}
            <code className="font-semibold" data-testid="key-prefix">
              {key.prefix}…
            </code>{" "}
            ({key.name}). The full key was shown once, when you created it; if you no longer have it,{" "}
            <Link href="/api-keys" className="font-medium underline">
              create another
            </Link>
            .
          </Alert>
        ) : (
          <Alert tone="warning">
            You have no active API key yet:{" "}
            <Link href="/api-keys" className="font-medium underline">
              create one
            </Link>{" "}
            and paste it where the examples say <code>dmk_…</code>.
          </Alert>
        ))}

      <Card title="Command line" id="cli">
        <div className="space-y-2 p-4 text-sm">
          <p className="text-slate-600">
            From a checkout of this project. <code>--wait</code> and <code>watch</code> follow the agents live and exit
            with the outcome, for CI to gate on: 0 succeeded, 3 completed with issues, 4 failed, 5 cancelled.
          </p>
          <CodeBlock code={shell} label="CLI commands" />
        </div>
      </Card>

      <Card title="Typed client (TypeScript)" id="client">
        <div className="space-y-2 p-4 text-sm">
          <p className="text-slate-600">
            The router&apos;s type gives every procedure&apos;s input and output: a wrong field is a compile error, not
            a 400 at run time.
          </p>
          <CodeBlock code={client} label="Typed client example" />
        </div>
      </Card>

      <Card title="Plain HTTP" id="http">
        <div className="space-y-2 p-4 text-sm">
          <CodeBlock code={http} label="HTTP examples" />
        </div>
      </Card>
    </section>
  );
}
