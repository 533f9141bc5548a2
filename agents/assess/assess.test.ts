import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ZCatalog, type CatalogInput } from "~/agents/catalog/schema";
import { significant, tokenize } from "~/agents/tsql/lexer";
import { assess, constructHandling, estimateLlmCost, LLM_PRICING, topologicalOrder } from "./index";
import { sharedCorpus } from "~/runtime/testing/corpora";

const col = (name: string) => ({ name, type: { name: "int" } });
const table = (name: string, schema = "dbo") => ({ schema, name, columns: [col("id")] });

function catalogWith(input: Partial<CatalogInput>) {
  return ZCatalog.parse({
    database: "Shop",
    tables: [table("Order Details"), table("Orders"), table("Customers"), table("Region"), table("Orders", "sales")],
    ...input,
  });
}

const view = (name: string, body: string) => ({ name, definition: `CREATE VIEW [${name}] AS\n${body}` });
const byKey = (a: ReturnType<typeof assess>, key: string) => a.objects.find((o) => o.key === key)!;

describe("dependency extraction", () => {
  it("matches bracketed, double-quoted, qualified and bare names case-insensitively", () => {
    const a = assess(
      catalogWith({
        views: [
          view("v1", 'SELECT * FROM [dbo].[Order Details] od JOIN "ORDERS" o ON o.id = od.id'),
          view("v2", "SELECT * FROM Shop.dbo.customers, sales.Orders"),
          view("v3", "SELECT * FROM Shop..[order details]"),
        ],
      }),
    );
    expect(byKey(a, "dbo.v1").dependsOn).toEqual(["dbo.order details", "dbo.orders"]);
    expect(byKey(a, "dbo.v2").dependsOn).toEqual(["dbo.customers", "sales.orders"]);
    expect(byKey(a, "dbo.v3").dependsOn).toEqual(["dbo.order details"]);
  });

  it("ignores columns, aliases, CTE names and temp tables that share a catalog object's name", () => {
    const a = assess(
      catalogWith({
        views: [
          view(
            "v",
            `WITH Customers AS (SELECT Region FROM [Order Details])
             SELECT Orders.id, Customers.Region, c.Region AS Orders
             FROM Customers c JOIN dbo.Orders ON Orders.id = c.Region`,
          ),
        ],
        procedures: [
          {
            name: "p",
            definition:
              "CREATE PROCEDURE p AS SELECT Region INTO #Region FROM #Region r, [Order Details] Region WHERE Region.id = 1",
          },
        ],
      }),
    );
    expect(byKey(a, "dbo.v").dependsOn).toEqual(["dbo.order details", "dbo.orders"]);
    expect(byKey(a, "dbo.p").dependsOn).toEqual(["dbo.order details"]);
  });

  it("finds tables in nested joins and comma-separated FROM lists, not in IN lists", () => {
    const a = assess(
      catalogWith({
        views: [
          view(
            "nested",
            "SELECT 1 FROM Region INNER JOIN (Customers INNER JOIN (Orders INNER JOIN [Order Details] ON 1=1) ON 1=1) ON 1=1",
          ),
          view(
            "commas",
            "SELECT 1 FROM [Order Details] od, Orders o WHERE o.id IN (1, 2) AND od.id IN (SELECT id FROM Customers)",
          ),
        ],
      }),
    );
    expect(byKey(a, "dbo.nested").dependsOn.sort()).toEqual([
      "dbo.customers",
      "dbo.order details",
      "dbo.orders",
      "dbo.region",
    ]);
    expect(byKey(a, "dbo.commas").dependsOn).toEqual(["dbo.order details", "dbo.orders", "dbo.customers"]);
  });

  it("records EXEC of other procedures and schema-qualified UDF calls, and warns about unknown ones", () => {
    const a = assess(
      catalogWith({
        procedures: [
          { name: "inner", definition: "CREATE PROCEDURE [inner] AS SELECT dbo.fmt(id) FROM Orders" },
          {
            name: "outer",
            definition:
              "CREATE PROCEDURE outer AS\nDECLARE @rc int\nEXEC @rc = dbo.[inner]\nEXECUTE missing_proc\nEXEC sp_who",
          },
        ],
        functions: [
          {
            name: "fmt",
            kind: "scalar",
            definition: "CREATE FUNCTION dbo.fmt(@x int) RETURNS int AS BEGIN RETURN @x END",
          },
        ],
      }),
    );
    expect(byKey(a, "dbo.inner").dependsOn).toEqual(["dbo.fmt", "dbo.orders"]);
    expect(byKey(a, "dbo.outer").dependsOn).toEqual(["dbo.inner"]);
    expect(byKey(a, "dbo.outer").constructs).toContain("EXEC");
    expect(a.warnings).toContain("procedure dbo.outer runs procedure missing_proc, which is not in the catalog");
  });

  it("does not count INSERT targets as dependencies but does count UPDATE targets, and sends writes to the LLM", () => {
    const a = assess(
      catalogWith({
        procedures: [
          {
            name: "load",
            definition:
              "CREATE PROCEDURE load AS INSERT INTO Customers (id) SELECT id FROM Orders; UPDATE Region SET id = 1",
          },
        ],
      }),
    );
    const load = byKey(a, "dbo.load");
    expect(load.dependsOn).toEqual(["dbo.orders", "dbo.region"]);
    expect(load.handling).toBe("llm");
    expect(load.reasons).toEqual([
      "writes dbo.customers: a dbt model cannot change other tables, it must return the resulting rows instead",
      "writes dbo.region: a dbt model cannot change other tables, it must return the resulting rows instead",
    ]);
  });

  it("keeps procedures that only shape temp tables and variables on the rules, without alias warnings", () => {
    const a = assess(
      catalogWith({
        procedures: [
          {
            name: "shape",
            definition: `CREATE PROCEDURE shape AS
              DECLARE @n int = 5
              SELECT id INTO #t FROM Orders
              UPDATE t SET id = @n FROM #t t
              DELETE x FROM #t x WHERE id = 0
              SELECT * FROM #t`,
          },
        ],
      }),
    );
    expect(byKey(a, "dbo.shape")).toMatchObject({ handling: "rules", dependsOn: ["dbo.orders"] });
    expect(a.warnings).toEqual([]);
  });

  it("makes a trigger depend on its table and not on inserted/deleted", () => {
    const a = assess(
      catalogWith({
        tables: [table("Orders"), table("inserted")],
        triggers: [
          {
            name: "trg",
            table: { schema: "dbo", name: "Orders" },
            definition: "CREATE TRIGGER trg ON Orders AFTER INSERT AS SELECT * FROM inserted",
          },
        ],
      }),
    );
    expect(byKey(a, "dbo.trg")).toMatchObject({ dependsOn: ["dbo.orders"], handling: "manual" });
  });
});

describe("constructs and handling", () => {
  const procedure = (definition: string) =>
    assess(catalogWith({ procedures: [{ name: "p", definition }] })).objects.find((o) => o.key === "dbo.p")!;

  it("names the checklist constructs a body uses", () => {
    const p = procedure(
      `CREATE PROCEDURE p AS SET ROWCOUNT 10
       SELECT TOP 5 ISNULL(a, 0), DATEDIFF(day, a, b), CONVERT(varchar(10), d, 112), first + ' ' + last, ROUND(x, 2, 1)
       FROM Orders WITH (NOLOCK) WHERE name LIKE '[0-9]%' ORDER BY 1`,
    );
    expect(p.constructs).toEqual(
      expect.arrayContaining([
        "SET ROWCOUNT",
        "TOP",
        "ISNULL",
        "DATEDIFF",
        "CONVERT",
        "string concatenation",
        "ROUND truncate",
        "table hints",
        "LIKE brackets",
        "ORDER BY",
      ]),
    );
    expect(p.handling).toBe("rules");
  });

  it("sends a cursor loop the rules do not rewrite to the LLM, with the translator's reason and line", () => {
    const p = procedure(
      `CREATE PROCEDURE p AS
       DECLARE @id int
       DECLARE c CURSOR FOR SELECT id FROM Orders
       CREATE TABLE #t (id int)
       WHILE @@FETCH_STATUS = 0 BEGIN FETCH NEXT FROM c INTO @id END
       SELECT id FROM #t`,
    );
    expect(p.constructs).toEqual(expect.arrayContaining(["cursor", "temp table", "WHILE"]));
    expect(p.handling).toBe("llm");
    expect(p.reasons).toContain("WHILE: line 5: WHILE @@FETCH_STATUS = 0 without a FETCH NEXT … INTO just before it");
    expect(p.dependsOn).toEqual(["dbo.orders"]);
  });

  // The patterns the rules rewrite set-based (docs: t-sql/language-elements/while-transact-sql.md,
  // declare-cursor-transact-sql.md, fetch-transact-sql.md; t-sql/statements/merge-transact-sql.md): the assessment
  // asks the translator, so a known pattern is "rules" and anything else names the translator's reason.
  it("scores a cursor loop, a counter loop and a MERGE into a temp table the rules rewrite as rules", () => {
    const cursor = procedure(
      `CREATE PROCEDURE p AS
       DECLARE @id int, @total int = 0
       DECLARE c CURSOR FOR SELECT id FROM Orders ORDER BY id
       OPEN c
       FETCH NEXT FROM c INTO @id
       WHILE @@FETCH_STATUS = 0
       BEGIN
         SET @total = @total + @id
         FETCH NEXT FROM c INTO @id
       END
       CLOSE c
       DEALLOCATE c
       SELECT @total AS total`,
    );
    expect(cursor.constructs).toEqual(expect.arrayContaining(["cursor", "WHILE"]));
    expect(cursor).toMatchObject({ handling: "rules" });
    const counter = procedure(
      `CREATE PROCEDURE p AS
       DECLARE @i int = 1
       CREATE TABLE #n (n int)
       WHILE @i <= 10
       BEGIN
         INSERT INTO #n VALUES (@i * @i)
         SET @i = @i + 1
       END
       SELECT n FROM #n`,
    );
    expect(counter).toMatchObject({ handling: "rules" });
    expect(counter.reasons[0]).toMatch(/^rule translations exist for every construct used \(.*WHILE/);
    const merge = procedure(
      `CREATE PROCEDURE p AS
       CREATE TABLE #t (id int, n int)
       INSERT INTO #t VALUES (1, 10), (2, 20)
       MERGE #t AS t USING (SELECT id FROM Orders) AS s ON t.id = s.id
       WHEN MATCHED THEN UPDATE SET n = t.n + 1
       WHEN NOT MATCHED THEN INSERT (id, n) VALUES (s.id, 0);
       SELECT id, n FROM #t`,
    );
    expect(merge.constructs).toContain("MERGE");
    expect(merge).toMatchObject({ handling: "rules" });
  });

  // docs: t-sql/functions/format-transact-sql.md, t-sql/xml/value-method-xml-data-type.md, t-sql/functions/openjson-transact-sql.md,
  // t-sql/functions/json-modify-transact-sql.md, t-sql/functions/json-value-transact-sql.md
  it("scores FORMAT, the XML methods and OPENJSON by what the translator does with this use of them", () => {
    const format = procedure("CREATE PROCEDURE p AS SELECT FORMAT(CAST('2024-03-05' AS date), 'd', 'en-US') AS d");
    expect(format).toMatchObject({ handling: "rules", constructs: expect.arrayContaining(["FORMAT"]) });
    const culture = procedure("CREATE PROCEDURE p @c nvarchar(10) AS SELECT FORMAT(1.5, 'N2', @c) AS d");
    expect(culture.handling).toBe("llm");
    expect(culture.reasons).toEqual([
      "FORMAT: line 1: FORMAT with a format or culture that is not a string literal is not translated",
    ]);
    const xml = procedure(
      `CREATE PROCEDURE p AS DECLARE @x xml = '<a><b>1</b></a>' SELECT @x.value('(/a/b)[1]', 'int') AS b`,
    );
    expect(xml).toMatchObject({ handling: "rules", constructs: expect.arrayContaining(["XML methods"]) });
    const flwor = procedure(
      `CREATE PROCEDURE p AS DECLARE @x xml = '<a><b>1</b></a>' SELECT @x.query('for $b in /a/b return $b') AS b`,
    );
    expect(flwor.handling).toBe("llm");
    expect(flwor.reasons[0]).toMatch(/^XML methods: line 1: XQuery beyond XPath 1.0 is not translated/);
    const json = procedure(`CREATE PROCEDURE p AS SELECT [key], value FROM OPENJSON(N'{"a":1}', 'strict $.b')`);
    expect(json).toMatchObject({ handling: "rules", constructs: expect.arrayContaining(["OPENJSON"]) });
    const modify = procedure(`CREATE PROCEDURE p AS SELECT JSON_MODIFY(N'{"a":1}', 'strict $.a', 2) AS j`);
    expect(modify.handling).toBe("llm");
    expect(modify.reasons[0]).toMatch(/^JSON_MODIFY: line 1: strict JSON paths/);
    const lax = procedure(`CREATE PROCEDURE p AS SELECT JSON_MODIFY(N'{"a":1}', '$.a', 2) AS j`);
    expect(lax).toMatchObject({ handling: "rules", constructs: expect.arrayContaining(["JSON_MODIFY"]) });
    const runTime = procedure(`CREATE PROCEDURE p @p nvarchar(20) AS SELECT JSON_VALUE(N'{"a":1}', @p) AS v`);
    expect(runTime.handling).toBe("llm");
    expect(runTime.reasons[0]).toMatch(/^JSON_VALUE: line 1: JSON path must be a literal/);
  });

  // docs: t-sql/statements/merge-transact-sql.md (the upsert becomes dbt's incremental model of the table)
  it("scores a write to a permanent table as rules only when the translator makes a model of it", () => {
    const tables = [
      {
        schema: "dbo",
        name: "Stock",
        columns: [{ name: "id", type: { name: "int" }, nullable: false }, col("qty")],
        primaryKey: { columns: ["id"] },
      },
      { schema: "dbo", name: "Src", columns: [col("id"), col("qty")] },
    ];
    const upsert = `CREATE PROCEDURE upsert AS
      MERGE dbo.Stock AS t USING dbo.Src AS s ON t.id = s.id
      WHEN MATCHED THEN UPDATE SET qty = s.qty
      WHEN NOT MATCHED THEN INSERT (id, qty) VALUES (s.id, s.qty);`;
    const insert = "CREATE PROCEDURE ins AS INSERT INTO dbo.Stock (id, qty) SELECT id, qty FROM dbo.Src";
    const a = assess(
      ZCatalog.parse({
        database: "Shop",
        tables,
        procedures: [
          { name: "upsert", definition: upsert },
          { name: "ins", definition: insert },
        ],
      }),
    );
    expect(byKey(a, "dbo.upsert")).toMatchObject({ handling: "rules" });
    expect(byKey(a, "dbo.ins")).toMatchObject({
      handling: "llm",
      reasons: [expect.stringMatching(/^writes dbo\.stock: /)],
    });
  });

  it("summarizes a pattern construct as rules until the translator refuses one object's use of it", () => {
    const known =
      "CREATE PROCEDURE known AS DECLARE @i int = 1 CREATE TABLE #n (n int) WHILE @i <= 3 BEGIN INSERT INTO #n VALUES (@i) SET @i = @i + 1 END SELECT n FROM #n";
    const unknown = "CREATE PROCEDURE unknown AS DECLARE @i int = 1 WHILE @i <= 3 BEGIN BREAK END SELECT @i AS i";
    const one = assess(catalogWith({ procedures: [{ name: "known", definition: known }] }));
    expect(constructHandling("WHILE", one)).toEqual({ handling: "rules", why: null });
    const both = assess(
      catalogWith({
        procedures: [
          { name: "known", definition: known },
          { name: "unknown", definition: unknown },
        ],
      }),
    );
    expect(constructHandling("WHILE", both)).toMatchObject({ handling: "llm" });
    expect(constructHandling("dynamic SQL", one)).toMatchObject({ handling: "manual" });
  });

  it("scores a loop outside the known patterns as needing the LLM, naming the statement the rules refuse", () => {
    const p = procedure(
      `CREATE PROCEDURE p AS
       DECLARE @i int = 1, @x int = 1
       WHILE @i <= 10
       BEGIN
         SET @x = @x * 2
         SET @i = @i + 1
       END
       SELECT @x AS x`,
    );
    expect(p.handling).toBe("llm");
    expect(p.reasons).toEqual([
      expect.stringMatching(/^WHILE: line 5: SET @x inside the loop at line 3 is not an accumulation/),
    ]);
    const merge = procedure(
      `CREATE PROCEDURE p AS
       CREATE TABLE #t (id int, n int)
       MERGE TOP (1) #t AS t USING (SELECT id FROM Orders) AS s ON t.id = s.id
       WHEN MATCHED THEN UPDATE SET n = 1;
       SELECT id, n FROM #t`,
    );
    expect(merge.handling).toBe("llm");
    expect(merge.reasons).toEqual([
      "MERGE: line 3: MERGE TOP (n) acts on an unordered subset of the joined rows: not translated",
    ]);
  });

  it("marks dynamic SQL, OUTPUT and @@ROWCOUNT for a person", () => {
    expect(procedure("CREATE PROCEDURE p AS DECLARE @s nvarchar(max) = N'select 1'; EXEC (@s)").handling).toBe(
      "manual",
    );
    expect(procedure("CREATE PROCEDURE p AS EXEC sp_executesql N'select 1'").constructs).toContain("dynamic SQL");
    expect(procedure("CREATE PROCEDURE p AS UPDATE Orders SET id = 1 OUTPUT inserted.id").handling).toBe("manual");
    const rowcount = procedure(
      "CREATE PROCEDURE p AS UPDATE Orders SET id = 1 IF @@ROWCOUNT = 0 RAISERROR('none', 16, 1)",
    );
    expect(rowcount.handling).toBe("manual");
    expect(rowcount.reasons[0]).toMatch(/^@@ROWCOUNT:/);
  });

  it("scores trivial views low and procedural code high, within 1…10", () => {
    const simple = procedure("CREATE PROCEDURE p AS SELECT id FROM Orders");
    const heavy = procedure(
      `CREATE PROCEDURE p AS DECLARE c CURSOR FOR SELECT 1 DECLARE @s nvarchar(100) WHILE 1=1 BEGIN EXEC(@s) END
       MERGE Orders USING Customers ON 1=1 WHEN MATCHED THEN UPDATE SET id = 1;`,
    );
    expect(simple.complexity).toBe(1);
    expect(heavy.complexity).toBe(10);
  });

  it("reports T-SQL the lexer cannot read as manual, with a warning", () => {
    const a = assess(catalogWith({ views: [{ name: "broken", definition: "CREATE VIEW broken AS SELECT 'oops" }] }));
    expect(byKey(a, "dbo.broken").handling).toBe("manual");
    expect(a.warnings[0]).toMatch(/view dbo.broken could not be read: Unterminated string literal/);
  });
});

describe("bodies that do not parse", () => {
  it("flags a view whose body does not parse, with the parser's line, instead of sending it to the rules", () => {
    const a = assess(
      catalogWith({
        views: [
          {
            name: "typo",
            definition: "CREATE VIEW typo AS\nSELEC Name\nFROM Customers\nWHERE (Country = 'PT'",
            location: { file: "shop.sql", line: 10 },
          },
        ],
      }),
    );
    const o = byKey(a, "dbo.typo");
    expect(o.handling).not.toBe("rules");
    expect(o.constructs).toContain("parse error");
    expect(o.parseError?.line).toBeGreaterThanOrEqual(10);
    expect(o.reasons[0]).toMatch(/^does not parse at line 1\d: /);
  });

  it("leaves a body that parses without a parse error", () => {
    const o = byKey(
      assess(catalogWith({ views: [view("fine", "SELECT id FROM Customers WHERE id = 1")] })),
      "dbo.fine",
    );
    expect(o.parseError).toBeUndefined();
    expect(o.handling).toBe("rules");
  });
});

describe("order, counts and cost", () => {
  it("orders dependencies first, deterministically", () => {
    const a = assess(
      catalogWith({
        views: [
          view("b", "SELECT * FROM a"),
          view("a", "SELECT * FROM Orders"),
          view("c", "SELECT * FROM b JOIN a ON 1=1"),
        ],
        procedures: [{ name: "p", definition: "CREATE PROCEDURE p AS SELECT * FROM c" }],
      }),
    );
    const pos = (k: string) => a.order.indexOf(k);
    expect(pos("dbo.orders")).toBeLessThan(pos("dbo.a"));
    expect(pos("dbo.a")).toBeLessThan(pos("dbo.b"));
    expect(pos("dbo.b")).toBeLessThan(pos("dbo.c"));
    expect(pos("dbo.c")).toBeLessThan(pos("dbo.p"));
    expect(a.order).toHaveLength(a.objects.length);
    expect(assess(catalogWith({ views: [view("b", "SELECT * FROM a"), view("a", "SELECT 1")] })).order).toEqual(
      assess(catalogWith({ views: [view("a", "SELECT 1"), view("b", "SELECT * FROM a")] })).order,
    );
  });

  it("reports a cycle as a warning and still orders every object", () => {
    const a = assess(
      catalogWith({
        views: [
          view("x", "SELECT * FROM y"),
          view("y", "SELECT * FROM z"),
          view("z", "SELECT * FROM x"),
          view("after", "SELECT * FROM z"),
        ],
      }),
    );
    expect(a.warnings).toContain(
      "dependency cycle: dbo.x → dbo.y → dbo.z → dbo.x (ordered anyway, starting with dbo.x)",
    );
    expect(a.order.slice(-4)).toEqual(["dbo.x", "dbo.z", "dbo.after", "dbo.y"]);
  });

  it("counts objects by kind and handling and prices only the LLM's objects", () => {
    const definition =
      "CREATE PROCEDURE p AS DECLARE @id int DECLARE c CURSOR SCROLL FOR SELECT id FROM Orders OPEN c FETCH LAST FROM c INTO @id SELECT @id AS id";
    const a = assess(catalogWith({ views: [view("v", "SELECT 1")], procedures: [{ name: "p", definition }] }));
    expect(a.counts).toMatchObject({ total: 7, table: 5, view: 1, procedure: 1, rules: 6, llm: 1, manual: 0 });
    expect(a.estimatedLlmCostUsd).toBeCloseTo(estimateLlmCost(definition).usd, 4);
    const { inputTokens, outputTokens } = estimateLlmCost(definition);
    expect(inputTokens).toBeGreaterThan(LLM_PRICING.promptOverheadTokens);
    expect(outputTokens).toBeGreaterThan(0);
  });
});

describe("topologicalOrder", () => {
  it("breaks several cycles and keeps independent nodes sorted", () => {
    const deps: Record<string, string[]> = { a: ["b"], b: ["a"], c: [], d: ["e"], e: ["d"], f: ["a", "d"] };
    const result = topologicalOrder(Object.keys(deps), (n) => deps[n]!);
    expect(result.order).toEqual(["c", "a", "b", "d", "e", "f"]);
    expect(result.cycles).toEqual([
      ["a", "b", "a"],
      ["d", "e", "d"],
    ]);
  });

  it("ignores self-dependencies and unknown nodes", () => {
    expect(topologicalOrder(["a", "b"], (n) => (n === "a" ? ["a", "zzz"] : ["a"])).order).toEqual(["a", "b"]);
  });
});

const NORTHWIND = sharedCorpus("northwind")?.script;

describe.skipIf(!NORTHWIND)("on Northwind's views and procedures", () => {
  // A throwaway reader of CREATE batches, enough for names and bodies (the real ingest is agents/ingest).
  function northwind() {
    const batches = fs.readFileSync(NORTHWIND!, "utf8").split(/^\s*go\s*$/im);
    const views: { name: string; definition: string }[] = [];
    const procedures: { name: string; definition: string }[] = [];
    const tables: ReturnType<typeof table>[] = [];
    for (const batch of batches) {
      const sig = significant(tokenize(batch));
      const i = sig.findIndex((t) => /^create$/i.test(t.text));
      if (i < 0) continue;
      const kind = sig[i + 1]!.text.toLowerCase();
      const name = sig[i + 3]?.text === "." ? sig[i + 4]!.text : sig[i + 2]!.text;
      if (kind === "view") views.push({ name, definition: batch.trim() });
      else if (kind.startsWith("proc")) procedures.push({ name, definition: batch.trim() });
      else if (kind === "table") tables.push(table(name));
    }
    return ZCatalog.parse({ database: "Northwind", tables, views, procedures });
  }

  it("finds each view's tables and views, and orders views after the views they read", () => {
    const a = assess(northwind());
    expect(a.counts).toMatchObject({ table: 13, view: 16, procedure: 7 });
    expect(byKey(a, "dbo.invoices").dependsOn.sort()).toEqual([
      "dbo.customers",
      "dbo.employees",
      "dbo.order details",
      "dbo.orders",
      "dbo.products",
      "dbo.shippers",
    ]);
    expect(byKey(a, "dbo.sales by category").dependsOn).toContain("dbo.order details extended");
    expect(byKey(a, "dbo.custorderhist").dependsOn.sort()).toEqual([
      "dbo.customers",
      "dbo.order details",
      "dbo.orders",
      "dbo.products",
    ]);
    expect(a.order.indexOf("dbo.product sales for 1997")).toBeLessThan(a.order.indexOf("dbo.category sales for 1997"));
    expect(byKey(a, "dbo.ten most expensive products").constructs).toContain("SET ROWCOUNT");
    expect(byKey(a, "dbo.sales by year").constructs).toContain("DATENAME");
    expect(a.warnings).toEqual([]);
  });
});
