import fs from "node:fs";
import { describe, expect, it } from "vitest";
import type * as A from "./ast";
import { batchTexts } from "./batches";
import { MAX_NESTING, MAX_TREE_DEPTH, ParseError, parseBatch, parseExpression, parseQuery } from "./parser";
import { sharedCorpus } from "~/runtime/testing/corpora";

const NORTHWIND = sharedCorpus("northwind")?.script;
const hasNorthwind = NORTHWIND !== undefined;

const select = (q: A.Query) => q.body as A.SelectCore;

describe("parseExpression", () => {
  it("follows T-SQL operator precedence", () => {
    const e = parseExpression("a + b * c - d") as A.Binary;
    expect(e.op).toBe("-");
    expect((e.left as A.Binary).op).toBe("+");
    expect(((e.left as A.Binary).right as A.Binary).op).toBe("*");
    const logic = parseExpression("a = 1 or b = 2 and not c = 3") as A.Binary;
    expect(logic.op).toBe("OR");
    expect((logic.right as A.Binary).op).toBe("AND");
  });

  it("reads BETWEEN, IN lists and subqueries, LIKE … ESCAPE, IS NOT NULL, EXISTS, quantified comparisons", () => {
    expect(parseExpression("x not between 1 and 2 and y = 1").kind).toBe("binary");
    const inq = parseExpression("x in (select id from t)") as A.InList;
    expect(inq.query?.kind).toBe("query");
    expect((parseExpression("x not in (1, 2, 3)") as A.InList).list).toHaveLength(3);
    expect(parseExpression("n like '[0-9]%' escape '!'")).toMatchObject({ kind: "like", escape: { value: "!" } });
    expect(parseExpression("x is not null")).toMatchObject({ kind: "isnull", not: true });
    expect(parseExpression("exists (select 1 from t)").kind).toBe("exists");
    expect(parseExpression("x > all (select y from t)")).toMatchObject({
      kind: "quantified",
      quantifier: "ALL",
      op: ">",
    });
  });

  it("reads CAST, CONVERT with a style, TRY_CONVERT, CASE forms, COLLATE and window functions", () => {
    expect(parseExpression("cast(x as decimal(14, 2))")).toMatchObject({
      kind: "cast",
      fn: "CAST",
      type: { name: "decimal", precision: 14, scale: 2 },
    });
    expect(parseExpression("CONVERT(nvarchar(22), d, 111)")).toMatchObject({
      kind: "cast",
      fn: "CONVERT",
      type: { name: "nvarchar", length: 22 },
      style: { value: "111" },
    });
    expect(parseExpression("try_convert(varchar(max), x)")).toMatchObject({
      fn: "TRY_CONVERT",
      type: { length: "max" },
    });
    expect(parseExpression("case x when 1 then 'a' else 'b' end")).toMatchObject({
      kind: "case",
      operand: { kind: "column" },
    });
    expect(parseExpression("name collate Latin1_General_CS_AS")).toMatchObject({
      kind: "collate",
      collation: "Latin1_General_CS_AS",
    });
    const w = parseExpression("row_number() over (partition by a order by b desc, c)") as A.Call;
    expect(w.over?.partitionBy).toHaveLength(1);
    expect(w.over?.orderBy.map((o) => o.desc)).toEqual([true, false]);
    expect((parseExpression("string_agg(x, ',') within group (order by x)") as A.Call).withinGroup).toHaveLength(1);
  });

  it("reads literals: N strings, money, binary, negative numbers, variables and quoted multi-part names", () => {
    expect(parseExpression("N'é'")).toMatchObject({ kind: "literal", type: "string", unicode: true, value: "é" });
    expect(parseExpression("$20.00")).toMatchObject({ type: "money", value: "20.00" });
    expect(parseExpression("0xFF")).toMatchObject({ type: "binary", value: "FF" });
    expect(parseExpression("-1.5")).toMatchObject({ type: "number", value: "-1.5" });
    expect(parseExpression("@@ROWCOUNT")).toMatchObject({ kind: "variable", name: "@ROWCOUNT" });
    expect(parseExpression('[db].dbo."Order Details".[Unit Price]')).toMatchObject({
      kind: "column",
      parts: ["db", "dbo", "Order Details", "Unit Price"],
    });
  });

  it("reports the line of a parse error", () => {
    expect(() => parseExpression("1 +\n\n)")).toThrow(ParseError);
    try {
      parseExpression("1 +\n\n)");
    } catch (e) {
      expect((e as ParseError).line).toBe(3);
    }
  });
});

describe("parseQuery", () => {
  it("reads TOP n PERCENT WITH TIES, alias forms, t.*, INTO #temp, GROUP BY WITH ROLLUP, HAVING, ORDER BY, OPTION", () => {
    const q = parseQuery(
      "select distinct top (10) percent with ties Total = sum(x), y as [Why], z zed, 'lit' 'alias', t.* into #tmp from t with (nolock) group by y with rollup having sum(x) > 1 order by y desc option (maxdop 1)",
    );
    const s = select(q);
    expect(s.distinct).toBe(true);
    expect(s.top).toMatchObject({ percent: true, withTies: true });
    expect(s.items.map((i) => (i.kind === "expr" ? i.alias : i.kind))).toEqual([
      "Total",
      "Why",
      "zed",
      "alias",
      "star",
    ]);
    expect(s.into).toEqual(["#tmp"]);
    expect(s.from[0]).toMatchObject({ kind: "table", hints: ["NOLOCK"] });
    expect(s.groupByWith).toBe("ROLLUP");
    expect(s.having).toBeDefined();
    expect(q.orderBy[0]!.desc).toBe(true);
    expect(q.option).toMatch(/option \(maxdop 1\)/i);
  });

  it("reads every join form, APPLY, derived tables, nested parenthesized joins and old-style hints", () => {
    const q = parseQuery(
      "select * from a inner join (b left outer join c on b.id = c.id) on a.id = b.id right join d on 1=1 full join e on 1=1 cross join f cross apply (select top 1 * from g where g.a = a.id) x outer apply dbo.fn(a.id) y, (select 1 as n) as dt, h (nolock)",
    );
    const from = select(q).from;
    expect(from).toHaveLength(3);
    const top = from[0] as A.Join;
    expect(top.type).toBe("OUTER APPLY");
    expect(from[1]).toMatchObject({ kind: "derived", alias: "dt" });
    expect(from[2]).toMatchObject({ kind: "table", hints: ["NOLOCK"] });
  });

  it("reads CTEs and set operations with INTERSECT binding tighter than UNION", () => {
    const q = parseQuery(
      "with a (n) as (select 1), b as (select n from a) select n from a union all select n from b intersect select 2 except select 3",
    );
    expect(q.ctes.map((c) => c.name)).toEqual(["a", "b"]);
    const body = q.body as A.SetOp;
    expect(body.op).toBe("EXCEPT");
    expect((body.left as A.SetOp).op).toBe("UNION ALL");
    expect(((body.left as A.SetOp).right as A.SetOp).op).toBe("INTERSECT");
  });

  it("reads PIVOT and UNPIVOT", () => {
    const p = select(parseQuery("select * from (select y, m, v from t) s pivot (sum(v) for m in ([1], [2])) as p"));
    expect(p.from[0]).toMatchObject({ kind: "pivot", alias: "p", values: [{ value: "1" }, { value: "2" }] });
    const u = select(parseQuery("select * from t unpivot (v for m in (a, b)) as u"));
    expect(u.from[0]).toMatchObject({ kind: "unpivot", valueColumn: "v", forColumn: "m", columns: ["a", "b"] });
  });

  it("reads FOR XML PATH('') and FOR JSON", () => {
    expect(parseQuery("select ',' + x from t for xml path('')").for).toMatchObject({
      kind: "xml",
      mode: "PATH",
      element: "",
    });
    expect(parseQuery("select x from t for json path, without_array_wrapper").for).toMatchObject({
      kind: "json",
      withoutArrayWrapper: true,
    });
  });
});

describe("parseBatch: statements", () => {
  it("reads a procedure header with parameters, defaults and OUTPUT", () => {
    const [p] = parseBatch(
      "create procedure dbo.p @a int, @b nvarchar(4) = '1998', @c datetime = null output as select 1",
    );
    expect(p).toMatchObject({ kind: "createprocedure", name: ["dbo", "p"] });
    const params = (p as A.CreateProcedure).params;
    expect(params.map((x) => [x.name, x.type.name, x.output])).toEqual([
      ["a", "int", false],
      ["b", "nvarchar", false],
      ["c", "datetime", true],
    ]);
    expect(params[1]!.default).toMatchObject({ value: "1998" });
  });

  it("reads a parameter's NULL / NOT NULL (create-procedure-transact-sql.md) and keeps its type as the translator reads types", () => {
    const [p] = parseBatch(
      "create procedure p @a int null = 1, @b dbo.Phone not null, @c varchar(5) varying as select @a",
    );
    const params = (p as A.CreateProcedure).params;
    expect(params.map((x) => [x.name, x.type.name])).toEqual([
      ["a", "int"],
      ["b", "phone"],
      ["c", "varchar"],
    ]);
    expect(params[0]!.default).toMatchObject({ kind: "literal", value: "1" });
  });

  it("skips ALTER TABLE whole, its SET (…), DROP PERIOD/COLUMN/CONSTRAINT and ALTER COLUMN included (docs: alter-table-transact-sql.md)", () => {
    const body = (
      parseBatch(`create proc p as
alter table dbo.T set (system_versioning = off)
alter table dbo.T drop period for system_time
alter table dbo.T drop constraint df_x
alter table dbo.T alter column c int not null
set nocount on
drop table dbo.Old
select 1 as one`)[0] as A.CreateProcedure
    ).body;
    expect(body.map((s) => (s.kind === "other" ? `other ${s.keyword}: ${s.text}` : s.kind))).toEqual([
      "other ALTER TABLE: alter table dbo.T set (system_versioning = off)",
      "other ALTER TABLE: alter table dbo.T drop period for system_time",
      "other ALTER TABLE: alter table dbo.T drop constraint df_x",
      "other ALTER TABLE: alter table dbo.T alter column c int not null",
      "setoption",
      "drop",
      "select",
    ]);
  });

  it("reads procedural statements without semicolons", () => {
    const body = (
      parseBatch(`create proc p as
set nocount on
declare @x int = 1, @t table (id int primary key, n nvarchar(10))
set rowcount 10
if @x > 0 begin select @x = 2 end else set @x = 3
while @x < 10 begin set @x += 1; if @x = 5 break end
insert into @t (id, n) values (1, 'a'), (2, 'b')
insert #tmp select * from t
update @t set n = 'c' where id = 1
delete from @t where id = 2
create table #u (a int not null, b money default 0)
exec dbo.other @a = 1, @b = @x output
exec ('select 1')
begin try begin tran; select 1; commit end try begin catch rollback; throw; end catch
raiserror('bad %d', 16, 1, @x) with nowait
print 'done'
declare c cursor for select id from @t
open c fetch next from c into @x close c deallocate c
merge t using s on t.id = s.id when matched then update set t.a = s.a;
return`)[0] as A.CreateProcedure
    ).body;
    expect(body.map((s) => s.kind)).toEqual([
      "setoption",
      "declare",
      "setoption",
      "if",
      "while",
      "insert",
      "insert",
      "update",
      "delete",
      "createtable",
      "exec",
      "exec",
      "try",
      "raiserror",
      "print",
      "declare",
      "cursor",
      "cursor",
      "cursor",
      "cursor",
      "merge",
      "return",
    ]);
    expect(body[1]).toMatchObject({
      vars: [
        { kind: "scalar", name: "x" },
        { kind: "table", name: "t" },
      ],
    });
    expect(body[10]).toMatchObject({ proc: ["dbo", "other"], args: [{ name: "a" }, { name: "b", output: true }] });
    expect(body[11]).toMatchObject({ kind: "exec", dynamic: { kind: "literal" } });
    expect(body.every((s) => typeof s.line === "number")).toBe(true);
    expect(body[21]!.line).toBe(20);
  });

  // docs: set-language-transact-sql.md — `SET LANGUAGE { [ N ] 'language' | @language_var }`; parse-transact-sql.md,
  // C. uses `SET LANGUAGE 'English'` (a quoted value was read as the start of the next statement).
  it("reads SET LANGUAGE with a name, a quoted name or a variable as the setting's value", () => {
    const body = (
      parseBatch(`create proc p as
set language 'English'
set language N'us_english';
set language british
set language @lang
select 1 as one`)[0] as A.CreateProcedure
    ).body;
    expect(body.map((s) => (s.kind === "setoption" ? `${s.option} ${s.words.join(" ")}` : s.kind))).toEqual([
      "LANGUAGE English",
      "LANGUAGE us_english",
      "LANGUAGE british",
      "LANGUAGE @lang",
      "select",
    ]);
  });

  // docs: output-clause-transact-sql.md — `inserted.*` / `deleted.*` list every column of the row.
  it("reads an OUTPUT clause listing inserted.* and deleted.* (the statement is marked as having OUTPUT)", () => {
    const [m, i, u] = parseBatch(
      "merge #t as t using s on t.id = s.id when matched then delete output $action, inserted.*, deleted.id as old_id into @log;\n" +
        "insert into #t (a) output inserted.* values (1)\nupdate #t set a = 2 output inserted.*, deleted.* into #log where a = 1",
    );
    expect([m, i, u].map((x) => [x!.kind, "output" in x! && x.output])).toEqual([
      ["merge", true],
      ["insert", true],
      ["update", true],
    ]);
  });

  it("reads scalar, inline and multi-statement function headers", () => {
    const [s] = parseBatch("create function dbo.f (@a int) returns int as begin return @a + 1 end");
    expect(s).toMatchObject({ kind: "createfunction", returns: { kind: "scalar", type: { name: "int" } } });
    const [i] = parseBatch("create function dbo.g (@a int) returns table as return (select * from t where id = @a)");
    expect(i).toMatchObject({ returns: { kind: "table" }, query: { kind: "query" } });
    const [m] = parseBatch("create function dbo.h () returns @r table (id int) as begin insert @r select 1 return end");
    expect(m).toMatchObject({ returns: { kind: "tablevar", name: "r" } });
  });
});

/** column_definition, computed_column_definition, table_constraint (docs: create-table-transact-sql.md). */
describe("column definitions", () => {
  const table = (sql: string) => {
    const [statement] = parseBatch(sql);
    if (statement?.kind !== "createtable") throw new Error(`not a CREATE TABLE: ${statement?.kind}`);
    return statement;
  };

  it("reads every option of a column, with each expression's source text as written", () => {
    const { columns } = table(`CREATE TABLE #t (
      Id int IDENTITY(-10, +5) NOT FOR REPLICATION CONSTRAINT PK_t PRIMARY KEY CLUSTERED,
      Code varchar(10) COLLATE Latin1_General_CS_AS CONSTRAINT NN_Code NOT NULL UNIQUE,
      Price money CONSTRAINT DF_Price DEFAULT ((0)) CHECK (Price >= 0),
      Total AS (Price * 2) PERSISTED NOT NULL,
      Guid uniqueidentifier ROWGUIDCOL DEFAULT newid(),
      Note nvarchar(40) SPARSE NULL,
      ParentId int REFERENCES dbo.Parents (Id) ON DELETE CASCADE INDEX IX_Parent
    )`);
    const [id, code, price, total, guid, note, parent] = columns;
    expect(id).toMatchObject({ identity: { seed: "-10", increment: "5" } });
    expect(id!.nullable).toBeUndefined();
    expect(id!.constraints).toEqual([{ kind: "primary-key", name: "PK_t", columns: ["Id"], line: 2 }]);
    expect(code).toMatchObject({
      collation: "Latin1_General_CS_AS",
      nullable: false,
      type: { name: "varchar", length: 10 },
    });
    expect(code!.constraints.map((c) => c.kind)).toEqual(["unique"]);
    expect(price!.default).toMatchObject({ name: "DF_Price", text: "((0))" });
    expect(price!.constraints).toMatchObject([{ kind: "check", condition: { text: "(Price >= 0)" } }]);
    expect(total).toMatchObject({ computed: { text: "(Price * 2)" }, persisted: true, nullable: false });
    expect(total!.type).toBeUndefined();
    expect(guid).toMatchObject({ rowGuidCol: true, default: { text: "newid()" } });
    expect(note).toMatchObject({ sparse: true, nullable: true });
    expect(parent!.constraints).toMatchObject([
      { kind: "foreign-key", columns: ["ParentId"], references: ["dbo", "Parents"], referencedColumns: ["Id"] },
      { kind: "index", name: "IX_Parent", columns: ["ParentId"], unique: false },
    ]);
  });

  it("reads table constraints and indexes apart from the columns, a trailing comma and temporal columns", () => {
    const { columns, constraints } = table(`CREATE TABLE t (
      A int NOT NULL, B int,
      ValidFrom datetime2 GENERATED ALWAYS AS ROW START HIDDEN NOT NULL,
      ValidTo datetime2 GENERATED ALWAYS AS ROW END HIDDEN NOT NULL,
      PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo),
      CONSTRAINT PK_t PRIMARY KEY NONCLUSTERED (A ASC, B DESC) WITH (FILLFACTOR = 90) ON [PRIMARY],
      CONSTRAINT CK_t CHECK NOT FOR REPLICATION (A > 0 AND (B < 10)),
      INDEX IX_B UNIQUE (B) WHERE B IS NOT NULL,
    ) ON [PRIMARY]`);
    expect(columns.map((c) => c.name)).toEqual(["A", "B", "ValidFrom", "ValidTo"]);
    expect(constraints).toMatchObject([
      { kind: "primary-key", name: "PK_t", columns: ["A", "B"] },
      { kind: "check", name: "CK_t", condition: { text: "(A > 0 AND (B < 10))" } },
      { kind: "index", name: "IX_B", columns: ["B"], unique: true },
    ]);
  });

  it("gives the translator a computed column without a type, and a type as the translator reads types", () => {
    const { columns } = table("CREATE TABLE #t (a dbo.MyType, b AS a + 1)");
    expect(columns[0]!.type).toEqual({ name: "mytype" });
    expect(columns[1]).toMatchObject({ name: "b", computed: { text: "a + 1" } });
  });

  it("refuses what is not a column definition, naming what it expected", () => {
    expect(() => parseBatch("CREATE TABLE t (a int CONSTRAINT)")).toThrow(/expected a constraint name, found "\)"/);
    expect(() => parseBatch("CREATE TABLE t (a int CONSTRAINT c)")).toThrow(/expected a constraint after CONSTRAINT c/);
    expect(() => parseBatch("CREATE TABLE t (a int IDENTITY(x, 1))")).toThrow(/expected a number/);
    expect(() => parseBatch("CREATE TABLE t (a int REFERENCES p ON DELETE NOTHING)")).toThrow(
      /expected NO ACTION, CASCADE, SET NULL or SET DEFAULT/,
    );
    expect(() => parseBatch("CREATE TABLE t (, a int)")).toThrow(/expected a column name/);
  });
});

describe("nesting limit", () => {
  /** The ParseError `parse` throws, or undefined: a RangeError (stack overflow) would escape this and fail the test. */
  const parseErrorOf = (parse: () => unknown): ParseError | undefined => {
    try {
      parse();
    } catch (error) {
      if (error instanceof ParseError) return error;
      throw error;
    }
    return undefined;
  };
  const deep = 10_000;

  it("refuses a 10,000-deep parenthesis nest with a parse error on its line, not a stack overflow", () => {
    const error = parseErrorOf(() =>
      parseBatch(`create view v as\nselect ${"(".repeat(deep)}1${")".repeat(deep)} as x`),
    );
    expect(error?.detail).toBe(`expression nested deeper than ${MAX_NESTING} levels`);
    expect(error?.line).toBe(2);
  });

  it.each([
    ["CASE", `select ${"case when 1 = 1 then ".repeat(deep)}1${" end".repeat(deep)} as x`],
    ["subqueries", `select ${"(select ".repeat(deep)}1${")".repeat(deep)} as x`],
    ["derived tables", `select x from ${"(select x from ".repeat(deep)}t${") d".repeat(deep)}`],
    ["function calls", `select ${"abs(".repeat(deep)}1${")".repeat(deep)} as x`],
    ["unary minus", `select ${"- ".repeat(deep)}1 as x`],
    ["NOT", `select 1 as x where ${"not ".repeat(deep)}1 = 1`],
    ["IF", `create procedure p as ${"if 1 = 1 ".repeat(deep)}select 1 as x`],
    ["BEGIN … END", `create procedure p as ${"begin ".repeat(deep)}select 1 as x${" end".repeat(deep)}`],
    ["JOIN … ON", `select 1 as x from t0 ${"join t1 ".repeat(deep)}${"on 1 = 1 ".repeat(deep)}`],
    ["parenthesised joins", `select 1 as x from ${"(".repeat(deep)}t${")".repeat(deep)}`],
    ["ROLLUP", `select 1 as x from t group by ${"rollup(".repeat(deep)}a${")".repeat(deep)}`],
  ])("refuses 10,000-deep %s with the nesting diagnostic", (_, sql) => {
    expect(parseErrorOf(() => parseBatch(sql))?.detail).toBe(`expression nested deeper than ${MAX_NESTING} levels`);
  });

  it("parses nesting just inside the limit", () => {
    const depth = MAX_NESTING - 10;
    expect(parseErrorOf(() => parseQuery(`select ${"(".repeat(depth)}1${")".repeat(depth)} as x`))).toBeUndefined();
    expect(
      parseErrorOf(() => parseExpression(`${"case when 1 = 1 then ".repeat(depth)}1${" end".repeat(depth)}`)),
    ).toBeUndefined();
  });

  it("counts a chain of operators as depth, since it parses to a left-deep tree the translator walks recursively", () => {
    const chain = (n: number, op: string) => Array.from({ length: n }, (_, i) => `x = ${i}`).join(` ${op} `);
    expect(parseErrorOf(() => parseExpression(chain(MAX_TREE_DEPTH - 10, "OR")))).toBeUndefined();
    const error = parseErrorOf(() =>
      parseBatch(`create view v as\nselect 1 as x from t where\n${chain(20_000, "OR")}`),
    );
    expect(error?.detail).toMatch(`expression nested deeper than ${MAX_TREE_DEPTH} levels`);
    expect(error?.line).toBe(3);
    const unions = Array.from({ length: 5_000 }, (_, i) => `select ${i} as x`).join(" union all ");
    expect(parseErrorOf(() => parseQuery(unions))?.detail).toMatch(
      `expression nested deeper than ${MAX_TREE_DEPTH} levels`,
    );
  });

  it("does not count list length as depth: a 20,000-item IN list parses", () => {
    const list = Array.from({ length: 20_000 }, (_, i) => String(i)).join(", ");
    expect(parseExpression(`x in (${list})`).kind).toBe("in");
  });
});

describe.skipIf(!hasNorthwind)("Northwind", () => {
  const script = hasNorthwind ? fs.readFileSync(NORTHWIND!, "utf8") : "";
  const batches = batchTexts(script).filter((b) => /^\s*create\s+(view|proc)/im.test(b.text));

  it("parses all 16 views and 7 procedures, with the source line of each", () => {
    const statements = batches.flatMap((b) => parseBatch(b.text, b.line));
    const views = statements.filter((s) => s.kind === "createview") as A.CreateView[];
    const procs = statements.filter((s) => s.kind === "createprocedure") as A.CreateProcedure[];
    expect(views).toHaveLength(16);
    expect(procs).toHaveLength(7);
    expect(views.find((v) => v.name[0] === "Invoices")!.line).toBe(431);
    const sbc = procs.find((p) => p.name[0] === "SalesByCategory")!;
    expect(sbc.params.map((p) => p.name)).toEqual(["CategoryName", "OrdYear"]);
    expect(sbc.body.map((s) => s.kind)).toEqual(["if", "select"]);
  });

  it("parses every batch of the install script (tables, inserts, indexes, drops)", () => {
    const all = batchTexts(script);
    expect(all.length).toBeGreaterThan(300);
    for (const b of all) expect(() => parseBatch(b.text, b.line)).not.toThrow();
  });
});
