import { describe, expect, it } from "vitest";
import { renderJinja, translate } from "../testing/harness";
import { shopDatabaseForThisFile } from "../testing/database";

/**
 * xml methods and FOR XML translated and run on PostgreSQL; each expected value is what SQL Server returns per
 * the cited page (MicrosoftDocs/sql-docs).
 */

const db = shopDatabaseForThisFile();

async function rows(tsql: string) {
  const t = translate(/^\s*create\s+(view|proc)/i.test(tsql) ? tsql : `create procedure p as begin ${tsql} end`);
  expect(t.issues, t.sql).toEqual([]);
  return db.sql.unsafe(renderJinja(t.sql, {}));
}

async function scalar(tsql: string): Promise<unknown> {
  const r = await rows(tsql);
  expect(r).toHaveLength(1);
  return Object.values(r[0]!)[0];
}

/** Serialized XML without the layout SQL Server and PostgreSQL may differ in (`<a/>` vs `<a></a>`). */
const canonical = (x: unknown) => String(x).replace(/<(\w+)([^>]*)><\/\1>/g, "<$1$2/>");

const doc = `DECLARE @d xml = '<Root>
  <ProductDescription ProductID="1" ProductName="Road &amp; Bike">
    <Features><Warranty>1 year</Warranty><Maintenance>3 years</Maintenance></Features>
  </ProductDescription>
</Root>';`;

describe("xml methods", () => {
  // docs/t-sql/xml/value-method-xml-data-type.md
  it(".value() reads an attribute or an element's string value, converted to the SQL type; nothing found is NULL", async () => {
    const r = await rows(`${doc} SELECT @d.value('(/Root/ProductDescription/@ProductID)[1]', 'int') AS id,
      @d.value('(/Root/ProductDescription/@ProductName)[1]', 'nvarchar(20)') AS name,
      @d.value('(/Root/ProductDescription/Features)[1]', 'varchar(50)') AS features,
      @d.value('(Root/ProductDescription/Features/Warranty)[1]', 'varchar(10)') AS relative,
      @d.value('(/Root/Missing)[1]', 'int') AS missing`);
    // Whitespace-only text nodes are dropped when a string becomes xml, so the features' string value has none.
    expect(r[0]).toEqual({ id: 1, name: "Road & Bike", features: "1 year3 years", relative: "1 year", missing: null });
  });

  // docs/t-sql/xml/query-method-xml-data-type.md
  it(".query() returns the selected nodes as xml", async () => {
    const v = await scalar(`${doc} SELECT @d.query('/Root/ProductDescription/Features') AS r`);
    expect(canonical(v)).toBe("<Features><Warranty>1 year</Warranty><Maintenance>3 years</Maintenance></Features>");
  });

  // docs/t-sql/xml/exist-method-xml-data-type.md: 1 for a non-empty result (true() and false() included).
  it(".exist() is 1 for a non-empty result, even on the empty instance for true() and false()", async () => {
    const r = await rows(`${doc} DECLARE @e xml = ''; DECLARE @n xml;
      SELECT @d.exist('/Root/ProductDescription[@ProductID=1]') AS hit, @d.exist('/Root/Nope') AS miss,
             @e.exist('true()') AS t, @e.exist('false()') AS f, @e.exist('/a') AS ea, @n.exist('/a') AS nul`);
    expect(r[0]).toEqual({ hit: true, miss: false, t: true, f: true, ea: false, nul: null });
  });

  // docs/t-sql/xml/nodes-method-xml-data-type.md
  it(".nodes() in CROSS APPLY gives a row per node; methods on it read relative paths from that node", async () => {
    const r = await rows(`DECLARE @x xml = '<r><i id="1">a</i><i id="2">b &lt; c</i></r>';
      SELECT n.c.value('@id', 'int') AS id, n.c.value('.', 'varchar(10)') AS txt, n.c.value('(./text())[1]', 'varchar(10)') AS t2
      FROM (SELECT @x AS x) AS s CROSS APPLY s.x.nodes('/r/i') AS n(c) ORDER BY id`);
    expect(r.map((x) => [x.id, x.txt, x.t2])).toEqual([
      [1, "a", "a"],
      [2, "b < c", "b < c"],
    ]);
    const direct = await rows(
      `DECLARE @x xml = '<r><i id="3"/></r>'; SELECT t.c.value('@id', 'int') AS id FROM @x.nodes('/r/i') AS t(c)`,
    );
    expect(direct.map((x) => x.id)).toEqual([3]);
    const axes = await rows(`DECLARE @x xml = '<r><i><n>a</n></i></r>';
      SELECT @x.value('count(child::r/descendant::n)', 'int') AS c, t.c.value('(child::n)[1]', 'varchar(5)') AS n FROM @x.nodes('/r/i') AS t(c)`);
    expect(axes).toEqual([{ c: 1, n: "a" }]);
    const parent = translate(
      `create procedure p as begin DECLARE @x xml = '<r/>'; SELECT t.c.value('(../@id)[1]', 'int') AS id FROM @x.nodes('/r') AS t(c) end`,
    );
    expect(parent.issues.map((i) => i.message).join()).toMatch(/leaves a \.nodes\(\) row/);
  });

  // docs/relational-databases/xml/add-namespaces-to-queries-with-with-xmlnamespaces.md; XQuery prolog declarations.
  it("WITH XMLNAMESPACES and a declare namespace prolog map prefixes for the methods", async () => {
    const r = await rows(`DECLARE @x xml = '<p:a xmlns:p="urn:x"><p:b>5</p:b></p:a>';
      WITH XMLNAMESPACES ('urn:x' AS q) SELECT @x.value('(/q:a/q:b)[1]', 'int') AS v,
        @x.value('declare namespace z="urn:x"; (/z:a/z:b)[1]', 'int') AS w`);
    expect(r[0]).toEqual({ v: 5, w: 5 });
  });

  // docs/relational-databases/xml/add-namespaces-to-queries-with-with-xmlnamespaces.md (DEFAULT); XQuery prolog
  // `declare default element namespace`: element names without a prefix are in it, attribute names are not.
  it("a default element namespace applies to the path's element names, not to its attributes", async () => {
    const r = await rows(`DECLARE @x xml = '<a xmlns="urn:x" id="7"><b>5</b><b>6</b></a>';
      WITH XMLNAMESPACES (DEFAULT 'urn:x') SELECT @x.value('(/a/b)[2]', 'int') AS v, @x.value('(/a/@id)[1]', 'int') AS i,
        @x.exist('/a/c') AS none`);
    expect(r[0]).toEqual({ v: 6, i: 7, none: false });
    const p = await rows(`DECLARE @x xml = '<a xmlns="urn:x"><b>5</b></a>';
      SELECT @x.value('declare default element namespace "urn:x"; (/a/b)[1]', 'int') AS w,
        @x.value('(/a/b)[1]', 'int') AS unqualified`);
    expect(p[0]).toEqual({ w: 5, unqualified: null });
  });

  it("XQuery beyond XPath 1.0 is flagged for review, naming the feature", () => {
    const flwor = translate(
      `create procedure p as begin DECLARE @x xml = '<a/>'; SELECT @x.query('for $i in /a return $i') AS r end`,
    );
    expect(flwor.issues.map((i) => i.message).join()).toMatch(/FLWOR/);
    const column = translate(
      `create procedure p as begin DECLARE @x xml = '<a/>'; SELECT @x.exist('/a[@id = sql:column("x")]') AS r end`,
    );
    expect(column.issues.map((i) => i.message).join()).toMatch(/sql:column/);
  });
});

describe("strings converted to xml", () => {
  // docs/relational-databases/xml/create-instances-of-xml-data.md, "White Space Handling": by default the parser
  // drops white-space-only text between tags; CONVERT style 1 keeps it.
  it("assignment and CAST drop white-space-only text between tags, CONVERT style 1 keeps it", async () => {
    const r = await rows(`DECLARE @x xml;
      SET @x = '<root>      <child/>     </root>';
      SELECT CAST(@x AS nvarchar(max)) AS assigned, CAST(CAST(N'<a> <b> x </b> </a>' AS xml) AS nvarchar(max)) AS cast_xml,
             CAST(CONVERT(xml, N'<root>  <child/> </root>', 1) AS nvarchar(max)) AS style_1`);
    expect(r[0]).toEqual({
      assigned: "<root><child/></root>",
      cast_xml: "<a><b> x </b></a>",
      style_1: "<root>  <child/> </root>",
    });
  });

  it("an xml:space attribute, under which SQL Server keeps white space, fails the model with the reason", async () => {
    await expect(
      rows(`DECLARE @s nvarchar(100) = N'<a xml:space="preserve"> <b/> </a>'; SELECT CAST(@s AS xml) AS r`),
    ).rejects.toThrow(/conversion to xml at line \d+: xml:space keeps white space/);
  });
});

describe("FOR XML", () => {
  // docs/relational-databases/xml/columns-without-a-name.md: PATH without a name is PATH('row'); an unnamed column is text.
  it("FOR XML PATH without a name writes <row> elements; an unnamed column is the row's text", async () => {
    expect(await scalar(`SELECT (SELECT 2+2 FOR XML PATH) AS r`)).toBe("<row>4</row>");
  });

  // docs/relational-databases/xml/use-path-mode-with-for-xml.md: @ attributes, a/b nesting, NULLs left out.
  it("FOR XML PATH('x'): @ columns are attributes, a/b nests, NULL columns are left out, text is escaped", async () => {
    const v =
      await scalar(`create view v as SELECT (SELECT ID AS [@id], Name AS [info/name], Qty AS [info/qty], 'a<b&c' AS note
      FROM T WHERE ID IN (1, 3) ORDER BY ID FOR XML PATH('item'), ROOT('items')) AS r`);
    expect(v).toBe(
      '<items><item id="1"><info><name>ab  </name><qty>25</qty></info><note>a&lt;b&amp;c</note></item><item id="3"><info><qty>7</qty></info><note>a&lt;b&amp;c</note></item></items>',
    );
  });

  // docs/relational-databases/xml/use-raw-mode-with-for-xml.md
  it("FOR XML RAW writes each row as attributes; ELEMENTS as child elements", async () => {
    expect(
      await scalar(`create view v as SELECT (SELECT ID, Name FROM T WHERE ID IN (2, 3) ORDER BY ID FOR XML RAW) AS r`),
    ).toBe('<row ID="2" Name="9lives"/><row ID="3"/>');
    expect(
      await scalar(`create view v as SELECT (SELECT ID, Grp FROM T WHERE ID = 4 FOR XML RAW('t'), ELEMENTS) AS r`),
    ).toBe("<t><ID>4</ID><Grp>y</Grp></t>");
  });

  // docs/relational-databases/xml/use-auto-mode-with-for-xml.md: one table → elements named after its alias.
  it("FOR XML AUTO over one table names the element after the table alias", async () => {
    expect(
      await scalar(`create view v as SELECT (SELECT t.ID, t.Flag FROM T AS t WHERE t.ID = 1 FOR XML AUTO) AS r`),
    ).toBe('<t ID="1" Flag="1"/>');
  });

  it("FOR XML … TYPE is xml and nests as xml inside an outer FOR XML PATH", async () => {
    const v =
      await scalar(`create view v as SELECT (SELECT ID AS [@id], (SELECT Tag AS tag FROM U WHERE U.TID = T.ID ORDER BY U.Tag FOR XML PATH(''), TYPE) AS tags
      FROM T WHERE ID = 1 FOR XML PATH('t')) AS r`);
    expect(v).toBe('<t id="1"><tags><tag>blue</tag><tag>red</tag></tags></t>');
  });

  it("the FOR XML PATH(''), TYPE concatenation read back with .value('.') is the unescaped text", async () => {
    const v = await scalar(
      `create view v as SELECT (SELECT ',' + Tag FROM U ORDER BY Tag FOR XML PATH(''), TYPE).value('.', 'nvarchar(max)') AS r`,
    );
    expect(v).toBe(",blue,green,red");
  });

  // docs/relational-databases/xml/add-namespaces-to-queries-with-with-xmlnamespaces.md: prefixes WITH XMLNAMESPACES
  // declares name elements and attributes; the declarations go on each row element, or on the ROOT element only;
  // DEFAULT is xmlns="…"; the xml prefix needs no declaration; an undeclared prefix is an error in SQL Server.
  it("FOR XML names with declared prefixes, the declarations on each row element or on ROOT", async () => {
    expect(
      await scalar(`WITH XMLNAMESPACES ('uri' AS ns1)
        SELECT (SELECT ID AS 'ns1:ProductID', Name AS 'ns1:Name' FROM T WHERE ID IN (2, 3) ORDER BY ID FOR XML RAW ('ns1:Prod'), ELEMENTS) AS r`),
    ).toBe(
      '<ns1:Prod xmlns:ns1="uri"><ns1:ProductID>2</ns1:ProductID><ns1:Name>9lives</ns1:Name></ns1:Prod><ns1:Prod xmlns:ns1="uri"><ns1:ProductID>3</ns1:ProductID></ns1:Prod>',
    );
    expect(
      await scalar(`WITH XMLNAMESPACES ('uri1' AS ns1, 'a&"b' AS ns2, DEFAULT 'uri2')
        SELECT (SELECT ID FROM T WHERE ID IN (2, 3) ORDER BY ID FOR XML RAW ('ns1:Product'), ROOT('ns2:root'), ELEMENTS) AS r`),
    ).toBe(
      '<ns2:root xmlns:ns1="uri1" xmlns:ns2="a&amp;&quot;b" xmlns="uri2"><ns1:Product><ID>2</ID></ns1:Product><ns1:Product><ID>3</ID></ns1:Product></ns2:root>',
    );
    expect(
      await scalar(`SELECT (SELECT 'en' AS "English/@xml:lang", 'food' AS "English", 'ger' AS "German/@xml:lang", 'Essen' AS "German"
        FOR XML PATH ('Translation')) AS r`),
    ).toBe('<Translation><English xml:lang="en">food</English><German xml:lang="ger">Essen</German></Translation>');
    expect(translate(`SELECT (SELECT 1 AS 'p:x' FOR XML PATH) AS r`).issues.map((i) => i.construct)).toContain(
      "FOR XML PATH",
    );
    expect(
      translate(`WITH XMLNAMESPACES ('u' AS p) SELECT (SELECT 1 AS 'p:x' FOR XML PATH('')) AS r`).issues.map(
        (i) => i.construct,
      ),
    ).toContain("FOR XML PATH");
  });

  it("FOR XML EXPLICIT and AUTO over joins are flagged for review", () => {
    expect(
      translate(`SELECT (SELECT 1 AS Tag, NULL AS Parent FOR XML EXPLICIT) AS r`).issues.map((i) => i.construct),
    ).toContain("FOR XML EXPLICIT");
    expect(
      translate(`SELECT (SELECT T.ID, U.Tag FROM T JOIN U ON U.TID = T.ID FOR XML AUTO) AS r`).issues.map(
        (i) => i.construct,
      ),
    ).toContain("FOR XML AUTO");
  });
});
