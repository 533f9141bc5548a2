/**
 * `npm run bench:engine`: the whole migration pipeline (ingest → assessment → planner → executor → tester →
 * rebuilder → evaluator → report, project files written) timed end to end on synthetic SQL Server schemas of
 * 250, 500, 1,000 and 2,000 objects (scripts/bench/synthetic.ts), then on real scripts: Northwind and the
 * tsql-docs corpus (each with its expected results, so the Evaluator's comparisons are timed too) and the
 * generated 2,000-object script. The sandboxes live on one embedded PostgreSQL started once.
 *
 * Each run is a child process of its own, so its peak RSS is its own (a process's peak never goes down).
 * Generating or reading the script is not timed. Targets: 1,000 objects in ≤ 30 s, and 2,000 in ≤ 2.2× the
 * 1,000 time. A real script whose fixture folder is absent is skipped, and says so.
 *
 *   npm run bench:engine [-- --sizes 250,1000|none] [--seed 1] [--no-scripts] [--database-url <superuser url>] [--json]
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { readExpected } from "~/agents/engine/steps";
import { runPipeline } from "~/agents/graph/pipeline";
import { findFreePort, startEmbeddedPostgres } from "~/db/embedded";
import { generateSyntheticScript, SYNTHETIC_SIZES, syntheticMix } from "./synthetic";
import { sharedCorpora } from "~/runtime/testing/corpora";

/** The real scripts (every shared corpus): a name, the script, its expected results. `synthetic:<n>` is generated. */
const SCRIPTS: { name: string; file: string; expected?: string }[] = [
  ...sharedCorpora().map((corpus) => ({ name: corpus.name, file: corpus.script, expected: corpus.dir })),
  { name: "synthetic-2000", file: "synthetic:2000" },
];

type Measurement = {
  /** Objects in the catalog the pipeline migrated. */
  objects: number;
  seconds: number;
  objectsPerSecond: number;
  peakRssMb: number;
  /** Milliseconds per step. */
  steps: Record<string, number>;
  /** Objects by status (all objects; the report's groups are left out). */
  summary: Record<string, number>;
  rows: number;
  /** Comparisons the Evaluator made, by outcome. */
  comparisons: Record<string, number>;
};

const TARGET_1000_S = 30;
const TARGET_RATIO = 2.2;

/** One run, in this process: prints its Measurement as JSON on the last stdout line. */
async function child(source: string, seed: number, adminUrl: string, expectedDir: string | undefined): Promise<void> {
  const synthetic = /^synthetic:(\d+)$/.exec(source);
  const file = synthetic ? `synthetic-${synthetic[1]}.sql` : path.basename(source);
  const bytes = synthetic
    ? new TextEncoder().encode(generateSyntheticScript({ objects: Number(synthetic[1]), seed }))
    : new Uint8Array(fs.readFileSync(source));
  const expected = expectedDir ? await readExpected(expectedDir) : undefined;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `bench-engine-${path.basename(file, ".sql")}-`));
  try {
    const started = performance.now();
    // The sandbox database is named after the run: the process id keeps two benches running at once (or a child
    // left behind by an interrupted one) from dropping each other's sandbox mid-run.
    const runId = `bench_${path
      .basename(file, ".sql")
      .replace(/[^a-z0-9]/gi, "")
      .toLowerCase()}_${process.pid}`;
    const result = await runPipeline(
      { kind: "script", file, bytes },
      { adminUrl, outDir: out, runId, ...(expected ? { expected } : {}) },
    );
    const seconds = (performance.now() - started) / 1000;
    const { programmable: _p, tables: _t, ...summary } = result.report.summary;
    const comparisons: Record<string, number> = {};
    for (const e of result.state.evaluations ?? [])
      comparisons[e.comparison.status] = (comparisons[e.comparison.status] ?? 0) + 1;
    const measurement: Measurement = {
      objects: summary.total,
      seconds,
      objectsPerSecond: summary.total / seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      steps: result.timings,
      summary,
      rows: result.state.catalog.tables.reduce((n, t) => n + (t.data?.rows.length ?? 0), 0),
      comparisons,
    };
    process.stdout.write(`${JSON.stringify(measurement)}\n`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

function runChild(source: string, seed: number, adminUrl: string, expectedDir?: string): Promise<Measurement> {
  const args = [
    "--child",
    source,
    "--seed",
    String(seed),
    "--database-url",
    adminUrl,
    ...(expectedDir ? ["--expected", expectedDir] : []),
  ];
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "engine.ts"), ...args], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    proc.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    proc.once("error", reject);
    proc.once("close", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{"))
        reject(new Error(`the run of ${source} exited with ${code}:\n${stdout}`));
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
      expected: { type: "string" },
      "no-scripts": { type: "boolean" },
    },
  });
  const seed = Number(values.seed);
  if (values.child) {
    await child(
      /^\d+$/.test(values.child) ? `synthetic:${values.child}` : values.child,
      seed,
      values["database-url"]!,
      values.expected,
    );
    return 0;
  }
  // `--sizes none`: only the real scripts.
  const sizes =
    values.sizes === "none" ? [] : values.sizes ? values.sizes.split(",").map(Number) : [...SYNTHETIC_SIZES];
  if (sizes.some((n) => !Number.isInteger(n) || n < 20))
    throw new Error("--sizes: whole numbers of at least 20, comma-separated");

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
  const scripts: { name: string; m: Measurement; expected: boolean }[] = [];
  try {
    console.log(
      `bench:engine — whole pipeline on synthetic schemas (seed ${seed}), one embedded PostgreSQL, ${os.cpus().length} CPUs, Node ${process.versions.node}`,
    );
    console.log("");
    console.log(" objects  tables/views/procs     rows   seconds  objects/s  peak RSS   statuses");
    for (const objects of sizes) {
      const m = await runChild(`synthetic:${objects}`, seed, adminUrl);
      results.push(m);
      const mix = syntheticMix(objects);
      console.log(
        `${String(objects).padStart(8)}  ${`${mix.tables}/${mix.views}/${mix.procedures}`.padEnd(18)} ${String(m.rows).padStart(8)}  ${m.seconds.toFixed(2).padStart(8)}  ${m.objectsPerSecond.toFixed(0).padStart(9)}  ${`${m.peakRssMb.toFixed(0)} MB`.padStart(8)}   ${statusesText(m.summary)}`,
      );
      console.log(
        `          steps (ms): ${Object.entries(m.steps)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}`,
      );
    }

    if (!values["no-scripts"]) {
      console.log("");
      console.log("real scripts (each in its own process; a synthetic size measured above is not run twice)");
      console.log("");
      console.log(" script            objects     rows   seconds  objects/s  peak RSS   statuses; comparisons");
      for (const script of SCRIPTS) {
        const synthetic = script.file.startsWith("synthetic:");
        if (!synthetic && !fs.existsSync(script.file)) {
          console.log(` ${script.name.padEnd(16)} skipped: ${script.file} is absent`);
          continue;
        }
        const expected =
          script.expected && fs.existsSync(path.join(script.expected, "manifest.json")) ? script.expected : undefined;
        const size = /^synthetic:(\d+)$/.exec(script.file);
        const m =
          (size && results.find((r) => r.objects === Number(size[1]))) ||
          (await runChild(script.file, seed, adminUrl, expected));
        scripts.push({ name: script.name, m, expected: expected !== undefined });
        const compared =
          Object.entries(m.comparisons)
            .map(([k, v]) => `${v} ${k}`)
            .join(", ") || "none";
        console.log(
          ` ${script.name.padEnd(16)} ${String(m.objects).padStart(8)} ${String(m.rows).padStart(8)}  ${m.seconds.toFixed(2).padStart(8)}  ${m.objectsPerSecond.toFixed(0).padStart(9)}  ${`${m.peakRssMb.toFixed(0)} MB`.padStart(8)}   ${statusesText(m.summary)}; ${compared}`,
        );
        console.log(
          `                   steps (ms): ${Object.entries(m.steps)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")}`,
        );
      }
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
    console.log(
      `${pass ? "PASS" : "FAIL"}: 1,000 objects in ${t1000.seconds.toFixed(1)} s (target ≤ ${TARGET_1000_S} s)`,
    );
  }
  if (t1000 && t2000) {
    const ratio = t2000.seconds / t1000.seconds;
    const pass = ratio <= TARGET_RATIO;
    ok &&= pass;
    console.log(
      `${pass ? "PASS" : "FAIL"}: 2,000 objects take ${ratio.toFixed(2)}× the 1,000 time (target ≤ ${TARGET_RATIO}×)`,
    );
  }
  if (values.json) console.log(JSON.stringify({ synthetic: results, scripts }));
  return ok ? 0 : 1;
}

function statusesText(summary: Record<string, number>): string {
  return Object.entries(summary)
    .filter(([k, v]) => k !== "total" && v > 0)
    .map(([k, v]) => `${v} ${k}`)
    .join(", ");
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).stack ?? String(error));
    process.exit(1);
  },
);
