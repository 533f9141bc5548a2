import type { Catalog } from "~/agents/catalog/schema";
import {
  createResolver,
  translateObject,
  type TranslatableObject,
  type TranslateContext,
  type TranslationResult,
} from "~/agents/translate";

/**
 * MERGE, WHILE and cursors (agents/translate/merge.ts, loops.ts), FORMAT, FOR JSON/XML, OPENJSON and the XML
 * methods are translated by the rules in known forms only. Whether an object's use is one of them is the
 * translator's knowledge, not a second list here: the object is translated, and the issues it raises on those
 * constructs are the answer — none means the rules handle it. Each object is translated on its own (no dependency
 * order), so a loop over `SELECT *` from a view whose columns are not known yet is refused: the assessment then
 * errs towards review, never towards "rules".
 */
export class PatternCheck {
  private context?: TranslateContext;
  private readonly translated = new WeakMap<TranslatableObject, TranslationResult["issues"] | Error>();

  constructor(private readonly catalog: Catalog) {}

  /**
   * The translator's refusals in this object of each construct (with the issue constructs that refuse it):
   * construct → "line N: message" reasons.
   */
  refusals(object: TranslatableObject, asked: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
    const out = new Map<string, string[]>();
    const constructs = [...asked.keys()];
    if (!constructs.length) return out;
    const issues = this.issuesOf(object);
    if (issues instanceof Error) {
      // The translator failing is not "rules": every construct asked about goes to review, with the reason.
      for (const c of constructs) out.set(c, [`the translator failed: ${issues.message}`]);
      return out;
    }
    for (const issue of issues) {
      for (const [construct, refusedAs] of asked) {
        if (!refusedAs.some((p) => issue.construct.startsWith(p))) continue;
        const reasons = out.get(construct) ?? [];
        reasons.push(`${issue.line !== undefined ? `line ${issue.line}: ` : ""}${issue.message}`);
        out.set(construct, reasons);
      }
    }
    return out;
  }

  /**
   * Whether the rules translate the whole object without an issue. A write to a permanent table is a side effect
   * no model has, unless the translator made a model of it (a procedure that upserts a table with MERGE becomes
   * dbt's incremental model of that table): only a clean translation says so.
   */
  translatesWhole(object: TranslatableObject): boolean {
    const issues = this.issuesOf(object);
    return !(issues instanceof Error) && issues.length === 0;
  }

  private issuesOf(object: TranslatableObject): TranslationResult["issues"] | Error {
    let issues = this.translated.get(object);
    if (!issues) {
      try {
        this.context ??= { catalog: this.catalog, resolver: createResolver(this.catalog) };
        issues = translateObject(object, this.context).issues;
      } catch (error) {
        issues = error instanceof Error ? error : new Error(String(error));
      }
      this.translated.set(object, issues);
    }
    return issues;
  }
}
