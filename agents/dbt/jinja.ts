import { quoteIdent } from "~/agents/dialect/postgres";

/**
 * A compiler for the subset of dbt's Jinja that our generated models use, so the Tester can turn a model into
 * the SQL PostgreSQL runs without dbt itself.
 *
 * Why our own and not a Jinja engine from npm (nunjucks, jinja-js…): none of them implements dbt's context
 * (ref, source, var with dbt's missing-var rule, config capture, is_incremental, this), their Python-compat
 * details differ from Jinja2 in ways that change SQL (None/True rendering, whitespace control, undefined
 * handling), and we want strictness they do not give: an unknown tag, an unbalanced block, an undefined name
 * or a missing var is an error with a line number, never silently empty output. It runs for every model on
 * every test run, so templates are parsed once (cached by source text) and rendered by a small tree walker.
 *
 * Supported: `{{ expr }}`, `{# comment #}`, `{% if/elif/else/endif %}`, `{% for x in … %}…{% endfor %}`
 * (with `loop.index/first/last/length`), `{% set x = … %}`, `{% set x %}…{% endset %}`, `{% do … %}`,
 * `{% macro name(a, b='x') %}…{% endmacro %}`, `{% test name(model, …) %}…{% endtest %}` (the macro `test_name`), `{% raw %}`, whitespace control (`{%-`, `-%}`, `{{-`, `-}}`).
 * Expressions: string/number/boolean/none literals, lists, dicts, names, attribute and index access, calls
 * with keyword arguments, `a if c else b`, `and/or/not`, `== != < <= > >= in, not in, is [not] none/defined`,
 * `~ + - * / // %`, filters `lower upper trim int float string length replace join default`.
 * dbt context: `ref`, `source`, `var`, `config`, `is_incremental()`, `this`, `env_var`, `return`, `range`,
 * and the macros passed in the context (see parseMacros).
 */

export class JinjaError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = "JinjaError";
  }
}

// ---------------------------------------------------------------------------------------------------------
// Values

export type Value = string | number | boolean | null | Value[] | { [key: string]: Value } | Callable;

export class Callable {
  constructor(
    readonly name: string,
    readonly call: (args: Value[], kwargs: Record<string, Value>, line: number) => Value,
  ) {}
}

const isDict = (v: Value): v is { [key: string]: Value } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Callable);

function truthy(v: Value): boolean {
  if (v === null || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  return true;
}

/** How Jinja2 (Python) prints a value: None, True, ['a', 1]. */
function pyRepr(v: Value, nested = false): string {
  if (v === null) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return nested ? `'${v.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'` : v;
  if (Array.isArray(v)) return `[${v.map((x) => pyRepr(x, true)).join(", ")}]`;
  if (v instanceof Callable) return `<function ${v.name}>`;
  return `{${Object.entries(v)
    .map(([k, x]) => `'${k}': ${pyRepr(x, true)}`)
    .join(", ")}}`;
}

function equal(a: Value, b: Value): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]!));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k]!, b[k]!));
  }
  // Python: True == 1, False == 0.
  if ((typeof a === "boolean" && typeof b === "number") || (typeof a === "number" && typeof b === "boolean"))
    return Number(a) === Number(b);
  return a === b;
}

// ---------------------------------------------------------------------------------------------------------
// Template lexing: text, {{ }}, {% %}, {# #}

type Piece =
  { kind: "text"; text: string; line: number } | { kind: "output" | "statement"; body: string; line: number };

function lexTemplate(source: string): Piece[] {
  const pieces: Piece[] = [];
  let i = 0;
  let line = 1;
  let stripNext = false;
  const countLines = (s: string) => {
    let n = 0;
    for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) === 10) n++;
    return n;
  };
  const pushText = (text: string, textLine: number) => {
    if (stripNext) text = text.replace(/^\s+/, "");
    stripNext = false;
    if (text) pieces.push({ kind: "text", text, line: textLine });
  };

  while (i < source.length) {
    let at = source.indexOf("{", i);
    while (at !== -1 && !isTagStart(source[at + 1])) at = source.indexOf("{", at + 1);
    if (at === -1) {
      pushText(source.slice(i), line);
      break;
    }
    let text = source.slice(i, at);
    const tagLine = line + countLines(text);
    const kind = source[at + 1]!;
    const stripBefore = source[at + 2] === "-";
    if (stripBefore) text = text.replace(/\s+$/, "");
    pushText(text, line);
    line = tagLine;

    const bodyStart = at + 2 + (stripBefore ? 1 : 0);
    const close = kind === "{" ? "}}" : kind === "%" ? "%}" : "#}";
    const end = kind === "#" ? source.indexOf("#}", bodyStart) : findClose(source, bodyStart, close);
    if (end === -1) throw new JinjaError(`unclosed ${"{" + kind}: no matching ${close}`, tagLine);
    const stripAfter = source[end - 1] === "-" && end - 1 >= bodyStart;
    const body = source.slice(bodyStart, stripAfter ? end - 1 : end);
    line += countLines(source.slice(at, end + 2));
    i = end + 2;

    if (kind === "#") {
      stripNext = stripAfter;
      continue;
    }
    if (kind === "%" && /^\s*raw\s*$/.test(body)) {
      // {% raw %} … {% endraw %}: verbatim text.
      const endRaw = /\{%-?\s*endraw\s*-?%\}/g;
      endRaw.lastIndex = i;
      const m = endRaw.exec(source);
      if (!m) throw new JinjaError("{% raw %} is never closed (missing {% endraw %})", tagLine);
      let raw = source.slice(i, m.index);
      if (stripAfter) raw = raw.replace(/^\s+/, "");
      if (m[0].startsWith("{%-")) raw = raw.replace(/\s+$/, "");
      if (raw) pieces.push({ kind: "text", text: raw, line });
      line += countLines(source.slice(i, m.index + m[0].length));
      i = m.index + m[0].length;
      stripNext = m[0].endsWith("-%}");
      continue;
    }
    pieces.push({ kind: kind === "{" ? "output" : "statement", body, line: tagLine });
    stripNext = stripAfter;
  }
  return pieces;
}

const isTagStart = (c: string | undefined) => c === "{" || c === "%" || c === "#";

/** Finds `close` after `from`, skipping string literals (a `'}}'` inside an expression does not close it). */
function findClose(source: string, from: number, close: string): number {
  let quote = "";
  for (let k = from; k < source.length; k++) {
    const c = source[k]!;
    if (quote) {
      if (c === "\\") k++;
      else if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (source.startsWith(close, k)) return k;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------------------
// Expressions

type Tok = { type: "name" | "string" | "number" | "op" | "end"; value: string; line: number };

const OPS = [
  "==",
  "!=",
  "<=",
  ">=",
  "//",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "~",
  "|",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ":",
  ".",
  "=",
];

function lexExpression(src: string, line: number): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === "\n") {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      toks.push({ type: "name", value: m[0], line });
      i += m[0].length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(src.slice(i))!;
      toks.push({ type: "number", value: m[0], line });
      i += m[0].length;
    } else if (c === "'" || c === '"') {
      let value = "";
      let k = i + 1;
      for (;;) {
        if (k >= src.length) throw new JinjaError("unterminated string literal", line);
        const ch = src[k]!;
        if (ch === c) break;
        if (ch === "\\") {
          const e = src[k + 1] ?? "";
          value += e === "n" ? "\n" : e === "t" ? "\t" : e;
          k += 2;
          continue;
        }
        if (ch === "\n") line++;
        value += ch;
        k++;
      }
      toks.push({ type: "string", value, line });
      i = k + 1;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (!op) throw new JinjaError(`unexpected character ${JSON.stringify(c)} in expression`, line);
      toks.push({ type: "op", value: op, line });
      i += op.length;
    }
  }
  toks.push({ type: "end", value: "", line });
  return toks;
}

type Expr =
  | { t: "lit"; value: Value }
  | { t: "name"; name: string; line: number }
  | { t: "list"; items: Expr[] }
  | { t: "dict"; entries: [Expr, Expr][] }
  | { t: "attr"; obj: Expr; name: string; line: number }
  | { t: "index"; obj: Expr; index: Expr; line: number }
  | { t: "call"; fn: Expr; args: Expr[]; kwargs: [string, Expr][]; line: number }
  | { t: "filter"; value: Expr; name: string; args: Expr[]; line: number }
  | { t: "unary"; op: "not" | "-" | "+"; value: Expr; line: number }
  | { t: "binary"; op: string; left: Expr; right: Expr; line: number }
  | { t: "test"; value: Expr; name: string; negate: boolean; line: number }
  | { t: "cond"; cond: Expr; then: Expr; else: Expr | null };

class ExprParser {
  private pos = 0;
  constructor(private readonly toks: Tok[]) {}

  peek(offset = 0): Tok {
    return this.toks[Math.min(this.pos + offset, this.toks.length - 1)]!;
  }
  next(): Tok {
    return this.toks[Math.min(this.pos++, this.toks.length - 1)]!;
  }
  isOp(value: string): boolean {
    const t = this.peek();
    return t.type === "op" && t.value === value;
  }
  isName(value: string): boolean {
    const t = this.peek();
    return t.type === "name" && t.value === value;
  }
  expectOp(value: string): void {
    const t = this.next();
    if (t.type !== "op" || t.value !== value)
      throw new JinjaError(`expected '${value}' but found ${describe(t)}`, t.line);
  }
  expectName(): string {
    const t = this.next();
    if (t.type !== "name") throw new JinjaError(`expected a name but found ${describe(t)}`, t.line);
    return t.value;
  }
  atEnd(): boolean {
    return this.peek().type === "end";
  }
  expectEnd(): void {
    const t = this.peek();
    if (t.type !== "end") throw new JinjaError(`unexpected ${describe(t)}`, t.line);
  }

  expression(): Expr {
    const value = this.or();
    if (this.isName("if")) {
      this.next();
      const cond = this.or();
      let otherwise: Expr | null = null;
      if (this.isName("else")) {
        this.next();
        otherwise = this.expression();
      }
      return { t: "cond", cond, then: value, else: otherwise };
    }
    return value;
  }
  private or(): Expr {
    let left = this.and();
    while (this.isName("or")) {
      const line = this.next().line;
      left = { t: "binary", op: "or", left, right: this.and(), line };
    }
    return left;
  }
  private and(): Expr {
    let left = this.not();
    while (this.isName("and")) {
      const line = this.next().line;
      left = { t: "binary", op: "and", left, right: this.not(), line };
    }
    return left;
  }
  private not(): Expr {
    if (this.isName("not")) {
      const line = this.next().line;
      return { t: "unary", op: "not", value: this.not(), line };
    }
    return this.comparison();
  }
  private comparison(): Expr {
    let left = this.concat();
    for (;;) {
      const t = this.peek();
      if (t.type === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(t.value)) {
        this.next();
        left = { t: "binary", op: t.value, left, right: this.concat(), line: t.line };
      } else if (this.isName("in")) {
        this.next();
        left = { t: "binary", op: "in", left, right: this.concat(), line: t.line };
      } else if (this.isName("not") && this.peek(1).type === "name" && this.peek(1).value === "in") {
        this.next();
        this.next();
        left = { t: "binary", op: "not in", left, right: this.concat(), line: t.line };
      } else if (this.isName("is")) {
        this.next();
        let negate = false;
        if (this.isName("not")) {
          this.next();
          negate = true;
        }
        const name = this.expectName();
        left = { t: "test", value: left, name, negate, line: t.line };
      } else return left;
    }
  }
  private concat(): Expr {
    let left = this.additive();
    while (this.isOp("~")) {
      const line = this.next().line;
      left = { t: "binary", op: "~", left, right: this.additive(), line };
    }
    return left;
  }
  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp("+") || this.isOp("-")) {
      const t = this.next();
      left = { t: "binary", op: t.value, left, right: this.multiplicative(), line: t.line };
    }
    return left;
  }
  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp("*") || this.isOp("/") || this.isOp("//") || this.isOp("%")) {
      const t = this.next();
      left = { t: "binary", op: t.value, left, right: this.unary(), line: t.line };
    }
    return left;
  }
  private unary(): Expr {
    if (this.isOp("-") || this.isOp("+")) {
      const t = this.next();
      return { t: "unary", op: t.value as "-" | "+", value: this.unary(), line: t.line };
    }
    return this.postfix();
  }
  private postfix(): Expr {
    let value = this.primary();
    for (;;) {
      const t = this.peek();
      if (this.isOp("(")) {
        this.next();
        const { args, kwargs } = this.callArguments();
        value = { t: "call", fn: value, args, kwargs, line: t.line };
      } else if (this.isOp(".")) {
        this.next();
        value = { t: "attr", obj: value, name: this.expectName(), line: t.line };
      } else if (this.isOp("[")) {
        this.next();
        const index = this.expression();
        this.expectOp("]");
        value = { t: "index", obj: value, index, line: t.line };
      } else if (this.isOp("|")) {
        this.next();
        const name = this.expectName();
        let args: Expr[] = [];
        if (this.isOp("(")) {
          this.next();
          args = this.callArguments().args;
        }
        value = { t: "filter", value, name, args, line: t.line };
      } else return value;
    }
  }
  /** After `(`: positional and keyword arguments up to `)`. */
  callArguments(): { args: Expr[]; kwargs: [string, Expr][] } {
    const args: Expr[] = [];
    const kwargs: [string, Expr][] = [];
    while (!this.isOp(")")) {
      if (this.peek().type === "name" && this.peek(1).type === "op" && this.peek(1).value === "=") {
        const name = this.next().value;
        this.next();
        kwargs.push([name, this.expression()]);
      } else {
        if (kwargs.length) throw new JinjaError("positional argument after keyword argument", this.peek().line);
        args.push(this.expression());
      }
      if (!this.isOp(",")) break;
      this.next();
    }
    this.expectOp(")");
    return { args, kwargs };
  }
  private primary(): Expr {
    const t = this.next();
    switch (t.type) {
      case "string": {
        // Adjacent string literals concatenate, as in Python.
        let value = t.value;
        while (this.peek().type === "string") value += this.next().value;
        return { t: "lit", value };
      }
      case "number":
        return { t: "lit", value: Number(t.value) };
      case "name":
        if (t.value === "true" || t.value === "True") return { t: "lit", value: true };
        if (t.value === "false" || t.value === "False") return { t: "lit", value: false };
        if (t.value === "none" || t.value === "None") return { t: "lit", value: null };
        return { t: "name", name: t.value, line: t.line };
      case "op":
        if (t.value === "(") {
          if (this.isOp(")")) {
            this.next();
            return { t: "list", items: [] };
          }
          const first = this.expression();
          if (this.isOp(",")) {
            // A tuple: treated as a list.
            const items = [first];
            while (this.isOp(",")) {
              this.next();
              if (this.isOp(")")) break;
              items.push(this.expression());
            }
            this.expectOp(")");
            return { t: "list", items };
          }
          this.expectOp(")");
          return first;
        }
        if (t.value === "[") {
          const items: Expr[] = [];
          while (!this.isOp("]")) {
            items.push(this.expression());
            if (!this.isOp(",")) break;
            this.next();
          }
          this.expectOp("]");
          return { t: "list", items };
        }
        if (t.value === "{") {
          const entries: [Expr, Expr][] = [];
          while (!this.isOp("}")) {
            const key = this.expression();
            this.expectOp(":");
            entries.push([key, this.expression()]);
            if (!this.isOp(",")) break;
            this.next();
          }
          this.expectOp("}");
          return { t: "dict", entries };
        }
    }
    throw new JinjaError(`unexpected ${describe(t)}`, t.line);
  }
}

function describe(t: Tok): string {
  return t.type === "end" ? "end of expression" : t.type === "string" ? `string '${t.value}'` : `'${t.value}'`;
}

function parseExpression(src: string, line: number): Expr {
  const parser = new ExprParser(lexExpression(src, line));
  if (parser.atEnd()) throw new JinjaError("empty expression", line);
  const expr = parser.expression();
  parser.expectEnd();
  return expr;
}

// ---------------------------------------------------------------------------------------------------------
// Template structure

type Param = { name: string; default: Expr | null };
type Node =
  | { t: "text"; text: string }
  | { t: "output"; expr: Expr; line: number }
  | { t: "if"; branches: { cond: Expr; body: Node[] }[]; otherwise: Node[] | null; line: number }
  | { t: "for"; target: string[]; iter: Expr; body: Node[]; line: number }
  | { t: "set"; name: string; expr: Expr; line: number }
  | { t: "setBlock"; name: string; body: Node[]; line: number }
  | { t: "do"; expr: Expr; line: number }
  | { t: "macro"; name: string; params: Param[]; body: Node[]; line: number };

const BLOCK_ENDS: Record<string, string> = {
  if: "endif",
  for: "endfor",
  set: "endset",
  macro: "endmacro",
  test: "endtest",
};

class TemplateParser {
  private pos = 0;
  constructor(private readonly pieces: Piece[]) {}

  parse(): Node[] {
    const { nodes, end } = this.body([]);
    if (end) throw new JinjaError(`unexpected {% ${end.name} %}`, end.line);
    return nodes;
  }

  /** Nodes up to one of the statement tags in `stops` (returned, not consumed into nodes), or the end. */
  private body(stops: string[]): { nodes: Node[]; end: { name: string; rest: string; line: number } | null } {
    const nodes: Node[] = [];
    while (this.pos < this.pieces.length) {
      const piece = this.pieces[this.pos++]!;
      if (piece.kind === "text") {
        nodes.push({ t: "text", text: piece.text });
        continue;
      }
      if (piece.kind === "output") {
        nodes.push({ t: "output", expr: parseExpression(piece.body, piece.line), line: piece.line });
        continue;
      }
      const m = /^\s*([A-Za-z_]+)([\s\S]*)$/.exec(piece.body);
      if (!m) throw new JinjaError("empty {% %} tag", piece.line);
      const name = m[1]!;
      const rest = m[2]!;
      if (stops.includes(name)) return { nodes, end: { name, rest, line: piece.line } };
      nodes.push(this.statement(name, rest, piece.line));
    }
    return { nodes, end: null };
  }

  private closed(opener: string, line: number, stops: string[]) {
    const result = this.body(stops);
    if (!result.end)
      throw new JinjaError(`{% ${opener} %} is never closed (missing {% ${BLOCK_ENDS[opener]} %})`, line);
    return result as { nodes: Node[]; end: { name: string; rest: string; line: number } };
  }

  private statement(name: string, rest: string, line: number): Node {
    switch (name) {
      case "if": {
        const branches = [{ cond: parseExpression(rest, line), body: [] as Node[] }];
        let otherwise: Node[] | null = null;
        for (;;) {
          const { nodes, end } = this.closed("if", line, ["elif", "else", "endif"]);
          if (otherwise) otherwise = nodes;
          else branches[branches.length - 1]!.body = nodes;
          if (end.name === "endif") break;
          if (otherwise) throw new JinjaError(`unexpected {% ${end.name} %} after {% else %}`, end.line);
          if (end.name === "elif") branches.push({ cond: parseExpression(end.rest, end.line), body: [] });
          else {
            if (end.rest.trim()) throw new JinjaError("{% else %} takes no expression", end.line);
            otherwise = [];
          }
        }
        return { t: "if", branches, otherwise, line };
      }
      case "for": {
        const m = /^\s*([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s+in\s+([\s\S]+)$/.exec(rest);
        if (!m) throw new JinjaError("expected {% for name in expression %}", line);
        const target = m[1]!.split(",").map((s) => s.trim());
        const iter = parseExpression(m[2]!, line);
        const { nodes, end } = this.closed("for", line, ["endfor", "else"]);
        if (end.name === "else") throw new JinjaError("{% for %} … {% else %} is not supported", end.line);
        return { t: "for", target, iter, body: nodes, line };
      }
      case "set": {
        const m = /^\s*([A-Za-z_]\w*)\s*(=([\s\S]*))?$/.exec(rest);
        if (!m) throw new JinjaError("expected {% set name = expression %}", line);
        if (m[2] !== undefined) return { t: "set", name: m[1]!, expr: parseExpression(m[3]!, line), line };
        const { nodes } = this.closed("set", line, ["endset"]);
        return { t: "setBlock", name: m[1]!, body: nodes, line };
      }
      case "do":
        return { t: "do", expr: parseExpression(rest, line), line };
      // dbt defines a generic test `{% test name(model, …) %}` as the macro `test_name`.
      case "macro":
      case "test": {
        const parser = new ExprParser(lexExpression(rest, line));
        const macroName = `${name === "test" ? "test_" : ""}${parser.expectName()}`;
        parser.expectOp("(");
        const params: Param[] = [];
        while (!parser.isOp(")")) {
          const p = parser.expectName();
          let def: Expr | null = null;
          if (parser.isOp("=")) {
            parser.next();
            def = parser.expression();
          }
          params.push({ name: p, default: def });
          if (!parser.isOp(",")) break;
          parser.next();
        }
        parser.expectOp(")");
        parser.expectEnd();
        const { nodes } = this.closed(name, line, [BLOCK_ENDS[name]!]);
        return { t: "macro", name: macroName, params, body: nodes, line };
      }
      case "elif":
      case "else":
      case "endif":
      case "endfor":
      case "endset":
      case "endmacro":
      case "endtest":
      case "endraw":
        throw new JinjaError(`unexpected {% ${name} %}`, line);
      default:
        throw new JinjaError(`unknown tag {% ${name} %}`, line);
    }
  }
}

const parseCache = new Map<string, Node[]>();
const CACHE_LIMIT = 2_000;

function parseTemplate(source: string): Node[] {
  const cached = parseCache.get(source);
  if (cached) return cached;
  const nodes = new TemplateParser(lexTemplate(source)).parse();
  if (parseCache.size >= CACHE_LIMIT) parseCache.clear();
  parseCache.set(source, nodes);
  return nodes;
}

// ---------------------------------------------------------------------------------------------------------
// Rendering

class Scope {
  private readonly values = new Map<string, Value>();
  constructor(private readonly parent: Scope | null = null) {}
  get(name: string): Value | undefined {
    return this.values.has(name) ? this.values.get(name) : this.parent?.get(name);
  }
  has(name: string): boolean {
    return this.values.has(name) || (this.parent?.has(name) ?? false);
  }
  set(name: string, value: Value): void {
    this.values.set(name, value);
  }
}

class ReturnSignal {
  constructor(readonly value: Value) {}
}

function evaluate(e: Expr, scope: Scope): Value {
  switch (e.t) {
    case "lit":
      return e.value;
    case "name": {
      const v = scope.get(e.name);
      if (v === undefined) throw new JinjaError(`'${e.name}' is undefined`, e.line);
      return v;
    }
    case "list":
      return e.items.map((x) => evaluate(x, scope));
    case "dict": {
      const out: { [key: string]: Value } = {};
      for (const [k, v] of e.entries) out[String(evaluate(k, scope))] = evaluate(v, scope);
      return out;
    }
    case "attr": {
      const obj = evaluate(e.obj, scope);
      if (isDict(obj) && e.name in obj) return obj[e.name]!;
      throw new JinjaError(`${pyRepr(obj, true)} has no attribute '${e.name}'`, e.line);
    }
    case "index": {
      const obj = evaluate(e.obj, scope);
      const idx = evaluate(e.index, scope);
      if ((Array.isArray(obj) || typeof obj === "string") && typeof idx === "number") {
        const i = idx < 0 ? obj.length + idx : idx;
        const item = Array.isArray(obj) ? obj[i] : obj[i];
        if (item === undefined) throw new JinjaError(`index ${idx} out of range`, e.line);
        return item;
      }
      if (isDict(obj) && typeof idx === "string" && idx in obj) return obj[idx]!;
      throw new JinjaError(`cannot index ${pyRepr(obj, true)} with ${pyRepr(idx, true)}`, e.line);
    }
    case "call": {
      const fn = evaluate(e.fn, scope);
      if (!(fn instanceof Callable)) throw new JinjaError(`${pyRepr(fn, true)} is not callable`, e.line);
      const args = e.args.map((a) => evaluate(a, scope));
      const kwargs: Record<string, Value> = {};
      for (const [k, v] of e.kwargs) kwargs[k] = evaluate(v, scope);
      return fn.call(args, kwargs, e.line);
    }
    case "filter":
      return applyFilter(
        e.name,
        evaluate(e.value, scope),
        e.args.map((a) => evaluate(a, scope)),
        e.line,
      );
    case "unary": {
      const v = evaluate(e.value, scope);
      if (e.op === "not") return !truthy(v);
      if (typeof v !== "number") throw new JinjaError(`bad operand for unary ${e.op}: ${pyRepr(v, true)}`, e.line);
      return e.op === "-" ? -v : v;
    }
    case "binary":
      return binary(e, scope);
    case "test": {
      let result: boolean;
      if (e.name === "defined" || e.name === "undefined") {
        const defined = e.value.t === "name" ? scope.has(e.value.name) : true;
        result = e.name === "defined" ? defined : !defined;
      } else {
        const v = evaluate(e.value, scope);
        switch (e.name) {
          case "none":
            result = v === null;
            break;
          case "string":
            result = typeof v === "string";
            break;
          case "number":
            result = typeof v === "number";
            break;
          case "true":
            result = v === true;
            break;
          case "false":
            result = v === false;
            break;
          default:
            throw new JinjaError(`unknown test 'is ${e.name}'`, e.line);
        }
      }
      return e.negate ? !result : result;
    }
    case "cond":
      return truthy(evaluate(e.cond, scope)) ? evaluate(e.then, scope) : e.else ? evaluate(e.else, scope) : "";
  }
}

function binary(e: Extract<Expr, { t: "binary" }>, scope: Scope): Value {
  if (e.op === "and") {
    const l = evaluate(e.left, scope);
    return truthy(l) ? evaluate(e.right, scope) : l;
  }
  if (e.op === "or") {
    const l = evaluate(e.left, scope);
    return truthy(l) ? l : evaluate(e.right, scope);
  }
  const l = evaluate(e.left, scope);
  const r = evaluate(e.right, scope);
  switch (e.op) {
    case "==":
      return equal(l, r);
    case "!=":
      return !equal(l, r);
    case "in":
    case "not in": {
      let found: boolean;
      if (typeof r === "string" && typeof l === "string") found = r.includes(l);
      else if (Array.isArray(r)) found = r.some((x) => equal(x, l));
      else if (isDict(r)) found = typeof l === "string" && l in r;
      else throw new JinjaError(`'in' needs a list, dict or string on the right, not ${pyRepr(r, true)}`, e.line);
      return e.op === "in" ? found : !found;
    }
    case "~":
      return pyRepr(l) + pyRepr(r);
  }
  if (e.op === "+" && typeof l === "string" && typeof r === "string") return l + r;
  if (e.op === "+" && Array.isArray(l) && Array.isArray(r)) return [...l, ...r];
  const comparable =
    (typeof l === "number" && typeof r === "number") || (typeof l === "string" && typeof r === "string");
  if (["<", "<=", ">", ">="].includes(e.op)) {
    if (!comparable) throw new JinjaError(`cannot compare ${pyRepr(l, true)} ${e.op} ${pyRepr(r, true)}`, e.line);
    const a = l as number | string;
    const b = r as number | string;
    return e.op === "<" ? a < b : e.op === "<=" ? a <= b : e.op === ">" ? a > b : a >= b;
  }
  if (typeof l !== "number" || typeof r !== "number")
    throw new JinjaError(`unsupported operands for ${e.op}: ${pyRepr(l, true)} and ${pyRepr(r, true)}`, e.line);
  switch (e.op) {
    case "+":
      return l + r;
    case "-":
      return l - r;
    case "*":
      return l * r;
    case "/":
      if (r === 0) throw new JinjaError("division by zero", e.line);
      return l / r;
    case "//":
      if (r === 0) throw new JinjaError("division by zero", e.line);
      return Math.floor(l / r);
    case "%":
      if (r === 0) throw new JinjaError("division by zero", e.line);
      return ((l % r) + r) % r;
  }
  throw new JinjaError(`unknown operator ${e.op}`, e.line);
}

function applyFilter(name: string, v: Value, args: Value[], line: number): Value {
  switch (name) {
    case "lower":
      return pyRepr(v).toLowerCase();
    case "upper":
      return pyRepr(v).toUpperCase();
    case "trim":
      return pyRepr(v).trim();
    case "string":
      return pyRepr(v);
    case "int": {
      const n = typeof v === "number" ? v : Number.parseFloat(pyRepr(v));
      return Number.isFinite(n) ? Math.trunc(n) : 0;
    }
    case "float": {
      const n = typeof v === "number" ? v : Number.parseFloat(pyRepr(v));
      return Number.isFinite(n) ? n : 0;
    }
    case "length":
    case "count":
      if (typeof v === "string" || Array.isArray(v)) return v.length;
      if (isDict(v)) return Object.keys(v).length;
      throw new JinjaError(`${pyRepr(v, true)} has no length`, line);
    case "replace":
      return pyRepr(v).replaceAll(pyRepr(args[0] ?? ""), pyRepr(args[1] ?? ""));
    case "join":
      if (!Array.isArray(v)) throw new JinjaError("join needs a list", line);
      return v.map((x) => pyRepr(x)).join(pyRepr(args[0] ?? ""));
    case "default":
    case "d":
      return v === null || v === "" ? (args[0] ?? "") : v;
    default:
      throw new JinjaError(`unknown filter '${name}'`, line);
  }
}

type Renderer = { render(nodes: Node[], scope: Scope, out: string[]): void };

/** Most a template may do: rendered nodes (loop iterations included) and printed characters. */
export const RENDER_BUDGET = { steps: 2_000_000, chars: 64 * 1024 * 1024 };

function makeRenderer(root: () => Scope): Renderer {
  const defineMacro = (node: Extract<Node, { t: "macro" }>, scope: Scope) => {
    scope.set(node.name, macroCallable(node.name, node.params, node.body, root, renderer));
  };
  // A budget for what a template may cost: generated models are small, and a template that loops for ever or
  // prints gigabytes (an input that got through, a hand edit) must fail with a reason, not take the process down.
  let steps = 0;
  let chars = 0;
  const spend = (line: number, printed = 0) => {
    chars += printed;
    if (++steps > RENDER_BUDGET.steps)
      throw new JinjaError(`the template runs more than ${RENDER_BUDGET.steps} steps`, line);
    if (chars > RENDER_BUDGET.chars)
      throw new JinjaError(`the template prints more than ${RENDER_BUDGET.chars} characters`, line);
  };
  const renderer: Renderer = {
    render(nodes, scope, out) {
      for (const node of nodes) {
        switch (node.t) {
          case "text":
            spend(0, node.text.length);
            out.push(node.text);
            break;
          case "output": {
            const text = pyRepr(evaluate(node.expr, scope));
            spend(node.line, text.length);
            out.push(text);
            break;
          }
          case "if": {
            const branch = node.branches.find((b) => truthy(evaluate(b.cond, scope)));
            const body = branch ? branch.body : node.otherwise;
            if (body) renderer.render(body, scope, out);
            break;
          }
          case "for": {
            const iterable = evaluate(node.iter, scope);
            const items: Value[] = Array.isArray(iterable)
              ? iterable
              : isDict(iterable)
                ? Object.keys(iterable)
                : typeof iterable === "string"
                  ? [...iterable]
                  : (() => {
                      throw new JinjaError(`cannot loop over ${pyRepr(iterable, true)}`, node.line);
                    })();
            items.forEach((item, index) => {
              spend(node.line);
              const inner = new Scope(scope);
              if (node.target.length === 1) inner.set(node.target[0]!, item);
              else {
                if (!Array.isArray(item) || item.length !== node.target.length)
                  throw new JinjaError(
                    `cannot unpack ${pyRepr(item, true)} into ${node.target.length} names`,
                    node.line,
                  );
                node.target.forEach((n, k) => inner.set(n, item[k]!));
              }
              inner.set("loop", {
                index: index + 1,
                index0: index,
                first: index === 0,
                last: index === items.length - 1,
                length: items.length,
                revindex: items.length - index,
              });
              renderer.render(node.body, inner, out);
            });
            break;
          }
          case "set":
            scope.set(node.name, evaluate(node.expr, scope));
            break;
          case "setBlock": {
            const buf: string[] = [];
            renderer.render(node.body, scope, buf);
            scope.set(node.name, buf.join(""));
            break;
          }
          case "do":
            evaluate(node.expr, scope);
            break;
          case "macro":
            defineMacro(node, scope);
            break;
        }
      }
    },
  };
  return renderer;
}

function macroCallable(name: string, params: Param[], body: Node[], root: () => Scope, renderer: Renderer): Callable {
  return new Callable(name, (args, kwargs, line) => {
    if (args.length > params.length)
      throw new JinjaError(`macro ${name}() takes ${params.length} arguments, got ${args.length}`, line);
    const scope = new Scope(root());
    params.forEach((p, i) => {
      if (i < args.length) scope.set(p.name, args[i]!);
      else if (p.name in kwargs) scope.set(p.name, kwargs[p.name]!);
      else if (p.default) scope.set(p.name, evaluate(p.default, scope));
      else throw new JinjaError(`macro ${name}() is missing argument '${p.name}'`, line);
    });
    for (const k of Object.keys(kwargs))
      if (!params.some((p) => p.name === k)) throw new JinjaError(`macro ${name}() has no argument '${k}'`, line);
    const out: string[] = [];
    try {
      renderer.render(body, scope, out);
    } catch (signal) {
      if (signal instanceof ReturnSignal) return signal.value;
      throw signal;
    }
    return out.join("");
  });
}

// ---------------------------------------------------------------------------------------------------------
// Public API

export type MacroDefinition = { name: string; params: Param[]; body: Node[]; line: number };
export type MacroLibrary = Record<string, MacroDefinition>;

/** The macros defined in a macros/*.sql file (text outside `{% macro %}` blocks is ignored, as in dbt). */
export function parseMacros(source: string, into: MacroLibrary = {}): MacroLibrary {
  for (const node of parseTemplate(source)) {
    if (node.t === "macro")
      into[node.name] = { name: node.name, params: node.params, body: node.body, line: node.line };
  }
  return into;
}

export type CompileContext = {
  /** Relation for `ref('name')`; default: `"name"`. */
  ref?: (name: string) => string;
  /** Relation for `source('s', 't')`; default: `"s"."t"`. */
  source?: (sourceName: string, tableName: string) => string;
  /** dbt vars (`--vars` over dbt_project.yml). A var missing here and without a default is an error. */
  vars?: Record<string, unknown>;
  /** Relation of the model itself, for `{{ this }}`. */
  this?: string;
  /** `is_incremental()`; default false (a first, full build). */
  isIncremental?: boolean;
  /** Project macros callable from the model (from parseMacros). */
  macros?: MacroLibrary;
  /** Environment for `env_var()`; default: none (env_var without a default is then an error). */
  env?: Record<string, string | undefined>;
};

export type CompiledModel = {
  sql: string;
  /** Everything passed to `{{ config(...) }}`, merged in call order. */
  config: Record<string, unknown>;
  /** Models referenced by the branches that ran, in first-use order. */
  refs: string[];
  sources: [string, string][];
  /** Vars read by the branches that ran. */
  vars: string[];
};

function toValue(v: unknown): Value {
  if (v === undefined) return null;
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.map(toValue);
  if (typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toValue(x)]));
  return String(v);
}

function toPlain(v: Value): unknown {
  if (v instanceof Callable) return `<function ${v.name}>`;
  if (Array.isArray(v)) return v.map(toPlain);
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v;
}

/** Compiles one dbt model's Jinja to SQL. Throws JinjaError (with the line) on anything it cannot render faithfully. */
export function compileModel(sql: string, ctx: CompileContext = {}): CompiledModel {
  const nodes = parseTemplate(sql);
  const refs: string[] = [];
  const sources: [string, string][] = [];
  const vars: string[] = [];
  const config: Record<string, unknown> = {};
  const providedVars = ctx.vars ?? {};

  const root = new Scope();
  const str = (v: Value | undefined, what: string, line: number): string => {
    if (typeof v !== "string") throw new JinjaError(`${what} must be a string, got ${pyRepr(v ?? null, true)}`, line);
    return v;
  };
  root.set(
    "ref",
    new Callable("ref", (args, _kwargs, line) => {
      if (args.length < 1 || args.length > 2)
        throw new JinjaError(`ref() takes a model name (and optionally a package), got ${args.length} arguments`, line);
      const name = str(args[args.length - 1], "ref() model name", line);
      if (!refs.includes(name)) refs.push(name);
      return ctx.ref ? ctx.ref(name) : quoteIdent(name);
    }),
  );
  root.set(
    "source",
    new Callable("source", (args, _kwargs, line) => {
      if (args.length !== 2)
        throw new JinjaError(`source() takes a source name and a table name, got ${args.length} arguments`, line);
      const s = str(args[0], "source() source name", line);
      const t = str(args[1], "source() table name", line);
      if (!sources.some(([a, b]) => a === s && b === t)) sources.push([s, t]);
      return ctx.source ? ctx.source(s, t) : `${quoteIdent(s)}.${quoteIdent(t)}`;
    }),
  );
  root.set(
    "var",
    new Callable("var", (args, _kwargs, line) => {
      if (args.length < 1 || args.length > 2)
        throw new JinjaError(`var() takes a name and an optional default, got ${args.length} arguments`, line);
      const name = str(args[0], "var() name", line);
      if (!vars.includes(name)) vars.push(name);
      if (Object.prototype.hasOwnProperty.call(providedVars, name)) return toValue(providedVars[name]);
      if (args.length === 2) return args[1]!;
      throw new JinjaError(`required var '${name}' is not set and var() gives no default`, line);
    }),
  );
  root.set(
    "config",
    new Callable("config", (args, kwargs, line) => {
      if (args.length) throw new JinjaError("config() takes keyword arguments only", line);
      for (const [k, v] of Object.entries(kwargs)) config[k] = toPlain(v);
      return "";
    }),
  );
  root.set("is_incremental", new Callable("is_incremental", () => ctx.isIncremental ?? false));
  // dbt renders a model twice: while parsing (`execute` false) and when running it (true). Compiling a model to
  // run it is the second.
  root.set("execute", true);
  root.set("exceptions", {
    raise_compiler_error: new Callable("raise_compiler_error", (args, _kwargs, line) => {
      throw new JinjaError(typeof args[0] === "string" ? args[0] : pyRepr(args[0] ?? null, true), line);
    }),
  });
  root.set(
    "env_var",
    new Callable("env_var", (args, _kwargs, line) => {
      const name = str(args[0], "env_var() name", line);
      const value = ctx.env?.[name];
      if (value !== undefined) return value;
      if (args.length > 1) return args[1]!;
      throw new JinjaError(`environment variable '${name}' is not set and env_var() gives no default`, line);
    }),
  );
  root.set(
    "return",
    new Callable("return", (args) => {
      throw new ReturnSignal(args[0] ?? null);
    }),
  );
  root.set(
    "range",
    new Callable("range", (args, _kwargs, line) => {
      const n = args.map((a) => {
        if (typeof a !== "number") throw new JinjaError("range() takes numbers", line);
        return a;
      });
      const [start, stop, step] = n.length === 1 ? [0, n[0]!, 1] : [n[0]!, n[1]!, n[2] ?? 1];
      if (step === 0) throw new JinjaError("range() step must not be zero", line);
      if ((stop - start) / step > RENDER_BUDGET.steps)
        throw new JinjaError(`range() of more than ${RENDER_BUDGET.steps} numbers`, line);
      const out: number[] = [];
      for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
      return out;
    }),
  );
  if (ctx.this !== undefined) root.set("this", ctx.this);

  const getRoot = () => root;
  const renderer = makeRenderer(getRoot);
  for (const m of Object.values(ctx.macros ?? {})) {
    if (!root.has(m.name)) root.set(m.name, macroCallable(m.name, m.params, m.body, getRoot, renderer));
  }

  // Top-level set/macro go into the root scope: template macros can then call each other, as in Jinja.
  const out: string[] = [];
  try {
    renderer.render(nodes, root, out);
  } catch (signal) {
    if (signal instanceof ReturnSignal) throw new JinjaError("return() outside a macro", 1);
    throw signal;
  }
  return { sql: out.join(""), config, refs, sources, vars };
}
