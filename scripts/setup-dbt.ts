/**
 * `npm run setup:dbt`: a project-local virtualenv (.venv-dbt) with the pinned dbt-core, dbt-postgres and
 * sqlfluff of requirements-dbt.txt, used by the conformance tests and by the Tester when present. Idempotent:
 * an environment already built from the same requirements is left as it is.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { DBT_VENV, REQUIREMENTS } from "~/agents/dbt/cli";

const stamp = path.join(DBT_VENV, ".requirements");
const wanted = fs.readFileSync(REQUIREMENTS, "utf8");
if (
  fs.existsSync(stamp) &&
  fs.readFileSync(stamp, "utf8") === wanted &&
  fs.existsSync(path.join(DBT_VENV, "bin", "dbt"))
) {
  console.log(`dbt environment up to date: ${DBT_VENV}`);
} else {
  const python = process.env.PYTHON ?? "python3";
  console.log(`creating ${DBT_VENV} with ${python}…`);
  fs.rmSync(DBT_VENV, { recursive: true, force: true });
  execFileSync(python, ["-m", "venv", DBT_VENV], { stdio: "inherit" });
  const pip = path.join(DBT_VENV, "bin", "pip");
  execFileSync(pip, ["install", "--quiet", "--disable-pip-version-check", "--no-input", "-r", REQUIREMENTS], {
    stdio: "inherit",
  });
  fs.writeFileSync(stamp, wanted);
  console.log(
    execFileSync(path.join(DBT_VENV, "bin", "dbt"), ["--version"], { encoding: "utf8" })
      .split("\n")
      .slice(0, 2)
      .join(" "),
  );
}
