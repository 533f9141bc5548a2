/**
 * The layout of a model's SQL as a dbt team writes it (dbt-labs' "How we style our SQL", checked by the project's
 * `.sqlfluff`): lowercase keywords as emitted, one select target per line with trailing commas, 4-space indents,
 * one clause per line, joins under `from`, subqueries and CTE bodies indented inside their brackets, and what does
 * not fit in 80 columns broken at its brackets, commas, CASE branches and AND/OR.
 *
 *   layoutSql(sql) → the same SQL, only its whitespace changed (and a long literal continued on the next line)
 *
 * Only whitespace between tokens changes: the result is lexed again and must hold exactly the input's tokens,
 * else the input is returned as it is. A string literal still too long for its line is then split into adjacent
 * literals, which PostgreSQL reads as the one literal (checked the same way). Text the layout cannot read safely (comments, Jinja statements or comments,
 * several statements) is also returned unchanged.
 */

import { readsSameUnquoted } from "~/agents/dialect/postgres";

export const LINE_WIDTH = 80;
const UNIT = "    ";

type Tok = {
  text: string;
  kind: "word" | "ident" | "string" | "number" | "jinja" | "op" | "open" | "close" | "comma";
  space: boolean;
  /** Where the token starts in the text lexed. */
  at: number;
};
type Group = { kind: "group"; open: Tok; body: Node[]; close: Tok; space: boolean };
type Case = { kind: "case"; parts: Node[][]; end: Tok; space: boolean };
type Node = Tok | Group | Case;

class Unreadable extends Error {}

/** PostgreSQL tokens with a flag for whitespace before each; throws Unreadable on what the layout leaves alone. */
function lex(sql: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let space = false;
  const push = (kind: Tok["kind"], end: number) => {
    toks.push({ text: sql.slice(i, end), kind, space, at: i });
    i = end;
    space = false;
  };
  const quoted = (from: number, q: string, backslash: boolean): number => {
    let j = from + 1;
    for (;;) {
      if (j >= sql.length) throw new Unreadable("unterminated quote");
      const c = sql[j]!;
      if (backslash && c === "\\") j += 2;
      else if (c === q && sql[j + 1] === q) j += 2;
      else if (c === q) return j + 1;
      else j++;
    }
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const rest = sql.slice(i, i + 2);
    if (/\s/.test(c)) {
      space = true;
      i++;
    } else if (rest === "--" || rest === "/*" || rest === "{%" || rest === "{#" || c === ";") {
      throw new Unreadable(rest);
    } else if (rest === "{{") {
      // To the first `}}` outside the expression's own string literals (agents/escape writes text as '…' there).
      let j = i + 2;
      let quote: string | undefined;
      while (j < sql.length && (quote || sql.slice(j, j + 2) !== "}}")) {
        const q = sql[j]!;
        if (quote && q === "\\") j++;
        else if (quote && q === quote) quote = undefined;
        else if (!quote && (q === "'" || q === '"')) quote = q;
        j++;
      }
      if (j >= sql.length) throw new Unreadable("unterminated {{");
      push("jinja", j + 2);
    } else if (c === "'") {
      push("string", quoted(i, "'", false));
    } else if (/[EeBbXxNn]/.test(c) && sql[i + 1] === "'" && !/[\w$]/.test(sql[i - 1] ?? "")) {
      push("string", quoted(i + 1, "'", /[Ee]/.test(c)));
    } else if (rest === "U&" && sql[i + 2] === "'") {
      push("string", quoted(i + 2, "'", false));
    } else if (c === '"') {
      push("ident", quoted(i, '"', false));
    } else if (c === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i));
      if (!tag) throw new Unreadable("$");
      const end = sql.indexOf(tag[0], i + tag[0].length);
      if (end < 0) throw new Unreadable("unterminated dollar quote");
      push("string", end + tag[0].length);
    } else if (/\d/.test(c) || (c === "." && /\d/.test(sql[i + 1] ?? ""))) {
      push("number", i + /^(\d*\.?\d*(e[+-]?\d+)?)/i.exec(sql.slice(i))![0].length);
    } else if (/[\p{L}_]/u.test(c)) {
      push("word", i + /^[\p{L}\p{N}_$]+/u.exec(sql.slice(i))![0].length);
    } else if (c === "(") push("open", i + 1);
    else if (c === ")") push("close", i + 1);
    else if (c === ",") push("comma", i + 1);
    else if (c === "[" || c === "]" || c === ".") push("op", i + 1);
    else {
      const op = /^[+\-*/<>=~!@#%^&|`?:]+/.exec(sql.slice(i));
      if (!op) throw new Unreadable(c);
      push("op", i + op[0].length);
    }
  }
  return toks;
}

/** Brackets become groups and CASE … END a node of its branches (split before WHEN and ELSE). */
function tree(toks: Tok[]): Node[] {
  let i = 0;
  const seq = (closer?: "close" | "end"): Node[] => {
    const out: Node[] = [];
    while (i < toks.length) {
      const t = toks[i]!;
      if (t.kind === "close") {
        if (closer === "close") return out;
        throw new Unreadable("unbalanced )");
      }
      if (closer === "end" && isWord(t, "end")) return out;
      i++;
      if (t.kind === "open") {
        const body = seq("close");
        const close = toks[i++];
        if (!close) throw new Unreadable("unbalanced (");
        out.push({ kind: "group", open: t, body, close, space: t.space });
      } else if (isWord(t, "case")) {
        const body = seq("end");
        const end = toks[i++];
        if (!end) throw new Unreadable("case without end");
        const parts: Node[][] = [[t]];
        for (const n of body) {
          if (isWord(n, "when") || isWord(n, "else")) parts.push([n]);
          else parts[parts.length - 1]!.push(n);
        }
        out.push({ kind: "case", parts, end, space: t.space });
      } else out.push(t);
    }
    if (closer) throw new Unreadable(`missing ${closer}`);
    return out;
  };
  return seq();
}

const isWord = (n: Node | undefined, ...words: string[]): boolean =>
  !!n && n.kind === "word" && words.includes(n.text.toLowerCase());

/** The tokens under `nodes`, in order (into one array: copying at every level is quadratic on deep nests). */
function tokensOf(nodes: Node[], into: Tok[] = []): Tok[] {
  for (const n of nodes) {
    if (n.kind === "group") {
      into.push(n.open);
      tokensOf(n.body, into);
      into.push(n.close);
    } else if (n.kind === "case") {
      for (const part of n.parts) tokensOf(part, into);
      into.push(n.end);
    } else into.push(n);
  }
  return into;
}

/** The token as written in the output: a quoted identifier that needs no quotes loses them (`"__v"` → `__v`). */
function written(t: Tok): string {
  if (t.kind !== "ident") return t.text;
  const name = t.text.slice(1, -1);
  return readsSameUnquoted(name) ? name : t.text;
}

/** One line, the input's spacing kept (a space where it had whitespace), none just inside brackets, one after commas. */
function flat(nodes: Node[]): string {
  let out = "";
  let prev: Tok | undefined;
  const toks = tokensOf(nodes);
  work += toks.length;
  if (work > LAYOUT_WORK) throw new OverBudget();
  for (const t of toks) {
    if (prev && (t.space || prev.kind === "comma") && prev.kind !== "open" && t.kind !== "close") out += " ";
    out += written(t);
    prev = t;
  }
  return out;
}

const spaced = (n: Node) => (n.kind === "group" || n.kind === "case" ? n.space : n.space);

/** Splits at commas on this level. */
function splitCommas(nodes: Node[]): Node[][] {
  const parts: Node[][] = [[]];
  for (const n of nodes) {
    if (n.kind === "comma") parts.push([]);
    else parts[parts.length - 1]!.push(n);
  }
  return parts;
}

const isQuery = (nodes: Node[]) => isWord(nodes[0], "select", "with", "values");

// ---------------------------------------------------------------------------------------------------------
// expressions

/**
 * Whether the nodes hold a bracketed query selecting several targets, at any depth: dbt-labs' style puts those
 * one per line (sqlfluff's layout.select_targets, LT09), so the brackets around it are broken even when they fit.
 */
function holdsSelectList(nodes: Node[]): boolean {
  return nodes.some((n) => {
    if (n.kind === "case") return n.parts.some(holdsSelectList);
    if (n.kind !== "group") return false;
    let known = selectLists.get(n);
    if (known === undefined) {
      known =
        (isQuery(n.body) && targetLists(n.body).some((targets) => splitCommas(targets).length > 1)) ||
        holdsSelectList(n.body);
      selectLists.set(n, known);
    }
    return known;
  });
}
const selectLists = new WeakMap<Group, boolean>();

/** The targets of each SELECT clause of a query on this level (after DISTINCT [ON (…)]), up to the next clause. */
function targetLists(nodes: Node[]): Node[][] {
  const lists: Node[][] = [];
  nodes.forEach((n, start) => {
    if (!isWord(n, "select")) return;
    let i = start + 1;
    while (isWord(nodes[i], "distinct", "all")) i++;
    if (isWord(nodes[i], "on") && nodes[i + 1]?.kind === "group") i += 2;
    const end = nodes.findIndex((m, k) => k >= i && isWord(m, ...CLAUSES));
    lists.push(nodes.slice(i, end < 0 ? undefined : end));
  });
  return lists;
}

/** Whether the nodes can stay on one line from column `col`, with `tail` characters (a comma) after them. */
const fitsFlat = (nodes: Node[], col: number, tail = 0) =>
  col + flat(nodes).length + tail <= LINE_WIDTH && !holdsSelectList(nodes);

/** Binary operators a long expression may be broken before, lowest precedence first: AND/OR, `||`, then `+`/`-`. */
const CHAINS: ((n: Node, previous: Node | undefined) => boolean)[] = [
  (n) => isWord(n, "and", "or"),
  (n) => n.kind === "op" && n.text === "||",
  // A `+` or `-` after an operand, not a sign (after an operator or a keyword).
  (n, previous) =>
    n.kind === "op" &&
    (n.text === "+" || n.text === "-") &&
    !!previous &&
    (previous.kind === "group" ||
      previous.kind === "case" ||
      ["string", "number", "ident", "jinja"].includes(previous.kind) ||
      (previous.kind === "word" && readsSameUnquoted(previous.text))),
];

/**
 * An expression starting at column `col` on a line indented `indent`, with `tail` characters (a list's comma) to
 * follow its last line; breaks what does not fit.
 */
function expr(nodes: Node[], indent: string, col: number, tail = 0): string {
  const line = flat(nodes);
  if (fitsFlat(nodes, col, tail)) return line;
  // Too long: break the widest brackets or CASE, one after the other, until the lines fit; a bracket around a
  // select list is broken first whatever its width.
  const broken = new Set<Node>(nodes.filter((n) => n.kind === "group" && holdsSelectList([n])));
  const widths = new Map(nodes.map((n) => [n, n.kind === "group" || n.kind === "case" ? flat([n]).length : 0]));
  const candidates = nodes
    .filter((n) => (n.kind === "group" && n.body.length > 0) || n.kind === "case")
    .sort((a, b) => widths.get(b)! - widths.get(a)!);
  let text = broken.size ? render(nodes, indent, broken) : line;
  const fits = (t: string) => {
    // Inside a broken bracket its own lines did their best; what counts is this level's lines: the first and those
    // starting at this indent (a closing bracket and what follows it).
    const lines = t.split("\n");
    return lines.every(
      (l, i) =>
        !(i === 0 || (l.startsWith(indent) && l[indent.length] !== " ")) ||
        (i === 0 ? col : 0) + l.length + (i === lines.length - 1 ? tail : 0) <= LINE_WIDTH,
    );
  };
  if (broken.size && fits(text)) return text;
  for (const c of candidates) {
    broken.add(c);
    text = render(nodes, indent, broken);
    if (fits(text)) return text;
  }
  // Still too long: a chain of operators on this level goes one operand per line, broken before the operators of
  // the lowest precedence it has.
  for (const isChained of CHAINS) {
    if (!nodes.some((n, i) => i > 0 && isChained(n, nodes[i - 1]))) continue;
    const parts: Node[][] = [[]];
    nodes.forEach((n, i) => {
      if (i > 0 && isChained(n, nodes[i - 1])) parts.push([n]);
      else parts[parts.length - 1]!.push(n);
    });
    const last = parts.length - 1;
    return parts
      .map((p, i) =>
        i === 0
          ? expr(p, indent, col, i === last ? tail : 0)
          : `\n${indent}${expr(p, indent, indent.length, i === last ? tail : 0)}`,
      )
      .join("");
  }
  return text;
}

/** Nodes on one line except the `broken` brackets and CASEs, whose insides go on lines of their own. */
function render(nodes: Node[], indent: string, broken: Set<Node>): string {
  let out = "";
  let prev: Node | undefined;
  for (const n of nodes) {
    if (prev && spaced(n) && !(prev.kind === "open")) out += " ";
    const col = out.length - out.lastIndexOf("\n") - 1;
    if (n.kind === "group" && broken.has(n))
      out += `${n.open.text}\n${inner(n.body, indent + UNIT)}\n${indent}${n.close.text}`;
    else if (n.kind === "case" && broken.has(n)) {
      out += `${flat(n.parts[0]!)}${n.parts
        .slice(1)
        .map((p) => `\n${indent + UNIT}${branch(p, indent + UNIT)}`)
        .join("")}\n${indent}${n.end.text}`;
    } else out += n.kind === "group" || n.kind === "case" ? expr([n], indent, col) : written(n);
    prev = n;
  }
  return out;
}

/**
 * A CASE branch at `indent`: on one line when it fits. Else a WHEN's THEN starts a line of its own one level
 * under the WHEN, and a condition that does not fit on the WHEN's line goes on lines of its own at that level too:
 * sqlfluff's indentation (layout.indent) takes no other shape for a WHEN that spans lines.
 */
function branch(part: Node[], indent: string): string {
  const then = part.findIndex((n) => isWord(n, "then"));
  if (!isWord(part[0], "when") || then < 0) return expr(part, indent, indent.length);
  const one = flat(part);
  if (indent.length + one.length <= LINE_WIDTH) return one;
  const deeper = indent + UNIT;
  const condition = part.slice(1, then);
  const onWhenLine = flat(part.slice(0, then));
  const head =
    indent.length + onWhenLine.length <= LINE_WIDTH
      ? onWhenLine
      : `${flat([part[0]!])}\n${deeper}${expr(condition, deeper, deeper.length)}`;
  const thenWord = flat([part[then]!]);
  return `${head}\n${deeper}${thenWord} ${expr(part.slice(then + 1), deeper, deeper.length + thenWord.length + 1)}`;
}

/** The inside of a broken bracket: a query, a join tree, or a comma list one item per line. */
function inner(body: Node[], indent: string): string {
  if (isQuery(body)) return query(body, indent);
  if (body.some((n) => isJoin(body, n))) return fromBody(body, indent);
  const items = splitCommas(body);
  return items
    .map(
      (item, i) =>
        `${indent}${expr(item, indent, indent.length, i < items.length - 1 ? 1 : 0)}${i < items.length - 1 ? "," : ""}`,
    )
    .join("\n");
}

// ---------------------------------------------------------------------------------------------------------
// queries

const CLAUSES = [
  "select",
  "from",
  "where",
  "group",
  "having",
  "window",
  "order",
  "limit",
  "offset",
  "fetch",
  "union",
  "intersect",
  "except",
];

function isJoin(nodes: Node[], n: Node): boolean {
  const i = nodes.indexOf(n);
  if (isWord(n, "join")) return !isWord(nodes[i - 1], "inner", "left", "right", "full", "cross", "natural", "outer");
  if (!isWord(n, "inner", "left", "right", "full", "cross", "natural")) return false;
  const next = nodes[i + 1];
  return isWord(next, "join", "outer", "inner", "left", "right", "full") && !isWord(nodes[i - 1], "natural");
}

/** A query's clauses one per line at `indent`, their bodies laid out for their kind. */
function query(nodes: Node[], indent: string): string {
  const clauses: Node[][] = [];
  for (const n of nodes) {
    // `is [not] distinct from` is an operator, not a FROM clause; only a leading WITH starts CTEs (not `with ties`).
    const previous = nodes[nodes.indexOf(n) - 1];
    const starts =
      (isWord(n, ...CLAUSES) && !(isWord(n, "from") && isWord(previous, "distinct"))) ||
      (isWord(n, "with") && n === nodes[0]);
    if (starts || !clauses.length) clauses.push([n]);
    else clauses[clauses.length - 1]!.push(n);
  }
  // `select * from x`, as jaffle-shop passes a relation on: one line when that is all the query is and it fits.
  const whole = `${indent}${flat(nodes)}`;
  if (
    clauses.length === 2 &&
    isWord(clauses[1]![0], "from") &&
    splitCommas(clauses[0]!).length === 1 &&
    !nodes.some((n) => n.kind !== "word" && n.kind !== "ident" && n.kind !== "jinja" && n.kind !== "op") &&
    whole.length <= LINE_WIDTH
  )
    return whole;
  const out: string[] = [];
  for (const clause of clauses) {
    const head = clause[0] as Tok;
    const keyword = head.text.toLowerCase();
    if (keyword === "with") out.push(withClause(clause, indent));
    else if (keyword === "select") out.push(selectClause(clause, indent));
    else if (keyword === "from") out.push(fromClause(head, clause.slice(1), indent));
    else if (keyword === "where" || keyword === "having") out.push(condition(head, clause.slice(1), indent));
    else if (keyword === "group" || keyword === "order") out.push(list(clause, indent));
    else if (keyword === "union" || keyword === "intersect" || keyword === "except") {
      const [op, ...rest] = clause;
      const modifiers = rest.filter((n) => isWord(n, "all", "distinct"));
      out.push(`${indent}${flat([op!, ...modifiers])}`);
      const remaining = rest.slice(modifiers.length);
      if (remaining.length) out.push(expr(remaining, indent, indent.length));
    } else out.push(`${indent}${expr(clause, indent, indent.length)}`);
  }
  return out.join("\n");
}

/** `with a as (…),\n\nb as (…)\n`: each CTE body indented, a blank line after each closing bracket. */
function withClause(clause: Node[], indent: string): string {
  const [head, ...rest] = clause;
  const recursive = isWord(rest[0], "recursive") ? [rest.shift()!] : [];
  const ctes = splitCommas(rest).map((cte) => {
    const body = cte[cte.length - 1];
    if (body?.kind !== "group") throw new Unreadable("cte without body");
    return `${flat(cte.slice(0, -1))} ${body.open.text}\n${inner(body.body, indent + UNIT)}\n${indent}${body.close.text}`;
  });
  return `${indent}${flat([head!, ...recursive])} ${ctes.join(`,\n\n${indent}`)}\n`;
}

/** `select x` when one target fits, else `select` and one target per line with trailing commas. */
function selectClause(clause: Node[], indent: string): string {
  let i = 1;
  while (isWord(clause[i], "distinct", "all")) i++;
  if (isWord(clause[i], "on") && clause[i + 1]?.kind === "group") i += 2;
  const head = flat(clause.slice(0, i));
  const targets = splitCommas(clause.slice(i));
  const deeper = indent + UNIT;
  const [lone] = targets;
  if (targets.length === 1 && lone) {
    if (fitsFlat(lone, `${indent}${head} `.length)) return `${indent}${head} ${flat(lone)}`;
    // sqlfluff (layout.select_targets) wants a lone target on one line with `select` unless it spans lines: one that
    // would fit on a line of its own is broken at its widest bracket or CASE instead (on the select line if none).
    if (fitsFlat(lone, deeper.length)) {
      const widest = lone
        .filter((n) => (n.kind === "group" && n.body.length > 0) || n.kind === "case")
        .sort((a, b) => flat([b]).length - flat([a]).length)[0];
      return widest
        ? `${indent}${head}\n${deeper}${render(lone, deeper, new Set([widest]))}`
        : `${indent}${head} ${flat(lone)}`;
    }
  }
  return `${indent}${head}\n${targets.map((t, k) => `${deeper}${target(t, deeper, k < targets.length - 1 ? 1 : 0)}${k < targets.length - 1 ? "," : ""}`).join("\n")}`;
}

/**
 * A select target on its line at `indent`. One too long for it whose expression fits alone (a 63-byte column renamed
 * to a 63-byte name) puts `as <alias>` on the next line one level in, and a `collate <name>` that does not fit after
 * the expression on a line of its own between them: the shapes sqlfluff's layout.indent takes.
 */
function target(nodes: Node[], indent: string, tail: number): string {
  const as = nodes.length - 2;
  const alias = nodes[as + 1];
  if (
    fitsFlat(nodes, indent.length, tail) ||
    !isWord(nodes[as], "as") ||
    (alias?.kind !== "word" && alias?.kind !== "ident")
  )
    return expr(nodes, indent, indent.length, tail);
  const head = nodes.slice(0, as);
  const collate = head.length - 2;
  let lines: string;
  if (fitsFlat(head, indent.length)) lines = flat(head);
  else if (collate > 0 && isWord(head[collate], "collate") && fitsFlat(head.slice(0, collate), indent.length))
    lines = `${flat(head.slice(0, collate))}\n${indent}${flat(head.slice(collate))}`;
  else return expr(nodes, indent, indent.length, tail);
  return `${lines}\n${indent}${UNIT}${flat(nodes.slice(as))}`;
}

/**
 * `from` and its body. A first relation that is a LATERAL subquery or a function call (`unnest(…)`) and spans
 * lines goes on lines of its own under `from`, its joins after it: sqlfluff's indentation takes no other shape
 * for those.
 */
function fromClause(head: Tok, body: Node[], indent: string): string {
  const parts = fromParts(body, indent, `${indent}${head.text} `.length);
  const called = isWord(body[0], "lateral") || (body[0]?.kind === "word" && body[1]?.kind === "group");
  if (called && !body.some((n) => n.kind === "comma") && parts[0]!.includes("\n")) {
    return [`${indent}${head.text}`, fromParts(body, indent + UNIT)[0]!, ...parts.slice(1)].join("\n");
  }
  return `${indent}${head.text} ${[parts[0]!.trimStart(), ...parts.slice(1)].join("\n")}`;
}

/** A FROM body: the first relation after `from`, then each join on a line of its own, ON moved down if long. */
function fromBody(nodes: Node[], indent: string): string {
  return fromParts(nodes, indent).join("\n");
}

/**
 * The lines of a FROM body, one entry for the first relation and one for each join. `firstAt`: the column the first
 * relation starts at (after `from ` when it shares the keyword's line), so its width counts the keyword.
 */
function fromParts(nodes: Node[], indent: string, firstAt = indent.length): string[] {
  const parts: Node[][] = [];
  for (const n of nodes) {
    if (!parts.length || isJoin(nodes, n)) parts.push([n]);
    else parts[parts.length - 1]!.push(n);
  }
  return parts.map((part, i) => {
    const relations = splitCommas(part);
    if (relations.length > 1) {
      // Comma joins: one relation per line.
      return relations
        .map(
          (r, k) =>
            `${indent}${k ? UNIT : ""}${expr(r, indent + UNIT, indent.length + UNIT.length, k < relations.length - 1 ? 1 : 0)}${k < relations.length - 1 ? "," : ""}`,
        )
        .join("\n");
    }
    const on = part.findIndex((n) => isWord(n, "on", "using"));
    const at = i ? indent.length : firstAt;
    const line = `${indent}${expr(part, indent, at)}`;
    const deeper = indent + UNIT;
    // A LATERAL relation spanning lines goes under the join keywords, its ON (if any) on a line of its own below it:
    // sqlfluff indents one followed by another join no other way (and takes this shape for the last one too).
    const keywords = part.findIndex((n) => isWord(n, "join")) + 1;
    if (keywords > 0 && isWord(part[keywords], "lateral") && line.includes("\n")) {
      const relation = `${indent}${flat(part.slice(0, keywords))}\n${deeper}${expr(part.slice(keywords, on < 0 ? undefined : on), deeper, deeper.length)}`;
      return on < 0 ? relation : `${relation}\n${deeper}${expr(part.slice(on), deeper, deeper.length)}`;
    }
    if (on < 0 || (!line.includes("\n") && line.length - indent.length + at <= LINE_WIDTH)) return line;
    return `${joined(part.slice(0, on), indent)}\n${deeper}${expr(part.slice(on), deeper, deeper.length)}`;
  });
}

/**
 * A join and its relation (`inner join x as y`), on one line when it fits; else a relation without brackets goes on
 * a line of its own under the join keywords.
 */
function joined(nodes: Node[], indent: string): string {
  const keywords = nodes.findIndex((n) => isWord(n, "join")) + 1;
  const relation = nodes.slice(keywords);
  if (keywords === 0 || fitsFlat(nodes, indent.length) || relation.some((n) => n.kind === "group" || n.kind === "case"))
    return `${indent}${expr(nodes, indent, indent.length)}`;
  const deeper = indent + UNIT;
  return `${indent}${flat(nodes.slice(0, keywords))}\n${deeper}${expr(relation, deeper, deeper.length)}`;
}

/** WHERE / HAVING: on the keyword's line when it fits, else one AND/OR operand per line under it. */
function condition(head: Tok, body: Node[], indent: string): string {
  if (fitsFlat(body, `${indent}${head.text} `.length)) return `${indent}${head.text} ${flat(body)}`;
  const deeper = indent + UNIT;
  return `${indent}${head.text}\n${deeper}${expr(body, deeper, deeper.length)}`;
}

/** GROUP BY / ORDER BY: inline when it fits, else one key per line. */
function list(clause: Node[], indent: string): string {
  const by = isWord(clause[1], "by") ? 2 : 1;
  const head = flat(clause.slice(0, by));
  if (fitsFlat(clause, indent.length)) return `${indent}${flat(clause)}`;
  const deeper = indent + UNIT;
  const keys = splitCommas(clause.slice(by));
  return `${indent}${head}\n${keys.map((k, i) => `${deeper}${expr(k, deeper, deeper.length, i < keys.length - 1 ? 1 : 0)}${i < keys.length - 1 ? "," : ""}`).join("\n")}`;
}

// ---------------------------------------------------------------------------------------------------------
// long string literals

/** Keywords after which sqlfluff (layout.indent) wants an expression spanning lines on lines of its own, deeper. */
const OWN_LINE_AFTER = ["select", "where", "having", "on", "when", "then", "else"];
/** The fewest characters of a literal worth a line; a literal starting later on its line starts a line instead. */
const MIN_PIECE = 8;
/** Splits per statement, a bound on the re-lexing (each split re-reads the statement). */
const MAX_SPLITS = 1000;

/**
 * A `'…'` literal that leaves its line longer than 80 columns, split into adjacent literals on lines of their own:
 * PostgreSQL reads string constants separated only by whitespace holding a newline as one constant (docs:
 * sql-syntax-lexical.html, "String Constants"), so the value and its type stay as they were — `||` would make an
 * untyped literal text. Each piece goes at the indent of the line the literal is on, as sqlfluff indents an
 * expression that spans lines; after THEN, WHERE and the like the expression first moves to a line of its own.
 * A literal inside an unbroken bracket on its line, or spanning lines already, is left as it is.
 */
function splitLongLiterals(sql: string): string {
  let text = sql;
  let from = 0;
  for (let n = 0; n < MAX_SPLITS; n++) {
    const next = splitOne(text, from);
    if (!next) break;
    [text, from] = next;
  }
  return text;
}

/** The first long literal at or after `from` split: the new text and where its line starts, or undefined. */
function splitOne(sql: string, from: number): [string, number] | undefined {
  const toks = lex(sql);
  // A literal holding a Jinja expression (a var's value, `'{{ var('p') }}'`) lexes as pieces around the
  // expression's own quotes, from the one opening `{{` to the one closing it: a cut there would leave Jinja that
  // does not compile.
  let inJinja = false;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind === "string" && (inJinja || t.text.includes("{{"))) {
      inJinja = t.text.lastIndexOf("{{") > t.text.lastIndexOf("}}");
      continue;
    }
    if (t.at < from || t.kind !== "string" || !t.text.startsWith("'") || /[\r\n]/.test(t.text)) continue;
    const lineStart = sql.lastIndexOf("\n", t.at) + 1;
    const newline = sql.indexOf("\n", t.at);
    const lineEnd = newline < 0 ? sql.length : newline;
    if (lineEnd - lineStart <= LINE_WIDTH) continue;
    let first = k;
    while (first > 0 && toks[first - 1]!.at >= lineStart) first--;
    const previous = toks[first - 1];
    // The line starts inside a literal spanning lines: its indent is not the statement's.
    if (previous && previous.at + previous.text.length > lineStart) continue;
    const before = toks.slice(first, k);
    if (before.reduce((depth, b) => depth + (b.kind === "open" ? 1 : b.kind === "close" ? -1 : 0), 0) > 0) continue;
    let indent = /^ */.exec(sql.slice(lineStart))![0];
    let head = sql.slice(lineStart, t.at);
    let moved = false;
    if (before.length && isWord(before[0], ...OWN_LINE_AFTER)) {
      const keyword = before[0]!.at + before[0]!.text.length - lineStart;
      indent += UNIT;
      head = `${head.slice(0, keyword)}\n${indent}${head.slice(keyword).trimStart()}`;
      moved = true;
    }
    let column = head.length - head.lastIndexOf("\n") - 1;
    if (LINE_WIDTH - column - 2 < MIN_PIECE && head.trim()) {
      head = `${head.trimEnd()}\n${indent}`;
      column = indent.length;
      moved = true;
    }
    const rest = sql.slice(t.at + t.text.length, lineEnd);
    const pieces = cutLiteral(
      t.text.slice(1, -1),
      LINE_WIDTH - column - 2,
      LINE_WIDTH - indent.length - 2,
      rest.length,
    );
    if (!pieces || (pieces.length === 1 && !moved)) continue;
    const lines = `${head}${pieces.map((p) => `'${p}'`).join(`\n${indent}`)}${rest}`;
    return [`${sql.slice(0, lineStart)}${lines}${sql.slice(lineEnd)}`, lineStart];
  }
  return undefined;
}

/**
 * A literal's text in pieces: the first at most `first` characters, the others at most `room`, the last leaving
 * `tail` characters (the rest of its line) room when it can. Undefined when a line has no room for a piece.
 */
function cutLiteral(text: string, first: number, room: number, tail: number): string[] | undefined {
  if (room < MIN_PIECE || first < 1) return undefined;
  // A rest of the line that cannot fit after any piece stays long; the pieces still fit.
  const after = tail + MIN_PIECE > room ? 0 : tail;
  const pieces: string[] = [];
  let remaining = text;
  let width = first;
  while (remaining.length + after > width) {
    const cut = cutPoint(remaining, Math.min(width, remaining.length - 1));
    if (cut <= 0) break;
    pieces.push(remaining.slice(0, cut));
    remaining = remaining.slice(cut);
    width = room;
  }
  pieces.push(remaining);
  return pieces;
}

/**
 * Where a piece of at most `max` characters of a literal's text may end: never between the quotes of a doubled
 * quote, after a backslash (an escape where standard_conforming_strings is off) or inside a surrogate pair;
 * after a space or punctuation when one is in the second half, so pieces break where a reader would.
 */
function cutPoint(text: string, max: number): number {
  const pairs = new Set<number>();
  for (let i = 0; i < text.length && i <= max; i++) if (text[i] === "'") pairs.add(++i);
  const allowed = (k: number) => {
    const code = text.charCodeAt(k - 1);
    return !pairs.has(k) && text[k - 1] !== "\\" && !(code >= 0xd800 && code <= 0xdbff);
  };
  for (let k = max; k >= Math.ceil(max / 2); k--) if (allowed(k) && /[\s,;.\/|)\]}]/.test(text[k - 1]!)) return k;
  for (let k = max; k >= 1; k--) if (allowed(k)) return k;
  return 0;
}

/** The tokens as PostgreSQL reads them: a `'…'` literal continued on a later line joined to it. */
function joinContinued(toks: Tok[], sql: string): string[] {
  const out: string[] = [];
  let previous: Tok | undefined;
  for (const t of toks) {
    const continues =
      previous?.kind === "string" &&
      t.kind === "string" &&
      previous.text.startsWith("'") &&
      t.text.startsWith("'") &&
      sql.slice(previous.at + previous.text.length, t.at).includes("\n");
    if (continues) out[out.length - 1] = `${out[out.length - 1]!.slice(0, -1)}${t.text.slice(1)}`;
    else out.push(t.text);
    previous = t;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// long Jinja calls

/** `{{ ref('a') }}`, `{{ source('a', 'b') }}`: a call whose arguments are all single-quoted Jinja strings. */
const JINJA_CALL = /^\{\{ (\w+)\(((?:'(?:[^'\\]|\\.)*'(?:, (?='))?)+)\) \}\}$/s;
const JINJA_ARGUMENT = /'(?:[^'\\]|\\.)*'/g;

/**
 * A `ref()` or `source()` call (any call of string arguments) on a line longer than 80 columns, its arguments on
 * lines of their own one level in and `) }}` back at the line's indent. Jinja reads whitespace inside `{{ … }}` as
 * nothing, so dbt (and our compiler, agents/dbt/jinja.ts) renders the same relation; sqlfluff's jinja templater
 * measures the lines as written. A 63-byte model name then fits: `    'stg_…',` is at most 71 columns.
 */
function breakLongJinjaCalls(sql: string): string {
  let text = sql;
  // Last first, so the positions of the earlier ones still hold.
  for (const t of lex(sql).reverse()) {
    const call = t.kind === "jinja" ? JINJA_CALL.exec(t.text) : null;
    if (!call) continue;
    const lineStart = sql.lastIndexOf("\n", t.at) + 1;
    const newline = sql.indexOf("\n", t.at);
    if ((newline < 0 ? sql.length : newline) - lineStart <= LINE_WIDTH) continue;
    const indent = /^ */.exec(sql.slice(lineStart))![0];
    const args = call[2]!.match(JINJA_ARGUMENT)!.map((a) => `${indent}${UNIT}${a}`);
    const broken = `{{ ${call[1]}(\n${args.join(",\n")}\n${indent}) }}`;
    text = `${text.slice(0, t.at)}${broken}${text.slice(t.at + t.text.length)}`;
  }
  return text;
}

/** The SQL of a model laid out; unchanged when it cannot be read safely or the layout would change a token. */
/**
 * Laying out nested brackets tries each bracket broken and unbroken at every level, which grows exponentially with
 * the nesting of long expressions (a machine-written model of nested calls took minutes). Past this many tokens
 * visited the statement is left as written: still the same SQL, only not styled.
 */
const LAYOUT_WORK = 1_000_000;
/** Longer statements (a procedure whose variables were inlined many times over) are left as written, unstyled. */
const LAYOUT_MAX_CHARS = 256 * 1024;
let work = 0;
class OverBudget extends Error {}

export function layoutSql(sql: string): string {
  if (sql.length > LAYOUT_MAX_CHARS) return sql;
  work = 0;
  try {
    const toks = lex(sql);
    if (!toks.length) return sql;
    const nodes = tree(toks);
    const out = isQuery(nodes) ? query(nodes, "") : expr(nodes, "", 0);
    const again = lex(out);
    if (again.length !== toks.length || again.some((t, i) => t.text !== written(toks[i]!))) return sql;
    const tidy = out
      .replace(/[ \t]+$/gm, "")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd();
    const split = splitLongLiterals(tidy);
    const read = joinContinued(lex(split), split);
    const expected = joinContinued(lex(tidy), tidy);
    return breakLongJinjaCalls(
      read.length === expected.length && read.every((t, i) => t === expected[i]) ? split : tidy,
    );
  } catch (e) {
    if (e instanceof Unreadable || e instanceof OverBudget) return sql;
    throw e;
  }
}

/** A SQL file whose leading `--` comment lines stay as they are and whose statement is laid out. */
export function layoutSqlFile(text: string): string {
  const lines = text.split("\n");
  let k = 0;
  while (k < lines.length && (lines[k]!.startsWith("--") || lines[k]!.trim() === "")) k++;
  return `${lines
    .slice(0, k)
    .map((l) => `${l}\n`)
    .join("")}${layoutSql(lines.slice(k).join("\n").trim())}\n`;
}
