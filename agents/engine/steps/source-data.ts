import type { Catalog } from "~/agents/catalog/schema";
import type { ProjectOutputs } from "~/agents/dbt";
import { dumpSourceData } from "~/agents/sandbox/dump";
import { loadCatalog } from "~/agents/sandbox/load";
import { withStepSandbox } from "~/agents/sandbox/sandbox";
import type { StepHooks } from "./progress";

export type SourceDataInput = {
  catalog: Catalog;
  /** Superuser URL of the PostgreSQL server that hosts the sandbox. */
  adminUrl: string;
  /** The sandbox is `dm_sandbox_<sandboxId>`; a leftover of a killed run under the same id is dropped first. */
  sandboxId: string;
  statementTimeoutMs?: number;
};

/**
 * The source tables' rows for the project (source_schema/load_data.sql): the catalog loaded into a sandbox of its
 * own as the Tester loads it, then read back (agents/sandbox/dump.ts), so the user's tables get exactly the rows the
 * models were validated on. A failure is returned as its reason, for the project and the report to say: the
 * migration's results do not depend on this file. Stopping the step (its signal) drops the sandbox at once.
 */
export async function sourceDataStep(
  input: SourceDataInput,
  hooks: Pick<StepHooks, "signal" | "onWorking"> = {},
): Promise<NonNullable<ProjectOutputs["sourceData"]>> {
  const { catalog } = input;
  const { signal } = hooks;
  const holdsData = catalog.tables.some((t) => t.data?.rows.length || t.data?.unloaded?.length);
  if (!holdsData) return { script: "", tables: 0, rows: 0 };
  const options = {
    adminUrl: input.adminUrl,
    id: input.sandboxId,
    ...(input.statementTimeoutMs !== undefined ? { statementTimeoutMs: input.statementTimeoutMs } : {}),
  };
  try {
    return await withStepSandbox(options, signal, async (sandbox) => {
      hooks.onWorking?.(`reading the source tables' rows back from sandbox ${sandbox.database}`);
      await loadCatalog(sandbox.sql, catalog);
      return dumpSourceData(sandbox.sql, catalog);
    });
  } catch (error) {
    signal?.throwIfAborted();
    return { error: (error as Error).message };
  }
}
