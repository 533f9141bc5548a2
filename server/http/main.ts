import { appDatabase } from "~/db/client";
import { env } from "~/runtime/env";
import { onParentExit } from "~/runtime/process";
import { rateLimitsFromEnv } from "~/server/rate-limit/policies";
import { startHttpServer } from "./server";

/** The web process: started by `npm start` (scripts/start.ts), or alone with DATABASE_URL and AUTH_SECRET set. */
if (!env.AUTH_SECRET) throw new Error("AUTH_SECRET is not set (run the app with `npm start`, which provides one)");

const { db, sql, close } = appDatabase();
const web = await startHttpServer({
  db,
  sql,
  authSecret: env.AUTH_SECRET,
  host: env.HOST,
  port: env.PORT,
  dev: process.argv.includes("--dev"),
  rateLimits: rateLimitsFromEnv(),
  trustProxy: env.TRUST_PROXY,
});
console.log(`[web] listening on ${web.url}`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  web.server.closeAllConnections();
  await web.close();
  await close({ timeout: 5 });
  process.exit(0);
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
onParentExit(stop);
