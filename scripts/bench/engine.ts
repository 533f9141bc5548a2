/**
 * `npm run bench:engine`: the whole migration pipeline (ingest → assessment → planner → executor → tester →
 * rebuilder → evaluator → report, project files written) timed end to end on synthetic SQL Server schemas of
 * 250, 500, 1,000 and 2,000 objects (scripts/bench/synthetic.ts), with the sandboxes on one embedded PostgreSQL
 * started once.
 *
 * Each size runs in a child process of its own, so its peak RSS is its own (a process's peak never goes down).
 * Generating the script is not timed. Targets: 1,000 objects in ≤ 30 s, and 2,000 in ≤ 2.2× the 1,000 time.
 *
 *   npm run bench:engine [-- --sizes 250,1000] [--seed 1] [--database-url <superuser url>] [--json]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { runPipeline } from "~/agents/engine/pipeline";
import { findFreePort, startEmbeddedPostgres } from "~/db/embedded";
import { generateSyntheticScript, SYNTHETIC_SIZES, syntheticMix } from "./synthetic";

type Measurement = {
  objects: number;
  seconds: number;
  objectsPerSecond: number;
  peakRssMb: number;
  /** Milliseconds per step. */
  steps: Record<string, number>;
  summary: Record<string, number>;
  rows: number;
};

const TARGET_1000_S = 30;
const TARGET_RATIO = 2.2;

/** One size, in this process: prints its Measurement as JSON on the last stdout line. */
async function child(objects: number, seed: number, adminUrl: string): Promise<void> {
  const script = generateSyntheticScript({ objects, seed });
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `bench-engine-${objects}-`));
  try {
    const started = performance.now();
    const result = await runPipeline({ kind: "script", file: `synthetic-${objects}.sql`, bytes: new TextEncoder().encode(script) }, { adminUrl, outDir: out, runId: `bench_${objects}` });
    const seconds = (performance.now() - started) / 1000;
    const measurement: Measurement = {
      objects,
      seconds,
      objectsPerSecond: objects / seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      steps: result.timings,
      summary: result.report.summary as Record<string, number>,
      rows: result.state.catalog.tables.reduce((n, t) => n + (t.data?.rows.length ?? 0), 0),
    };
    process.stdout.write(`${JSON.stringify(measurement)}\n`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function runChild(objects: number, seed: number, adminUrl: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "engine.ts"), "--child", String(objects), "--seed", String(seed), "--database-url", adminUrl], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    proc.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    proc.once("error", reject);
    proc.once("close", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) reject(new Error(`the ${objects}-object run exited with ${code}:\n${stdout}`));
      else resolve(JSON.parse(last) as Measurement);
    });
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      child: { type: "string" },
      sizes: { type: "string" },
      seed: { type: "string", default: "1" },
      "database-url": { type: "string" },
      json: { type: "boolean" },
    },
  });
  const seed = Number(values.seed);
  if (values.child) {
    await child(Number(values.child), seed, values["database-url"]!);
    return 0;
  }
  const sizes = values.sizes ? values.sizes.split(",").map(Number) : [...SYNTHETIC_SIZES];
  if (sizes.some((n) => !Number.isInteger(n) || n < 20)) throw new Error("--sizes: whole numbers of at least 20, comma-separated");

  let adminUrl = values["database-url"];
  let stop = async () => {};
  if (!adminUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-engine-pg-"));
    fs.chmodSync(dir, 0o755); // the cluster runs as the `postgres` OS user
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "cluster"), port: await findFreePort() });
    adminUrl = server.adminUrl;
    stop = async () => {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }

  const results: Measurement[] = [];
  try {
    console.log(`bench:engine — whole pipeline on synthetic schemas (seed ${seed}), one embedded PostgreSQL, ${os.cpus().length} CPUs, Node ${process.versions.node}`);
    console.log("");
    console.log(" objects  tables/views/procs     rows   seconds  objects/s  peak RSS   statuses");
    for (const objects of sizes) {
      const m = await runChild(objects, seed, adminUrl);
      results.push(m);
      const mix = syntheticMix(objects);
      const statuses = Object.entries(m.summary).filter(([k, v]) => k !== "total" && v > 0).map(([k, v]) => `${v} ${k}`).join(", ");
      console.log(
        `${String(objects).padStart(8)}  ${`${mix.tables}/${mix.views}/${mix.procedures}`.padEnd(18)} ${String(m.rows).padStart(8)}  ${m.seconds.toFixed(2).padStart(8)}  ${m.objectsPerSecond.toFixed(0).padStart(9)}  ${`${m.peakRssMb.toFixed(0)} MB`.padStart(8)}   ${statuses}`,
      );
      console.log(`          steps (ms): ${Object.entries(m.steps).map(([k, v]) => `${k} ${v}`).join(", ")}`);
    }
  } finally {
    await stop();
  }

  let ok = true;
  const at = (n: number) => results.find((r) => r.objects === n);
  const t1000 = at(1000);
  const t2000 = at(2000);
  console.log("");
  if (t1000) {
    const pass = t1000.seconds <= TARGET_1000_S;
    ok &&= pass;
    console.log(`${pass ? "PASS" : "FAIL"}: 1,000 objects in ${t1000.seconds.toFixed(1)} s (target ≤ ${TARGET_1000_S} s)`);
  }
  if (t1000 && t2000) {
    const ratio = t2000.seconds / t1000.seconds;
    const pass = ratio <= TARGET_RATIO;
    ok &&= pass;
    console.log(`${pass ? "PASS" : "FAIL"}: 2,000 objects take ${ratio.toFixed(2)}× the 1,000 time (target ≤ ${TARGET_RATIO}×)`);
  }
  if (values.json) console.log(JSON.stringify(results));
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).stack ?? String(error));
    process.exit(1);
  },
);
