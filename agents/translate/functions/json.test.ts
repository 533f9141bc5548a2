import { describe, expect, it } from "vitest";
import { columnNames } from "~/agents/plan/naming";
import { renderJinja, translate } from "../testing/harness";
import { shopDatabaseForThisFile } from "../testing/database";

/**
 * JSON functions, OPENJSON and FOR JSON translated and run on PostgreSQL; each expected value is what SQL Server
 * returns per the cited page (MicrosoftDocs/sql-docs).
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

describe("JSON_VALUE / JSON_QUERY / ISJSON", () => {
  // docs/t-sql/functions/json-value-transact-sql.md: lax mode returns NULL for objects, arrays, missing paths
  // and values longer than 4000 characters; scalars come back as written.
  it("JSON_VALUE returns scalars as written and NULL for objects, arrays and missing paths (lax)", async () => {
    const r =
      await rows(`DECLARE @j nvarchar(max) = N'{"a": "[1,2]", "b": [1, 2], "n": 1.50e1, "o": {"x": 1}, "s": "x\\/y \\"q\\"", "first name": "Al"}';
      SELECT JSON_VALUE(@j, '$') AS root, JSON_VALUE(@j, '$.a') AS a, JSON_VALUE(@j, '$.b') AS b, JSON_VALUE(@j, '$.b[1]') AS b1,
             JSON_VALUE(@j, '$.n') AS n, JSON_VALUE(@j, '$.o') AS o, JSON_VALUE(@j, '$.missing') AS m, JSON_VALUE(@j, '$.s') AS s,
             JSON_VALUE(@j, 'lax $."first name"') AS fn`);
    expect(r[0]).toEqual({
      root: null,
      a: "[1,2]",
      b: null,
      b1: "2",
      n: "1.50e1",
      o: null,
      m: null,
      s: 'x/y "q"',
      fn: "Al",
    });
  });

  it("JSON_VALUE of a string longer than 4000 characters is NULL in lax mode", async () => {
    expect(
      await scalar(`SELECT JSON_VALUE(N'{"a":"' + REPLICATE(CAST('x' AS nvarchar(max)), 4001) + N'"}', '$.a') AS v`),
    ).toBeNull();
    expect(
      await scalar(
        `SELECT LEN(JSON_VALUE(N'{"a":"' + REPLICATE(CAST('x' AS nvarchar(max)), 4000) + N'"}', '$.a')) AS v`,
      ),
    ).toBe(4000);
  });

  // docs/t-sql/functions/json-query-transact-sql.md: an object or array as written; a scalar is NULL in lax mode.
  it("JSON_QUERY returns objects and arrays as written and NULL for scalars", async () => {
    const r = await rows(`DECLARE @j nvarchar(max) = N'{"o": {"b" : 2, "a": [1, 2.0]}, "s": "x"}';
      SELECT JSON_QUERY(@j, '$.o') AS o, JSON_QUERY(@j, '$.o.a') AS a, JSON_QUERY(@j, '$.s') AS s, JSON_QUERY(N'[1]') AS whole`);
    expect(r[0]).toEqual({ o: '{"b" : 2, "a": [1, 2.0]}', a: "[1, 2.0]", s: null, whole: "[1]" });
  });

  // docs/t-sql/functions/isjson-transact-sql.md: without a constraint only objects and arrays; never raises.
  it("ISJSON accepts only objects and arrays without a type constraint, NULL for NULL", async () => {
    const r =
      await rows(`SELECT ISJSON('{"a":1}') AS o, ISJSON('[1]') AS a, ISJSON('1') AS n, ISJSON('abc') AS bad, ISJSON(NULL) AS nul,
      ISJSON('"x"', SCALAR) AS sc, ISJSON('true', VALUE) AS val, ISJSON('true', SCALAR) AS tsc, ISJSON('[1]', OBJECT) AS ao`);
    expect(r[0]).toEqual({ o: 1, a: 1, n: 0, bad: 0, nul: null, sc: 1, val: 1, tsc: 0, ao: 0 });
  });
});

describe("JSON paths: first match, case-sensitive keys, JSON_PATH_EXISTS", () => {
  // docs/relational-databases/json/json-path-expressions-sql-server.md, "How built-in functions handle duplicate
  // paths": JSON_VALUE and JSON_QUERY return only the first value that matches; steps compare keys as BIN2.
  it("JSON_VALUE, JSON_QUERY and OPENJSON WITH read the first of duplicate keys, keys compared case-sensitively", async () => {
    const r =
      await rows(`DECLARE @j nvarchar(max) = N'{"person":{"info":{"name":"John", "name":"Jack", "Name":"Upper", "o":[1], "o":{"k":2}}}}';
      SELECT JSON_VALUE(@j, '$.person.info.name') AS first_name, JSON_VALUE(@j, '$.person.info.Name') AS upper_name,
             JSON_VALUE(@j, '$.person.info.NAME') AS no_name, JSON_QUERY(@j, '$.person.info.o') AS first_o`);
    expect(r[0]).toEqual({ first_name: "John", upper_name: "Upper", no_name: null, first_o: "[1]" });
    const w = await rows(
      `SELECT name FROM OPENJSON(N'[{"name":"","name":"second"},{"x":1}]') WITH (name nvarchar(10))`,
    );
    expect(w.map((x) => x.name)).toEqual(["", null]);
  });

  // docs/t-sql/functions/json-path-exists-transact-sql.md: 1 when the path exists (Examples 1-3, [*] when any
  // element has it), 0 otherwise, NULL for a NULL input; never an error for a missing path.
  it("JSON_PATH_EXISTS is 1 for a path that exists (a JSON null too), 0 for a missing one, NULL for NULL", async () => {
    const r =
      await rows(`DECLARE @j nvarchar(max) = N'{"info":{"address":[{"town":"Paris"},{"city":"London"}], "none":null, "":0}}';
      SELECT JSON_PATH_EXISTS(@j, '$.info.address') AS found, JSON_PATH_EXISTS(@j, '$.info.addresses') AS missing,
             JSON_PATH_EXISTS(@j, '$.info.none') AS json_null, JSON_PATH_EXISTS(@j, '$.info.address[1].city') AS indexed,
             JSON_PATH_EXISTS(@j, '$.info.address[2]') AS past_end, JSON_PATH_EXISTS(@j, '$.info.Address') AS other_case,
             JSON_PATH_EXISTS(@j, '$.info.address[*].town') AS any_town, JSON_PATH_EXISTS(@j, '$.info.address[*].zip') AS no_zip,
             JSON_PATH_EXISTS(@j, '$.info.""') AS empty_key, JSON_PATH_EXISTS(@j, '$') AS root,
             JSON_PATH_EXISTS(NULL, '$.info') AS null_input`);
    expect(r[0]).toEqual({
      found: 1,
      missing: 0,
      json_null: 1,
      indexed: 1,
      past_end: 0,
      other_case: 0,
      any_town: 1,
      no_zip: 0,
      empty_key: 1,
      root: 1,
      null_input: null,
    });
  });
});

describe("strict JSON paths", () => {
  // docs/t-sql/functions/json-value-transact-sql.md and json-query-transact-sql.md, the lax/strict tables: strict
  // returns what lax returns where the path finds the right kind of value, and raises an error where lax gives NULL.
  it("return what lax returns where the path finds a value of the right kind; NULL for a NULL document", async () => {
    const r = await rows(`DECLARE @j nvarchar(max) = N'{"info":{"type":1,"n":null,"tags":["a"]}}';
      SELECT JSON_VALUE(@j, 'strict $.info.type') AS t, JSON_VALUE(@j, 'strict $.info.n') AS n,
             JSON_QUERY(@j, 'strict $.info.tags') AS tags, JSON_VALUE(NULL, 'strict $.a') AS null_doc`);
    expect(r[0]).toEqual({ t: "1", n: null, tags: '["a"]', null_doc: null });
    const w = await rows(`SELECT id FROM OPENJSON(N'[{"id":2},{"id":5}]') WITH (id int 'strict $.id')`);
    expect(w.map((x) => x.id)).toEqual([2, 5]);
  });

  it("fail the model, naming the function, its line and the path, where lax mode would give NULL", async () => {
    const j = `N'{"info":{"type":1,"tags":["a"]}}'`;
    await expect(rows(`SELECT JSON_VALUE(${j}, 'strict $.info.none') AS r`)).rejects.toThrow(
      /strict JSON path strict \$\.info\.none: JSON_VALUE at line \d+ found no scalar value/,
    );
    await expect(rows(`SELECT JSON_VALUE(${j}, 'strict $.info.tags') AS r`)).rejects.toThrow(/JSON_VALUE at line/);
    await expect(rows(`SELECT JSON_QUERY(${j}, 'strict $.info.type') AS r`)).rejects.toThrow(
      /JSON_QUERY at line \d+ found no object or array/,
    );
    await expect(rows(`SELECT [key] FROM OPENJSON(${j}, 'strict $.nothing')`)).rejects.toThrow(
      /OPENJSON at line \d+ found nothing at the path/,
    );
    await expect(rows(`SELECT a FROM OPENJSON(N'[{"a":1},{"b":2}]') WITH (a int 'strict $.a')`)).rejects.toThrow(
      /OPENJSON at line \d+ found no scalar value for column a/,
    );
  });
});

describe("JSON_OBJECT / JSON_ARRAY", () => {
  // docs/t-sql/functions/json-object-transact-sql.md: NULL ON NULL is the default.
  it("JSON_OBJECT writes null for NULL by default and leaves the key out with ABSENT ON NULL", async () => {
    expect(await scalar(`SELECT JSON_OBJECT('name':'value', 'type':NULL) AS r`)).toBe('{"name":"value","type":null}');
    expect(await scalar(`SELECT JSON_OBJECT('name':'value', 'type':NULL ABSENT ON NULL) AS r`)).toBe(
      '{"name":"value"}',
    );
    expect(await scalar(`SELECT JSON_OBJECT() AS r`)).toBe("{}");
  });

  it("JSON_OBJECT keeps numbers unquoted, escapes strings like FOR JSON and nests JSON values as is", async () => {
    const v = await scalar(
      `SELECT JSON_OBJECT('n':12.50, 'i':-3, 's':'a/b "c"', 'b':CAST(1 AS bit), 'o':JSON_OBJECT('k':JSON_ARRAY(1, 'x'))) AS r`,
    );
    expect(v).toBe('{"n":12.50,"i":-3,"s":"a\\/b \\"c\\"","b":true,"o":{"k":[1,"x"]}}');
  });

  // docs/t-sql/functions/json-array-transact-sql.md: ABSENT ON NULL is the default.
  it("JSON_ARRAY leaves NULLs out by default and writes null with NULL ON NULL", async () => {
    expect(await scalar(`SELECT JSON_ARRAY('a', 1, 'b', NULL) AS r`)).toBe('["a",1,"b"]');
    expect(await scalar(`SELECT JSON_ARRAY('a', 1, NULL, 2 NULL ON NULL) AS r`)).toBe('["a",1,null,2]');
    expect(await scalar(`SELECT JSON_ARRAY() AS r`)).toBe("[]");
  });

  it("JSON_OBJECT over table columns: per row, with dates as ISO 8601", async () => {
    const r = await rows(`create view v as SELECT ID, JSON_OBJECT('id':ID, 'name':Name, 'd':D) AS j FROM T`);
    const byId = Object.fromEntries(r.map((x) => [x.id, x.j]));
    expect(byId[1]).toBe('{"id":1,"name":"ab  ","d":"1996-07-04T00:00:00"}');
    expect(byId[3]).toBe('{"id":3,"name":null,"d":null}');
  });
});

describe("OPENJSON", () => {
  // docs/t-sql/functions/openjson-transact-sql.md, default schema: key, value, type (0 null … 5 object).
  it("OPENJSON default schema: members in order with their type codes", async () => {
    const r = await rows(`DECLARE @j nvarchar(max) = N'{"s":"x\\/y","n":1.0,"t":true,"z":null,"a":[1, 2],"o":{"k":1}}';
      SELECT [key], value, type FROM OPENJSON(@j)`);
    expect(r.map((x) => [x.key, x.value, x.type])).toEqual([
      ["s", "x/y", 1],
      ["n", "1.0", 2],
      ["t", "true", 3],
      ["z", null, 0],
      ["a", "[1, 2]", 4],
      ["o", '{"k":1}', 5],
    ]);
  });

  it("OPENJSON over an array numbers the elements from 0; a path selects the array; a missing path gives no rows", async () => {
    const r = await rows(`DECLARE @j nvarchar(max) = N'{"path":{"to":{"sub-object":["en-GB","de-AT"]}}}';
      SELECT [key], value FROM OPENJSON(@j, '$.path.to."sub-object"')`);
    expect(r.map((x) => [x.key, x.value])).toEqual([
      ["0", "en-GB"],
      ["1", "de-AT"],
    ]);
    expect(await rows(`SELECT [key] FROM OPENJSON(N'{"a":1}', '$.nothing')`)).toHaveLength(0);
  });

  it("OPENJSON WITH: one row per array element, paths, AS JSON, NULL where the lax path finds the wrong kind", async () => {
    const r =
      await rows(`DECLARE @j nvarchar(max) = N'[{"id":"2","info":{"name":"A","tags":[1]}},{"id":5,"info":"none"}]';
      SELECT id, name, info FROM OPENJSON(@j) WITH (id int '$.id', name nvarchar(20) '$.info.name', info nvarchar(max) '$.info' AS JSON)`);
    expect(r.map((x) => [x.id, x.name, x.info])).toEqual([
      [2, "A", '{"name":"A","tags":[1]}'],
      [5, null, null],
    ]);
    const one = await rows(`SELECT a FROM OPENJSON(N'{"a":7}') WITH (a int)`);
    expect(one.map((x) => x.a)).toEqual([7]);
  });

  it("OPENJSON in CROSS APPLY reads each row's document", async () => {
    const r = await rows(`create view v as SELECT T.ID, j.[key], j.value FROM T CROSS APPLY OPENJSON(T.J, '$.l') AS j`);
    expect(r.map((x) => [x.id, x.key, x.value])).toEqual([
      [1, "0", "1"],
      [1, "1", "2"],
    ]);
  });
});

describe("FOR JSON", () => {
  // docs/relational-databases/json/format-nested-json-output-with-path-mode-sql-server.md: dotted aliases nest.
  it("FOR JSON PATH: one object per row in ORDER BY order, NULLs left out, dotted aliases nested", async () => {
    const v = await scalar(
      `create view v as SELECT (SELECT ID AS id, Name AS [info.name], Qty AS [info.qty], Amount AS amount FROM T WHERE ID IN (1, 3) ORDER BY ID DESC FOR JSON PATH) AS r`,
    );
    expect(v).toBe('[{"id":3,"info":{"qty":7}},{"id":1,"info":{"name":"ab  ","qty":25},"amount":2.345}]');
  });

  // docs/relational-databases/json/format-nested-json-output-with-path-mode-sql-server.md: Id 3 (no Title, no
  // MiddleName) has no "Info" at all.
  it("FOR JSON PATH leaves out a nested object whose members are all NULL", async () => {
    const v = await scalar(
      `create view v as SELECT (SELECT ID AS Id, Name AS [Info.Name], Amount AS [Info.Amount] FROM T WHERE ID IN (2, 3) ORDER BY ID FOR JSON PATH) AS r`,
    );
    expect(v).toBe('[{"Id":2,"Info":{"Name":"9lives","Amount":1.000}},{"Id":3}]');
  });

  it("FOR JSON PATH with INCLUDE_NULL_VALUES, ROOT and WITHOUT_ARRAY_WRAPPER", async () => {
    expect(
      await scalar(
        `create view v as SELECT (SELECT ID, Name FROM T WHERE ID = 3 FOR JSON PATH, INCLUDE_NULL_VALUES) AS r`,
      ),
    ).toBe('[{"ID":3,"Name":null}]');
    expect(
      await scalar(
        `create view v as SELECT (SELECT ID FROM T WHERE ID < 3 ORDER BY ID FOR JSON PATH, ROOT('items')) AS r`,
      ),
    ).toBe('{"items":[{"ID":1},{"ID":2}]}');
    // docs/relational-databases/json/remove-square-brackets-from-json-without-array-wrapper-option.md
    expect(
      await scalar(`SELECT (SELECT 2015 AS year, 12 AS month, 15 AS day FOR JSON PATH, WITHOUT_ARRAY_WRAPPER) AS r`),
    ).toBe('{"year":2015,"month":12,"day":15}');
  });

  it("FOR JSON escapes / and quotes, writes bit as true/false, datetime as ISO 8601 and embeds nested JSON", async () => {
    const v = await scalar(
      `create view v as SELECT (SELECT 'a/b"' AS s, Flag AS f, D AS d, JSON_QUERY(J, '$.l') AS l FROM T WHERE ID = 1 FOR JSON PATH) AS r`,
    );
    expect(v).toBe('[{"s":"a\\/b\\"","f":true,"d":"1996-07-04T00:00:00","l":[1,2]}]');
  });

  it("FOR JSON AUTO over one table names keys after the columns", async () => {
    expect(await scalar(`create view v as SELECT (SELECT ID, Grp FROM T WHERE ID = 4 FOR JSON AUTO) AS r`)).toBe(
      '[{"ID":4,"Grp":"y"}]',
    );
  });

  it("FOR JSON with no rows is NULL", async () => {
    expect(await scalar(`create view v as SELECT (SELECT ID FROM T WHERE ID = 99 FOR JSON PATH) AS r`)).toBeNull();
  });

  it("a top-level FOR JSON returns one column named JSON_F52E2B61-18A1-11d1-B105-00805F49916B", async () => {
    const r = await rows(`SELECT 1 AS a FOR JSON PATH`);
    expect(r.map((x) => x[columnNames(["JSON_F52E2B61-18A1-11d1-B105-00805F49916B"])[0]!])).toEqual(['[{"a":1}]']);
  });

  it("conflicting dotted aliases (an error in SQL Server) are flagged for review", () => {
    expect(
      translate(`SELECT (SELECT ID AS [a.x], Name AS b, Qty AS [a.y] FROM T FOR JSON PATH) AS r`).issues.map(
        (i) => i.construct,
      ),
    ).toContain("FOR JSON PATH");
    expect(
      translate(`SELECT (SELECT ID AS a, Qty AS [a.y] FROM T FOR JSON PATH) AS r`).issues.map((i) => i.construct),
    ).toContain("FOR JSON PATH");
    expect(
      translate(`SELECT (SELECT ID AS [a.x], Qty AS [a.y], Name AS [b.c.d], Grp AS [b.c.e] FROM T FOR JSON PATH) AS r`)
        .issues,
    ).toEqual([]);
  });

  it("FOR JSON without a column name, or over joins in AUTO mode, is flagged for review", () => {
    expect(translate(`SELECT (SELECT 1 + 1 FOR JSON PATH) AS r`).issues.map((i) => i.construct)).toContain(
      "FOR JSON PATH",
    );
    expect(
      translate(`SELECT (SELECT T.ID, U.Tag FROM T JOIN U ON U.TID = T.ID FOR JSON AUTO) AS r`).issues.map(
        (i) => i.construct,
      ),
    ).toContain("FOR JSON AUTO");
  });
});

describe("nested FOR JSON and what stays for review", () => {
  it("a FOR JSON subquery in a FOR JSON select list is embedded as JSON; an empty one leaves the key out", async () => {
    const v = await scalar(
      `create view v as SELECT (SELECT ID, (SELECT Tag FROM U WHERE U.TID = T.ID ORDER BY U.Tag FOR JSON PATH) AS tags FROM T WHERE ID IN (1, 3) ORDER BY ID FOR JSON PATH) AS r`,
    );
    expect(v).toBe('[{"ID":1,"tags":[{"Tag":"blue"},{"Tag":"red"}]},{"ID":3}]');
  });

  // docs/relational-databases/json/solve-common-issues-with-json-in-sql-server.md: an inner FOR JSON with
  // WITHOUT_ARRAY_WRAPPER is escaped as text by the outer FOR JSON; JSON_QUERY promotes it to JSON.
  it("an inner FOR JSON … WITHOUT_ARRAY_WRAPPER is text to the outer FOR JSON unless JSON_QUERY wraps it", async () => {
    expect(
      await scalar(
        `SELECT (SELECT 'Text' AS t, (SELECT 12 AS day FOR JSON PATH, WITHOUT_ARRAY_WRAPPER) AS j FOR JSON PATH) AS r`,
      ),
    ).toBe('[{"t":"Text","j":"{\\"day\\":12}"}]');
    expect(
      await scalar(
        `SELECT (SELECT 'Text' AS t, JSON_QUERY((SELECT 12 AS day FOR JSON PATH, WITHOUT_ARRAY_WRAPPER)) AS j FOR JSON PATH) AS r`,
      ),
    ).toBe('[{"t":"Text","j":{"day":12}}]');
  });

  // docs/relational-databases/json/json-data-sql-server.md: OPENJSON … OUTER APPLY OPENJSON(…), neither aliased.
  it("two unaliased OPENJSON calls in one FROM each get their own name", async () => {
    const r = await rows(`SELECT id, skill FROM OPENJSON(N'[{"id":2},{"id":5,"s":["SQL","C#"]}]')
      WITH (id int, s nvarchar(max) AS JSON) OUTER APPLY OPENJSON(s) WITH (skill nvarchar(8) '$')`);
    expect(r.map((x) => [x.id, x.skill])).toEqual([
      [2, null],
      [5, "SQL"],
      [5, "C#"],
    ]);
  });

  it("a strict JSON_MODIFY path is a review item with the reason", () => {
    const t = translate(`SELECT JSON_MODIFY(J, 'strict $.a', 1) AS j FROM T`);
    expect(t.issues.map((i) => i.construct)).toContain("JSON path");
  });
});

describe("JSON_MODIFY", () => {
  // docs/t-sql/functions/json-modify-transact-sql.md, the lax-mode table and "Example - Basic operations": update
  // an existing member, add a missing one at the end, delete with NULL, append to an array; the rest as written.
  it("updates, inserts at the end, deletes on NULL and appends, keeping the other members in order", async () => {
    const r = await rows(`DECLARE @info nvarchar(100) = N'{"name":"John","skills":["C#","SQL"],"n":1.50}';
      SELECT JSON_MODIFY(@info, '$.name', 'Mike') AS updated, JSON_MODIFY(@info, '$.surname', 'a/b "c"') AS inserted,
             JSON_MODIFY(@info, '$.name', NULL) AS deleted, JSON_MODIFY(@info, 'append $.skills', 'Azure') AS appended,
             JSON_MODIFY(@info, '$.missing', NULL) AS missing_null, JSON_MODIFY(@info, '$.no.parent', 'x') AS no_parent,
             JSON_MODIFY(@info, '$.Name', 'Other') AS other_case, JSON_MODIFY(@info, '$.skills[1]', 'T-SQL') AS element,
             JSON_MODIFY(@info, '$.skills[5]', 'x') AS past_end, JSON_MODIFY(NULL, '$.a', 'x') AS null_doc,
             JSON_MODIFY(N'{}', '$.a', 1) AS into_empty, JSON_MODIFY(N'{"a":1}', '$.a', NULL) AS last_member`);
    expect(r[0]).toEqual({
      updated: '{"name":"Mike","skills":["C#","SQL"],"n":1.50}',
      inserted: '{"name":"John","skills":["C#","SQL"],"n":1.50,"surname":"a\\/b \\"c\\""}',
      deleted: '{"skills":["C#","SQL"],"n":1.50}',
      appended: '{"name":"John","skills":["C#","SQL","Azure"],"n":1.50}',
      missing_null: '{"name":"John","skills":["C#","SQL"],"n":1.50}',
      no_parent: '{"name":"John","skills":["C#","SQL"],"n":1.50}',
      other_case: '{"name":"John","skills":["C#","SQL"],"n":1.50,"Name":"Other"}',
      element: '{"name":"John","skills":["C#","T-SQL"],"n":1.50}',
      past_end: '{"name":"John","skills":["C#","SQL"],"n":1.50}',
      null_doc: null,
      into_empty: '{"a":1}',
      last_member: "{}",
    });
  });

  // Same page, "Rename a key", "Increment a value", "Modify a JSON object": numbers stay numbers, a string is
  // escaped, JSON from JSON_QUERY is inserted as JSON; nested calls modify in turn; duplicates: the first one.
  it("writes numbers bare, strings escaped and JSON_QUERY values as JSON, through nested paths and calls", async () => {
    const r = await rows(`DECLARE @p nvarchar(100) = N'{"price":49.99,"o":{"k":1,"k":2}}';
      SELECT JSON_MODIFY(JSON_MODIFY(@p, '$.Price', CAST(JSON_VALUE(@p, '$.price') AS numeric(4,2))), '$.price', NULL) AS renamed,
             JSON_MODIFY(@p, '$.o.k', CAST(JSON_VALUE(@p, '$.o.k') AS int) + 1) AS first_duplicate,
             JSON_MODIFY(@p, '$.o', '["x"]') AS as_string, JSON_MODIFY(@p, '$.o', JSON_QUERY('["x"]')) AS as_json,
             JSON_MODIFY(@p, '$.o.b', CAST(1 AS bit)) AS nested_insert`);
    expect(r[0]).toEqual({
      renamed: '{"o":{"k":1,"k":2},"Price":49.99}',
      first_duplicate: '{"price":49.99,"o":{"k":2,"k":2}}',
      as_string: '{"price":49.99,"o":"[\\"x\\"]"}',
      as_json: '{"price":49.99,"o":["x"]}',
      nested_insert: '{"price":49.99,"o":{"k":1,"k":2,"b":true}}',
    });
  });

  it("fails the model, naming JSON_MODIFY and its line, where the page leaves the outcome open", async () => {
    await expect(rows(`SELECT JSON_MODIFY(N'{"a":1}', 'append $.a', 'x') AS r`)).rejects.toThrow(
      /JSON_MODIFY at line \d+: append to a NULL value or to something that is not an array is not documented/,
    );
    await expect(rows(`SELECT JSON_MODIFY(N'{"a":1}', 'append $.b', 'x') AS r`)).rejects.toThrow(
      /JSON_MODIFY at line \d+: append to a missing member is not documented/,
    );
    await expect(rows(`SELECT JSON_MODIFY(N'[1,2]', '$[0]', NULL) AS r`)).rejects.toThrow(
      /JSON_MODIFY at line \d+: a NULL new value for an array element is not documented/,
    );
  });
});
