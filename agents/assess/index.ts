import { objectKey, type Catalog, type ObjectKind } from "~/agents/catalog/schema";
import type { AssessedObject, Assessment, Handling } from "~/agents/core/contracts";
import { LexError, significant, tokenize, type Token } from "~/agents/tsql/lexer";
import type { TranslatableObject } from "~/agents/translate";
import { ParseError, parseBatch } from "~/agents/tsql/parser";
import { constructRule, findConstructs, type ConstructContext } from "./constructs";
import { estimateLlmCost } from "./cost";
import { PatternCheck } from "./patterns";
import { topologicalOrder } from "~/agents/plan/order";
import { buildNameIndex, findReferences } from "./references";

export { constructRule } from "./constructs";
export { LLM_PRICING, estimateLlmCost } from "./cost";
export { topologicalOrder } from "~/agents/plan/order";
export { buildNameIndex, findReferences, resolveName } from "./references";

/**
 * The Assessment step: what the catalog holds, how its objects depend on each other, how hard each one is
 * and who should translate it (rules, the LLM, a person), in the order to migrate them.
 *
 * Token-level only (the lexer, no parser): robust on any T-SQL the lexer accepts, at the price of heuristics
 * documented in references.ts and constructs.ts. Pure and deterministic: same catalog, same assessment.
 */
export function assess(catalog: Catalog): Assessment {
  const index = buildNameIndex(catalog);
  const objects: AssessedObject[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const definitions = new Map<string, string>();

  const addObject = (object: AssessedObject, definition?: string) => {
    if (seen.has(object.key)) {
      warnings.push(
        `${object.kind} ${display(object)} appears more than once in the catalog: the first definition is used`,
      );
      return;
    }
    seen.add(object.key);
    objects.push(object);
    if (definition !== undefined) definitions.set(object.key, definition);
  };

  for (const table of catalog.tables) {
    const key = objectKey(table.schema, table.name);
    const dependsOn = unique(
      table.foreignKeys
        .map((fk) => objectKey(fk.references.schema, fk.references.table))
        .filter((k) => k !== key && index.kindOf.get(k) === "table"),
    );
    const constructs: string[] = [];
    if (table.columns.some((c) => c.computed)) constructs.push("computed column");
    if (table.checks.length) constructs.push("CHECK");
    addObject({
      key,
      kind: "table",
      schema: table.schema,
      name: table.name,
      dependsOn,
      constructs,
      complexity: constructs.includes("computed column") ? 2 : 1,
      handling: "rules",
      reasons: ["source table: a dbt source and a staging model"],
      ...(table.location ? { line: table.location.line } : {}),
    });
  }

  // Where an object's T-SQL is and what it says.
  const written = (o: { schema: string; name: string; definition: string; location?: { line: number } }) => ({
    schema: o.schema,
    name: o.name,
    definition: o.definition,
    line: o.location?.line,
  });
  const code: {
    kind: ObjectKind;
    schema: string;
    name: string;
    definition: string;
    line?: number;
    context: ConstructContext;
    extraDeps?: string[];
    object?: TranslatableObject;
  }[] = [
    ...catalog.views.map((v) => ({
      kind: "view" as const,
      ...written(v),
      context: { kind: "view" as const },
      object: v,
    })),
    ...catalog.procedures.map((p) => ({
      object: p,
      kind: "procedure" as const,
      ...written(p),
      context: {
        kind: "procedure" as const,
        hasParameters: p.parameters.length > 0,
        hasOutputParameters: p.parameters.some((x) => x.output),
      },
    })),
    ...catalog.functions.map((f) => ({
      object: f,
      kind: "function" as const,
      ...written(f),
      context: { kind: "function" as const, functionKind: f.kind, hasParameters: f.parameters.length > 0 },
    })),
    ...catalog.triggers.map((t) => ({
      kind: "trigger" as const,
      ...written(t),
      context: { kind: "trigger" as const },
      extraDeps: [objectKey(t.table.schema, t.table.name)],
    })),
  ];

  const patterns = new PatternCheck(catalog);
  for (const item of code) {
    const key = objectKey(item.schema, item.name);
    const label = `${item.kind} ${item.schema}.${item.name}`;
    let sig: Token[];
    try {
      sig = significant(tokenize(item.definition, item.line ?? 1));
    } catch (error) {
      const message = error instanceof LexError ? error.message : String(error);
      warnings.push(`${label} could not be read: ${message}`);
      addObject(
        {
          key,
          kind: item.kind,
          schema: item.schema,
          name: item.name,
          dependsOn: unique((item.extraDeps ?? []).filter((k) => index.kindOf.has(k))),
          constructs: [],
          complexity: 10,
          handling: "manual",
          reasons: [`the T-SQL could not be tokenized (${message})`],
          ...(item.line !== undefined ? { line: item.line } : {}),
        },
        item.definition,
      );
      continue;
    }

    const refs = findReferences(sig, index, { schema: item.schema, self: key, isTrigger: item.kind === "trigger" });
    const dependsOn = unique([
      ...(item.extraDeps ?? []).filter((k) => index.kindOf.has(k)),
      ...refs.reads,
      ...refs.executes,
    ]);
    for (const name of refs.unresolved) warnings.push(`${label} reads ${name}, which is not in the catalog`);
    for (const name of refs.unresolvedExec)
      warnings.push(`${label} runs procedure ${name}, which is not in the catalog`);

    const constructs = findConstructs(sig, item.context);
    // The Executor parses every body; a body it cannot parse is found here already, so the preview shows it (with
    // its line) before a migration starts rather than as "translated by rules". Triggers are not translated.
    const parseError = item.kind === "trigger" ? undefined : parseProblem(item.definition, item.line ?? 1);
    if (parseError) constructs.push("parse error");
    // Changing a permanent table is a side effect no dbt model has: someone must decide what the model returns.
    const sideEffects = [...refs.writes, ...refs.modifies].map(
      (k) => `writes ${k}: a dbt model cannot change other tables, it must return the resulting rows instead`,
    );
    const asked = new Map(
      constructs.flatMap((c) => {
        const patterns = constructRule(c)?.patterns;
        return patterns ? [[c, patterns] as const] : [];
      }),
    );
    const translatable = item.object && !parseError ? item.object : undefined;
    const refused = translatable
      ? patterns.refusals(translatable, asked)
      : new Map([...asked.keys()].map((c) => [c, [constructRule(c)!.why!]]));
    const writes =
      item.kind === "trigger" || (sideEffects.length && translatable && patterns.translatesWhole(translatable))
        ? []
        : sideEffects;
    const { handling, reasons } = decideHandling(item.kind, constructs, writes, refused);
    for (const k of refs.executes) reasons.push(`runs ${k} with EXEC: becomes a ref() to its model`);
    if (parseError) reasons.unshift(`does not parse at line ${parseError.line}: ${parseError.message}`);

    addObject(
      {
        key,
        kind: item.kind,
        schema: item.schema,
        name: item.name,
        dependsOn,
        constructs,
        complexity: complexity(constructs, sig.length, dependsOn.length),
        handling,
        reasons,
        ...(item.line !== undefined ? { line: item.line } : {}),
        ...(parseError ? { parseError } : {}),
      },
      item.definition,
    );
  }

  const byKey = new Map(objects.map((o) => [o.key, o]));
  const { order, cycles } = topologicalOrder(
    objects.map((o) => o.key),
    (k) => byKey.get(k)?.dependsOn ?? [],
    (a, b) => compareObjects(byKey.get(a)!, byKey.get(b)!),
  );
  for (const cycle of cycles) {
    warnings.push(`dependency cycle: ${cycle.join(" → ")} (ordered anyway, starting with ${cycle[0]})`);
  }

  const counts: Record<string, number> = {
    total: objects.length,
    table: 0,
    view: 0,
    procedure: 0,
    function: 0,
    trigger: 0,
    rules: 0,
    llm: 0,
    manual: 0,
  };
  let cost = 0;
  for (const o of objects) {
    counts[o.kind] = (counts[o.kind] ?? 0) + 1;
    counts[o.handling] = (counts[o.handling] ?? 0) + 1;
    if (o.handling === "llm") cost += estimateLlmCost(definitions.get(o.key) ?? "").usd;
  }

  return { objects, order, counts, estimatedLlmCostUsd: Math.round(cost * 10_000) / 10_000, warnings };
}

const HANDLING_RANK = { rules: 0, llm: 1, manual: 2 } as const;

/**
 * How a construct is handled across an assessment (the preview's summary): its checklist route, except that a
 * construct the rules translate in known forms is "rules" unless the translator refused some object's use of
 * it (that object's reasons then start with the construct's name, as decideHandling writes them).
 */
export function constructHandling(name: string, assessment: Assessment): { handling: Handling; why: string | null } {
  const rule = constructRule(name);
  if (!rule?.handling) return { handling: "rules", why: null };
  const refused =
    !rule.patterns ||
    assessment.objects.some((o) => o.constructs.includes(name) && o.reasons.some((r) => r.startsWith(`${name}: `)));
  return refused ? { handling: rule.handling, why: rule.why ?? null } : { handling: "rules", why: null };
}

/**
 * The least automated route any construct forces. A construct the rules translate in known forms (`patterns`)
 * forces its route only when the translator refused this use of it (`refused`: construct → its reasons).
 */
function decideHandling(
  kind: ObjectKind,
  constructs: readonly string[],
  sideEffects: readonly string[],
  refused: ReadonlyMap<string, string[]>,
): { handling: Handling; reasons: string[] } {
  const forces = (c: string) => !!constructRule(c)?.handling && (!constructRule(c)!.patterns || refused.has(c));
  let handling: Handling = sideEffects.length ? "llm" : "rules";
  for (const c of constructs) {
    const h = constructRule(c)?.handling;
    if (h && forces(c) && HANDLING_RANK[h] > HANDLING_RANK[handling]) handling = h;
  }
  const reasons: string[] = [];
  if (handling === "rules") {
    reasons.push(
      constructs.length
        ? `rule translations exist for every construct used (${constructs.join(", ")})`
        : `plain ${kind}: rule-based translation`,
    );
  } else {
    // Every construct that pushes the object off the rules, most severe first.
    const pushing = constructs
      .filter(forces)
      .sort((a, b) => HANDLING_RANK[constructRule(b)!.handling!] - HANDLING_RANK[constructRule(a)!.handling!]);
    for (const c of pushing) {
      const why = refused.get(c);
      if (why) for (const w of why) reasons.push(`${c}: ${w}`);
      else reasons.push(`${c}: ${constructRule(c)!.why}`);
    }
    reasons.push(...sideEffects);
  }
  return { handling, reasons };
}

/**
 * 1 … 10: 1 for the object itself, plus each construct's weight, plus size (significant tokens) and fan-in
 * (many dependencies mean many joins to get right). The scale is relative, for ranking and the dashboard.
 */
function complexity(constructs: readonly string[], tokenCount: number, dependencyCount: number): number {
  let score = 1;
  for (const c of constructs) score += constructRule(c)?.weight ?? 0.5;
  score += tokenCount < 150 ? 0 : tokenCount < 400 ? 1 : tokenCount < 1000 ? 2 : 3;
  if (dependencyCount > 4) score += 1;
  return Math.max(1, Math.min(10, Math.round(score)));
}

const KIND_RANK: Record<string, number> = { table: 0, function: 1, view: 2, procedure: 3, trigger: 4 };

function compareObjects(a: AssessedObject, b: AssessedObject): number {
  return KIND_RANK[a.kind]! - KIND_RANK[b.kind]! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

function display(o: { schema: string; name: string }): string {
  return `${o.schema}.${o.name}`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function parseProblem(definition: string, firstLine: number): { line: number; message: string } | undefined {
  try {
    parseBatch(definition, firstLine);
    return undefined;
  } catch (error) {
    if (error instanceof ParseError) return { line: error.line, message: error.detail };
    if (error instanceof LexError) return { line: error.line, message: error.message };
    throw error;
  }
}
