/**
 * The floor for `npm run bench:api`: the same two answers as the tRPC API (a page of migrations, one migration)
 * with the same API-key check, on bare node:http + postgres.js. Nothing can be faster on this stack.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import postgres from "postgres";

// One pipelined connection, as the web server's hot reads use (db/client.ts): the two differ only in what sits
// between HTTP and the query.
const sql = postgres(process.env.DATABASE_URL!, { max: 1, connection: { TimeZone: "UTC" } });

async function userIdFor(authorization: string | undefined): Promise<string | null> {
  const key = authorization?.startsWith("Bearer ") ? authorization.slice(7) : null;
  if (!key) return null;
  const hash = createHash("sha256").update(key).digest("hex");
  const [row] = await sql`select user_id from api_keys
    where key_hash = ${hash} and revoked_at is null and (expires_at is null or expires_at > now())`;
  return row?.user_id ?? null;
}

// The same row the API returns: the migration, its uploaded file's name and its Claude spend.
const columns = sql`m.id, m.name, m.source_kind as "sourceKind", m.target, m.status, m.progress, m.error,
  m.created_at as "createdAt", m.started_at as "startedAt", m.finished_at as "finishedAt", m.summary,
  f.filename as "sourceFilename",
  (select coalesce(sum(cost_usd), 0)::float8 from llm_calls where llm_calls.migration_id = m.id) as "llmCostUsd"`;

http
  .createServer(async (req, res) => {
    const userId = await userIdFor(req.headers.authorization);
    if (!userId) return void res.writeHead(401).end();
    const url = new URL(req.url!, "http://x");
    const body =
      url.pathname === "/list"
        ? await sql`select ${columns}
            from (select * from migrations where user_id = ${userId} order by created_at desc, id desc limit 21) m
            left join source_files f on f.id = m.source_file_id
            order by m.created_at desc, m.id desc`
        : (
            await sql`select ${columns} from migrations m left join source_files f on f.id = m.source_file_id
            where m.id = ${url.searchParams.get("id")!} and m.user_id = ${userId}`
          )[0];
    const json = JSON.stringify(body);
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(json) }).end(json);
  })
  .listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.("ready"));
