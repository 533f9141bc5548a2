import type { Database } from "~/db/client";
import { summarizeAssessment } from "../preview";
import { loadArtifacts, owned } from "./artifacts";

/** The Assessment report of a migration, as its preview summarizes one. */

export async function getAssessment(db: Database, userId: string, id: string) {
  if (!(await owned(db, userId, id))) return null;
  const a = await loadArtifacts(db, id, ["assessment", "catalog", "plan"]);
  if (!a.assessment || !a.catalog) return { ready: false as const };
  return { ready: true as const, summary: summarizeAssessment(a.assessment, a.catalog, a.plan ?? null) };
}
