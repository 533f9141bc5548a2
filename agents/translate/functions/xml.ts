import { type Construct } from "./constructs";
import type * as A from "~/agents/tsql/ast";
import { parseDataType } from "~/agents/tsql/parser";
import type { DataType } from "~/agents/catalog/schema";
import { columnSql, forClauseColumn, type OutputColumn } from "../context";
import type { Emitter, Scope, Typed } from "../emit";
import { quoteIdent, quoteString } from "../literals";
import { unparen } from "../ast-util";
import { wrap } from "../sql-text";
import {
  T,
  isApprox,
  isBinary,
  isBit,
  isDateOnly,
  isDateTime,
  isExact,
  isInteger,
  isMoney,
  isString,
  isTime,
  normalizeName,
} from "~/agents/tsql/type-rules";

/**
 * The xml data type's methods (docs: docs/t-sql/xml/{value,query,exist,nodes}-method-xml-data-type.md) and
 * FOR XML (docs: docs/relational-databases/xml/for-xml-sql-server.md and its mode pages) on PostgreSQL's XPath 1.0
 * (xpath, xpath_exists, xmltable). SQL Server evaluates XQuery; expressions that use XQuery beyond XPath 1.0
 * (FLWOR, sql:column, typed casts, value comparisons, constructors) are flagged for review by name.
 */

const XML: DataType = { name: "xml" };
export const isXml = (t?: DataType) => !!t && normalizeName(t.name) === "xml";

// ───────────────────────── namespaces ─────────────────────────

type Namespace = { uri: string; prefix?: string };
const namespaceScopes = new WeakMap<Emitter, Namespace[][]>();

/** WITH XMLNAMESPACES of the query being translated: visible to the XML methods inside it. */
export function enterXmlNamespaces(em: Emitter, ns: Namespace[] | undefined): () => void {
  if (!ns?.length) return () => {};
  const stack = namespaceScopes.get(em) ?? [];
  namespaceScopes.set(em, stack);
  stack.push(ns);
  return () => void stack.pop();
}

function visibleNamespaces(em: Emitter): Namespace[] {
  return (namespaceScopes.get(em) ?? []).flat();
}

// ───────────────────────── XPath ─────────────────────────

type XPath = { path: string; namespaces: [prefix: string, uri: string][]; locationFree: boolean };

/** XQuery constructs PostgreSQL's XPath 1.0 does not have, with the name the review item gives them. */
const XQUERY_ONLY: [RegExp, string][] = [
  [/\$/, "XQuery variables / FLWOR ($x)"],
  [/\b(for|let)\s+\$/, "FLWOR expressions (for/let … return)"],
  [/\bsql:(column|variable)\s*\(/, "sql:column() / sql:variable()"],
  [/\b(cast|castable)\s+as\b|\binstance\s+of\b|\btreat\s+as\b/, "typed casts (cast as / instance of)"],
  [/\bxs:\w+/, "xs: typed constructors"],
  [/\s(eq|ne|lt|le|gt|ge)\s/, "value comparisons (eq, ne, lt, le, gt, ge)"],
  [/\bif\s*\(/, "if … then … else"],
  [/\b(some|every)\s+\$/, "quantified expressions (some/every)"],
  [/\bdata\s*\(/, "data()"],
  [/[{}]|<[A-Za-z]/, "XML constructors"],
  [
    /\b(distinct-values|string-join|exists|empty|upper-case|lower-case|local-name-from-QName|max|min|avg)\s*\(/,
    "XQuery functions outside XPath 1.0",
  ],
];

/** Node tests that look like function calls. */
const NODE_TESTS = new Set(["text", "node", "comment", "processing-instruction"]);

/**
 * Rewrites relative location paths at the top level of the expression (outside predicates and strings) to
 * start at the context: SQL Server evaluates them from the instance's document node, or from the node a
 * .nodes() row stands for; PostgreSQL's xpath() always starts at the document of the value it gets, which
 * for a .nodes() row is a document whose root element is that node (`/*`).
 */
function anchorRelativePaths(
  path: string,
  context: "document" | "node",
): { path: string; ok: boolean; locationFree: boolean } {
  const root = context === "document" ? "/" : "/*/";
  const self = context === "document" ? "/" : "/*";
  let out = "";
  let depth = 0;
  let prev = "start"; // the previous significant token's class
  let ok = true;
  let locationFree = true;
  let i = 0;
  while (i < path.length) {
    const c = path[i]!;
    if (/\s/.test(c)) {
      out += c;
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = path.indexOf(c, i + 1);
      const j = end < 0 ? path.length : end + 1;
      out += path.slice(i, j);
      i = j;
      prev = "operand";
      continue;
    }
    if (c === "[") depth++;
    if (c === "]") depth--;
    const startsPath = depth === 0 && ["start", "open", "operator"].includes(prev);
    const name = /^[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?/.exec(path.slice(i))?.[0];
    if (name && path.startsWith("::", i + name.length)) {
      // An axis (`child::a`, `descendant-or-self::node()`): the step it starts is anchored like a name.
      locationFree = false;
      if (
        startsPath &&
        [
          "parent",
          "ancestor",
          "ancestor-or-self",
          "preceding",
          "preceding-sibling",
          "following",
          "following-sibling",
        ].includes(name) &&
        context === "node"
      )
        ok = false;
      out += (startsPath ? root : "") + name + "::";
      i += name.length + 2;
      prev = "axis";
      continue;
    }
    if (name) {
      const after = path.slice(i + name.length).trimStart();
      const isCall = after.startsWith("(") && !NODE_TESTS.has(name);
      const isOperator = ["and", "or", "div", "mod"].includes(name) && prev === "operand";
      if (isOperator) {
        out += name;
        prev = "operator";
      } else if (isCall) {
        out += name;
        prev = "function";
      } else {
        locationFree = false;
        out += (startsPath ? root : "") + name;
        prev = "operand";
      }
      i += name.length;
      continue;
    }
    if (c === "/") {
      locationFree = false;
      if (startsPath && context === "node") ok = false; // absolute path from a .nodes() row: the original document is not at hand
      out += c;
      i++;
      prev = "operator-slash";
      continue;
    }
    if (c === "@" || c === "*") {
      const isMultiply = c === "*" && prev === "operand";
      if (!isMultiply) locationFree = false;
      out += (startsPath && !isMultiply ? root : "") + c;
      i++;
      prev = isMultiply ? "operator" : c === "@" ? "axis" : "operand";
      continue;
    }
    if (c === ".") {
      if (path.startsWith("..", i)) {
        locationFree = false;
        if (startsPath) ok = false; // the parent of a .nodes() row is not at hand
        out += "..";
        i += 2;
        prev = "operand";
        continue;
      }
      if (/\d/.test(path[i + 1] ?? "")) {
        const num = /^\.\d+/.exec(path.slice(i))![0];
        out += num;
        i += num.length;
        prev = "operand";
        continue;
      }
      locationFree = false;
      if (startsPath) {
        // `.` is the context itself; `./x` continues from it.
        out += path[i + 1] === "/" ? self.replace(/\/$/, "") : self;
        i++;
        prev = "operand";
        continue;
      }
      out += c;
      i++;
      prev = "operand";
      continue;
    }
    if (/\d/.test(c)) {
      const num = /^\d+(\.\d*)?/.exec(path.slice(i))![0];
      out += num;
      i += num.length;
      prev = "operand";
      continue;
    }
    if (c === "(" || c === ",") {
      out += c;
      i++;
      prev = "open";
      continue;
    }
    if (c === ")" || c === "]") {
      out += c;
      i++;
      prev = "operand";
      continue;
    }
    out += c;
    i++;
    prev = c === "[" ? "open" : "operator";
  }
  return { path: out, ok, locationFree };
}

function xpathOf(
  em: Emitter,
  ast: A.Expr | undefined,
  line: number,
  construct: Construct,
  context: "document" | "node",
): XPath | undefined {
  const lit = ast ? unparen(ast) : undefined;
  if (lit?.kind !== "literal" || lit.type !== "string") {
    em.issue(construct, line, "The XQuery argument must be a string literal");
    return undefined;
  }
  let text = lit.value;
  const namespaces: [string, string][] = [];
  // XPath 1.0 has no default element namespace: it gets a prefix of its own, written on every unprefixed element
  // name of the path (attributes take no default namespace: docs: with-xmlnamespaces.md, xquery prolog).
  let defaultUri: string | undefined;
  for (const ns of visibleNamespaces(em)) {
    if (ns.prefix === undefined) defaultUri = ns.uri;
    else namespaces.push([ns.prefix, ns.uri]);
  }
  // The XQuery prolog: `declare namespace p = "uri";` becomes an xpath() namespace mapping.
  for (;;) {
    const m = /^\s*declare\s+(default\s+element\s+)?namespace\s+(?:([\w.-]+)\s*=\s*)?(["'])(.*?)\3\s*;/i.exec(text);
    if (!m) break;
    if (m[1] || !m[2]) defaultUri = m[4]!;
    else namespaces.push([m[2], m[4]!]);
    text = text.slice(m[0].length);
  }
  text = text.trim().replace(/\bfn:(?=[\w-]+\s*\()/g, "");
  if (defaultUri !== undefined && defaultUri !== "") {
    let prefix = "default";
    while (namespaces.some(([p]) => p === prefix)) prefix += "_";
    namespaces.push([prefix, defaultUri]);
    text = prefixElementNames(text, prefix);
  }
  const unsupported = XQUERY_ONLY.filter(([re]) => re.test(text.replace(/(["']).*?\1/g, "''"))).map(([, what]) => what);
  if (unsupported.length) {
    em.issue(construct, line, `XQuery beyond XPath 1.0 is not translated: ${unsupported.join(", ")}`);
    return undefined;
  }
  const anchored = anchorRelativePaths(text, context);
  if (!anchored.ok) {
    em.issue(construct, line, "A path that leaves a .nodes() row (absolute or parent steps) is not translated");
    return undefined;
  }
  return { path: anchored.path, namespaces, locationFree: anchored.locationFree };
}

/**
 * The path with `prefix:` before each element name test that has no prefix (XPath 1.0's lexical rules: a name is
 * an operator — and, or, div, mod — after an operand, a function or node test before `(`, an axis before `::`;
 * after `@` or `attribute::` it names an attribute).
 */
export function prefixElementNames(path: string, prefix: string): string {
  const tokens: string[] =
    path.match(
      /"[^"]*"|'[^']*'|\s+|::|\/\/|\.\.|[!<>]=|[A-Za-z_][\w.-]*(?::(?:[A-Za-z_][\w.-]*|\*))?|\d+(?:\.\d*)?|\.\d+|[\s\S]/g,
    ) ?? [];
  const significant = (from: number, step: number) => {
    for (let k = from; k >= 0 && k < tokens.length; k += step) if (!/^\s+$/.test(tokens[k]!)) return tokens[k];
    return undefined;
  };
  return tokens
    .map((token, k) => {
      if (!/^[A-Za-z_][\w.-]*$/.test(token)) return token;
      const before = significant(k - 1, -1);
      const after = significant(k + 1, 1);
      if (after === "(" || after === "::") return token;
      if (before === "@" || before === "$") return token;
      if (before === "::" && significant(tokens.lastIndexOf("::", k) - 1, -1) === "attribute") return token;
      // After an operand the name is an operator (docs: XPath 1.0, 3.7 Lexical Structure).
      const operand = before !== undefined && (/^[\w.'"\])*]/.test(before) || before === "..") && before !== "*";
      if (operand && ["and", "or", "div", "mod"].includes(token)) return token;
      return `${prefix}:${token}`;
    })
    .join("");
}

function nsArray(x: XPath): string {
  return x.namespaces.length
    ? `, array[${x.namespaces.map(([p, u]) => `array[${quoteString(p)}, ${quoteString(u)}]`).join(", ")}]`
    : "";
}

function xmlTableNamespaces(x: XPath): string {
  return x.namespaces.length
    ? `xmlnamespaces(${x.namespaces.map(([p, u]) => `${quoteString(u)} as ${quoteIdent(p)}`).join(", ")}), `
    : "";
}

// ───────────────────────── instances ─────────────────────────

/** Columns that hold a .nodes() row's context node (their SQL text), per emitter. */
const contextNodeColumns = new WeakMap<Emitter, Set<string>>();

function contextOf(em: Emitter, target: Typed): "document" | "node" {
  return contextNodeColumns.get(em)?.has(target.sql) ? "node" : "document";
}

/**
 * The instance as text and as a PostgreSQL xml document. SQL Server discards whitespace-only text nodes when it
 * converts a string to xml (docs: create-instances-of-xml-data.md, "white space handling"), so they are removed
 * the same way; the empty string is an empty instance, which PostgreSQL cannot parse as a document (NULL here,
 * each method then answers for the empty instance itself).
 */
function instance(target: Typed): { text: string; doc: string } {
  const text = `(${target.sql})::text`;
  return { text, doc: `nullif(${withoutWhiteSpaceText(text)}, '')::xml` };
}

/** The text without its white-space-only text between tags, as SQL Server's parser drops it by default. */
function withoutWhiteSpaceText(text: string): string {
  return `regexp_replace(${text}, '>\\s+<', '><', 'g')`;
}

/**
 * A string converted to xml (CAST, CONVERT, assignment; docs: create-instances-of-xml-data.md, "White Space
 * Handling", and cast-and-convert-transact-sql.md, xml styles): style 0 drops white-space-only text between tags,
 * style 1 keeps it. An xml:space attribute, which keeps white space under it, fails the model with the reason
 * rather than dropping it.
 */
export function stringToXml(em: Emitter, x: Typed, style: number | undefined, line: number): Typed {
  const text = `(${x.sql})::text`;
  if (style === 1) return { sql: `(${text})::xml`, type: XML };
  if (style !== undefined && style !== 0) {
    em.issue("CONVERT", line, `CONVERT to xml with style ${style} is not translated`);
    return { sql: `(${text})::xml`, type: XML };
  }
  const message = `conversion to xml at line ${line}: xml:space keeps white space that the rules drop`;
  return {
    sql: `(case when cast(case when strpos(${text}, 'xml:space') > 0 then ${quoteString(message)} end as integer) is null then ${withoutWhiteSpaceText(text)} end)::xml`,
    type: XML,
  };
}

/** `x.value(XQuery, 'type')`, `x.query(XQuery)`, `x.exist(XQuery)` → Typed; `.modify()` and others are flagged. */
export function xmlMethod(em: Emitter, target: Typed, method: string, args: A.Expr[], line: number): Typed {
  const m = method.toLowerCase();
  const construct = `XML .${m}()` as const;
  em.constructs.add(construct);
  if (target.type && !isXml(target.type) && !isString(target.type)) {
    em.issue(construct, line, `.${method}() is called on a ${normalizeName(target.type.name)} value, not xml`);
    return { sql: "null" };
  }
  if (!["value", "query", "exist"].includes(m)) {
    em.issue(
      construct,
      line,
      m === "modify"
        ? "XML DML (.modify()) changes data: outside a dbt model"
        : `.${method}() is not an xml method that can be translated here`,
    );
    return { sql: "null" };
  }
  const expected = m === "value" ? 2 : 1;
  if (args.length !== expected) {
    em.issue(construct, line, `.${m}() takes ${expected} argument${expected > 1 ? "s" : ""}`);
    return { sql: "null" };
  }
  const xp = xpathOf(em, args[0], line, construct, contextOf(em, target));
  if (!xp) return { sql: "null" };
  const { text, doc } = instance(target);
  if (m === "value") {
    const typeArg = unparen(args[1]!);
    let type: DataType | undefined;
    try {
      type = typeArg.kind === "literal" && typeArg.type === "string" ? parseDataType(typeArg.value) : undefined;
    } catch {
      type = undefined;
    }
    if (!type) {
      em.issue(construct, line, "The SQL type argument of .value() must be a type name literal");
      return { sql: "null" };
    }
    // xmltable's text column is the XPath string value of the single node (or of the atomic result); an empty
    // result is NULL, as .value() returns for an empty sequence. PASSING takes a bracketed expression or a call:
    // cast(… as xml) rather than (…), which sqlfluff's grammar reads as a function named passing.
    const atom = `(select "__v" from xmltable(${xmlTableNamespaces(xp)}'/' passing cast(${doc} as xml) columns "__v" text path ${quoteString(xp.path)}))`;
    return em.convert({ sql: atom, type: T.nvarchar("max") }, type, undefined, line, {
      kind: "column",
      parts: ["__xml_value"],
      line,
    });
  }
  if (m === "query") {
    return {
      sql: `case when ${text} is null then null when ${doc} is null then ''::xml else array_to_string(xpath(${quoteString(xp.path)}, ${doc}${nsArray(xp)})::text[], '')::xml end`,
      type: XML,
    };
  }
  // exist(): 1 when the result is not empty — an atomic result such as true() or false() counts (docs: exist-method-xml-data-type.md).
  const onEmptyInstance = xp.locationFree
    ? `xpath_exists(${quoteString(xp.path)}, '<empty/>'::xml${nsArray(xp)})`
    : "false";
  return {
    sql: `case when ${text} is null then null when ${doc} is null then ${onEmptyInstance} else xpath_exists(${quoteString(xp.path)}, ${doc}${nsArray(xp)}) end`,
    type: T.bit,
  };
}

/**
 * `CROSS APPLY x.nodes(XQuery) AS t(c)`: one row per node, `c` standing for it (docs: nodes-method-xml-data-type.md)
 * → unnest(xpath(…)). Methods on `c` evaluate relative paths from that node.
 */
export function xmlNodesTable(
  em: Emitter,
  target: Typed,
  args: A.Expr[],
  alias: string,
  columns: string[] | undefined,
  line: number,
): { sql: string; columns: OutputColumn[] } | undefined {
  em.constructs.add("XML .nodes()");
  if (args.length !== 1 || columns?.length !== 1) {
    em.issue("XML .nodes()", line, ".nodes() takes one XQuery and is aliased as t(c)");
    return undefined;
  }
  const xp = xpathOf(em, args[0], line, "XML .nodes()", contextOf(em, target));
  if (!xp) return undefined;
  const column = columns[0]!;
  const set = contextNodeColumns.get(em) ?? new Set<string>();
  contextNodeColumns.set(em, set);
  set.add(`${quoteIdent(alias)}.${quoteIdent(column)}`);
  const { doc } = instance(target);
  return {
    sql: `select "__n" as ${quoteIdent(column)} from unnest(xpath(${quoteString(xp.path)}, ${doc}${nsArray(xp)})) as "__x" ("__n")`,
    columns: [{ name: column, type: XML }],
  };
}

// ───────────────────────── FOR XML ─────────────────────────

/** Text content escaped as SQL Server serializes it: & < > and carriage return. */
function escapeText(sql: string): string {
  return `replace(replace(replace(replace(${sql}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), chr(13), '&#xD;')`;
}

/** Attribute values also escape the quote and the white-space characters an XML parser would normalize. */
function escapeAttribute(sql: string): string {
  return `replace(replace(replace(${escapeText(sql)}, '"', '&quot;'), chr(9), '&#x9;'), chr(10), '&#xA;')`;
}

/**
 * A value as the text FOR XML writes (docs: for-xml-sql-server.md and "Type casting rules in XQuery"): numbers as
 * written, bit as 1/0, date/datetime in xs:date / xs:dateTime form, uniqueidentifier upper-case, binary as base64.
 * Undocumented spellings (float, money, datetime2, time, datetimeoffset) are flagged.
 */
function xmlValueText(em: Emitter, x: Typed, line: number, construct: Construct): string | undefined {
  const t = x.type;
  if (x.sql === "null" && !t) return "null::text";
  if (isString(t)) return `(${x.sql})::text`;
  if (isBit(t)) return `case when ${wrap(x.sql)} then '1' when not ${wrap(x.sql)} then '0' end`;
  if (isInteger(t) || isExact(t)) return `(${x.sql})::text`;
  if (isDateOnly(t)) return `to_char(${x.sql}, 'YYYY-MM-DD')`;
  if (t && normalizeName(t.name) === "datetime") {
    return `(to_char(${x.sql}, 'YYYY-MM-DD"T"HH24:MI:SS') || case when extract(milliseconds from ${x.sql})::integer % 1000 = 0 then '' else to_char(${x.sql}, '.MS') end)`;
  }
  if (t && normalizeName(t.name) === "uniqueidentifier") return `upper((${x.sql})::text)`;
  if (isBinary(t)) return `replace(encode(${x.sql}, 'base64'), E'\\n', '')`;
  if (isMoney(t) || isApprox(t) || isDateTime(t) || isTime(t)) {
    em.issue(
      construct,
      line,
      `The text FOR XML writes for a ${normalizeName(t!.name)} value is not documented precisely enough to reproduce`,
    );
    return undefined;
  }
  em.issue(
    construct,
    line,
    `The XML text of a value of ${t ? `type ${normalizeName(t.name)}` : "unknown type"} cannot be determined`,
  );
  return undefined;
}

const XML_NAME = /^[A-Za-z_][\w.-]*$/;

/**
 * A name FOR XML writes as is: an XML name without a colon, or `prefix:name` whose prefix is `xml` (predefined) or
 * one WITH XMLNAMESPACES declares (docs: add-namespaces-to-queries-with-with-xmlnamespaces.md); SQL Server refuses
 * an undeclared prefix.
 */
function writableName(em: Emitter, name: string): boolean {
  const colon = name.indexOf(":");
  if (colon < 0) return XML_NAME.test(name);
  const prefix = name.slice(0, colon);
  return (
    XML_NAME.test(prefix) &&
    XML_NAME.test(name.slice(colon + 1)) &&
    (prefix === "xml" || visibleNamespaces(em).some((ns) => ns.prefix === prefix))
  );
}

/**
 * The namespace declarations WITH XMLNAMESPACES puts on each top-level element FOR XML writes (the ROOT element, else
 * each row element): `xmlns="…"` for DEFAULT, `xmlns:p="…"` for each prefix (same page), as text for a SQL literal.
 */
function namespaceDeclarations(em: Emitter): string {
  const attribute = (ns: Namespace) =>
    ` ${ns.prefix === undefined ? "xmlns" : `xmlns:${ns.prefix}`}="${ns.uri.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll('"', "&quot;")}"`;
  return visibleNamespaces(em).map(attribute).join("").replaceAll("'", "''");
}

type Cell = { name: string; value: Typed };

/** PATH-mode column names: `@a` attribute, `a/b` nested element, ``/`text()`/unnamed text, `*` inline. */
function pathCells(
  em: Emitter,
  cells: Cell[],
  line: number,
  construct: Construct,
  absent: "omit" | "xsinil",
): { attributes: string[]; content: string[] } | undefined {
  const attributes: string[] = [];
  const content: string[] = [];
  let i = 0;
  while (i < cells.length) {
    const cell = cells[i]!;
    const name = cell.name;
    if (name.startsWith("@")) {
      const attr = name.slice(1);
      if (!writableName(em, attr))
        return void em.issue(construct, line, `Attribute name ${name} is not an XML name SQL Server writes as is`);
      if (content.length)
        return void em.issue(construct, line, `Attribute ${name} after element content is an error in SQL Server`);
      const v = xmlValueText(em, cell.value, line, construct);
      if (v === undefined) return undefined;
      attributes.push(`' ${attr}="' || ${escapeAttribute(v)} || '"'`);
      i++;
      continue;
    }
    if (name === "" || name === "text()" || name === "*") {
      const v = isXml(cell.value.type) ? `(${cell.value.sql})::text` : xmlValueText(em, cell.value, line, construct);
      if (v === undefined) return undefined;
      content.push(isXml(cell.value.type) ? v : escapeText(v));
      i++;
      continue;
    }
    if (name.includes("/")) {
      // Consecutive columns under the same first step share one element; a column named the step itself is that
      // element's text (docs: add-namespaces-to-queries-with-with-xmlnamespaces.md: "English/@xml:lang", "English").
      const head = name.split("/")[0]!;
      const group: Cell[] = [];
      for (; i < cells.length; i++) {
        const next = cells[i]!.name;
        if (next === head) group.push({ name: "", value: cells[i]!.value });
        else if (next.includes("/") && next.split("/")[0] === head)
          group.push({ name: next.slice(head.length + 1), value: cells[i]!.value });
        else break;
      }
      if (!writableName(em, head))
        return void em.issue(construct, line, `Element name ${head} is not an XML name SQL Server writes as is`);
      const inner = pathCells(em, group, line, construct, absent);
      if (!inner) return undefined;
      // The element is written only when something inside it is not NULL.
      const parts = [...inner.attributes, ...inner.content];
      const any = parts.map((p) => `(${p}) is not null`).join(" or ");
      content.push(
        `case when ${any} then '<${head}' || ${concatParts(inner.attributes)} || '>' || ${concatParts(inner.content)} || '</${head}>' end`,
      );
      continue;
    }
    if (["data()", "node()", "comment()"].includes(name) || name.startsWith("processing-instruction")) {
      return void em.issue(construct, line, `FOR XML PATH column name ${name} is not translated`);
    }
    if (!writableName(em, name))
      return void em.issue(
        construct,
        line,
        `Column name ${name} is not an XML name SQL Server writes as is (it encodes such names as _xHHHH_)`,
      );
    const v = isXml(cell.value.type) ? `(${cell.value.sql})::text` : xmlValueText(em, cell.value, line, construct);
    if (v === undefined) return undefined;
    const body = isXml(cell.value.type) ? v : escapeText(v);
    content.push(
      absent === "xsinil"
        ? `coalesce('<${name}>' || ${body} || '</${name}>', '<${name} xsi:nil="true"/>')`
        : `'<${name}>' || ${body} || '</${name}>'`,
    );
    i++;
  }
  return { attributes, content };
}

function concatParts(parts: string[]): string {
  return parts.length ? `concat(${parts.join(", ")})` : "''";
}

export type ForSource = { sql: string; columns: (OutputColumn & { unnamed?: boolean })[]; single?: { table: string } };

/**
 * `SELECT … FOR XML RAW|AUTO|PATH [('name')] [, ELEMENTS [XSINIL]] [, ROOT('r')] [, TYPE]` over the query's rows
 * → one text (xml with TYPE): each row an element built by string concatenation, rows in the query's order,
 * NULL columns left out (docs: for-xml-sql-server.md; use-raw-mode-with-for-xml.md, use-path-mode-with-for-xml.md,
 * use-auto-mode-with-for-xml.md). The caller passes the query without its FOR clause.
 */
export function forXml(
  em: Emitter,
  clause: Extract<A.ForClause, { kind: "xml" }>,
  source: ForSource,
  rowAlias: string,
): Typed | undefined {
  const construct = `FOR XML ${clause.mode}` as const;
  em.constructs.add(construct);
  const line = clause.line;
  if (clause.mode === "EXPLICIT")
    return void em.issue(construct, line, "FOR XML EXPLICIT's universal-table format is not translated");
  if (clause.xsinil && clause.mode === "PATH")
    return void em.issue(
      construct,
      line,
      "ELEMENTS XSINIL writes the xsi namespace declaration on each row element: not translated",
    );
  if (clause.binaryBase64) return void em.issue(construct, line, "BINARY BASE64 is not translated");
  const cells: Cell[] = source.columns.map((c) => ({
    name: c.unnamed ? "" : c.name,
    value: { sql: `${quoteIdent(rowAlias)}.${columnSql(c)}`, ...(c.type ? { type: c.type } : {}) },
  }));
  // WITH XMLNAMESPACES declarations go on the ROOT element, else on each row element.
  const declarations = namespaceDeclarations(em);
  const rowDeclarations = clause.root === undefined ? declarations : "";
  let element: string | undefined;
  let row: string | undefined;
  if (clause.mode === "PATH") {
    element = clause.element ?? "row";
    const built = pathCells(em, cells, line, construct, "omit");
    if (!built) return undefined;
    if (element === "") {
      if (built.attributes.length)
        return void em.issue(
          construct,
          line,
          "Attributes need a row element: FOR XML PATH('') with @ columns is an error in SQL Server",
        );
      row = concatParts(built.content);
    } else
      row = `'<${element}${rowDeclarations}' || ${concatParts(built.attributes)} || ${built.content.length ? `'>' || ${concatParts(built.content)} || '</${element}>'` : `'/>'`}`;
  } else {
    if (clause.mode === "AUTO") {
      if (!source.single)
        return void em.issue(
          construct,
          line,
          "FOR XML AUTO over more than one table nests rows by table: not translated",
        );
      element = source.single.table;
    } else element = clause.element ?? "row";
    if (cells.some((c) => c.name === ""))
      return void em.issue(construct, line, `FOR XML ${clause.mode} needs a name for every column`);
    if (clause.elements) {
      const built = pathCells(
        em,
        cells.filter((c) => !c.name.startsWith("@")),
        line,
        construct,
        clause.xsinil ? "xsinil" : "omit",
      );
      if (!built) return undefined;
      if (clause.xsinil)
        return void em.issue(
          construct,
          line,
          "ELEMENTS XSINIL writes the xsi namespace declaration on each row element: not translated",
        );
      row = `'<${element}${rowDeclarations}>' || ${concatParts(built.content)} || '</${element}>'`;
    } else {
      const attrs: string[] = [];
      for (const c of cells) {
        if (!writableName(em, c.name))
          return void em.issue(construct, line, `Column name ${c.name} is not an XML name SQL Server writes as is`);
        if (isXml(c.value.type))
          return void em.issue(
            construct,
            line,
            `xml column ${c.name} in FOR XML ${clause.mode} attribute form is not translated`,
          );
        const v = xmlValueText(em, c.value, line, construct);
        if (v === undefined) return undefined;
        attrs.push(`' ${c.name}="' || ${escapeAttribute(v)} || '"'`);
      }
      row = `'<${element}${rowDeclarations}' || ${concatParts(attrs)} || '/>'`;
    }
  }
  if (element !== undefined && element !== "" && !writableName(em, element))
    return void em.issue(construct, line, `Element name ${element} is not an XML name SQL Server writes as is`);
  if (clause.root !== undefined && !writableName(em, clause.root))
    return void em.issue(construct, line, `Root name ${clause.root} is not an XML name SQL Server writes as is`);
  if (declarations && clause.root === undefined && element === "")
    return void em.issue(
      construct,
      line,
      "WITH XMLNAMESPACES over FOR XML PATH('') without ROOT declares the namespaces on each column's element: not translated",
    );

  const value = columnSql(forClauseColumn("xml"));
  let sql = `(select string_agg(${row}, '' order by "__ord") as ${value} from (select *, row_number() over () as "__ord" from (\n${source.sql}\n) as "__src") as ${quoteIdent(rowAlias)})`;
  if (clause.root !== undefined) sql = `('<${clause.root}${declarations}>' || ${sql} || '</${clause.root}>')`;
  return clause.type ? { sql: `(${sql})::xml`, type: XML } : { sql, type: T.nvarchar("max") };
}

export function isXmlTyped(x: Typed): boolean {
  return isXml(x.type);
}

/** For the FROM item parser's `@x.nodes(…)` / `t.col.nodes(…)`: the xml expression a .nodes() call reads. */
export function nodesTarget(em: Emitter, ts: A.FunctionTable, scope: Scope): Typed | undefined {
  if (ts.target) return em.expr(ts.target, scope);
  const parts = ts.call.name.slice(0, -1);
  return parts.length ? em.expr({ kind: "column", parts, line: ts.line }, scope) : undefined;
}
