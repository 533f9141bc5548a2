-- Cases written for this repository from the values Microsoft's T-SQL reference documents for the JSON and XML
-- features (github.com/MicrosoftDocs/sql-docs); each manifest entry names its page. One procedure per case, each
-- followed by GO.

CREATE PROCEDURE dbo.json_value_lax_mode_paths
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @jsonInfo NVARCHAR(MAX);
  SET @jsonInfo = N'{
     "info":{
       "type":1,
       "address":{
         "town":"Bristol",
         "county":"Avon",
         "country":"England"
       },
       "tags":["Sport", "Water polo"]
    },
    "type":"Basic"
 }';
  SELECT JSON_VALUE(@jsonInfo, '$') AS root,
         JSON_VALUE(@jsonInfo, '$.info.type') AS info_type,
         JSON_VALUE(@jsonInfo, '$.info.address.town') AS town,
         JSON_VALUE(@jsonInfo, '$.info."address"') AS address,
         JSON_VALUE(@jsonInfo, '$.info.tags') AS tags,
         JSON_VALUE(@jsonInfo, '$.info.type[0]') AS type_index,
         JSON_VALUE(@jsonInfo, '$.info.none') AS missing;
END
GO

CREATE PROCEDURE dbo.json_value_first_array_element
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @jsonInfo NVARCHAR(MAX);
  DECLARE @town NVARCHAR(32);
  SET @jsonInfo = N'{"info":{"address":[{"town":"Paris"},{"town":"London"}]}}';
  SET @town = JSON_VALUE(@jsonInfo, '$.info.address[0].town');
  SELECT @town AS town;
END
GO

CREATE PROCEDURE dbo.json_value_duplicate_key_returns_first
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @json NVARCHAR(MAX);
  SET @json = N'{"person":{"info":{"name":"John", "name":"Jack"}}}';
  SELECT JSON_VALUE(@json, '$.person.info.name') AS name;
END
GO

CREATE PROCEDURE dbo.openjson_returns_every_duplicate_key
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @json NVARCHAR(MAX);
  SET @json = N'{"person":{"info":{"name":"John", "name":"Jack"}}}';
  SELECT value FROM OPENJSON(@json, '$.person.info');
END
GO

CREATE PROCEDURE dbo.json_path_expressions_on_people
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @json NVARCHAR(MAX) = N'{
	"people": [{
		"name": "John",
		"surname": "Doe"
	}, {
		"name": "Jane",
		"surname": null,
		"active": true
	}]
}';
  SELECT JSON_VALUE(@json, '$.people[0].name') AS first_name,
         JSON_QUERY(@json, '$.people[1]') AS second_person,
         JSON_VALUE(@json, '$.people[1].surname') AS second_surname,
         JSON_QUERY(@json, '$') AS whole;
END
GO

CREATE PROCEDURE dbo.json_query_lax_mode_paths
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @json NVARCHAR(MAX) = N'{
	"info": {
		"type": 1,
		"address": {
			"town": "Bristol",
			"county": "Avon",
			"country": "England"
		},
		"tags": ["Sport", "Water polo"]
	},
	"type": "Basic"
}';
  SELECT JSON_QUERY(@json, '$') AS root,
         JSON_QUERY(@json, '$.info.type') AS info_type,
         JSON_QUERY(@json, '$.info.address.town') AS town,
         JSON_QUERY(@json, '$.info."address"') AS address,
         JSON_QUERY(@json, '$.info.tags') AS tags,
         JSON_QUERY(@json, '$.info.type[0]') AS type_index,
         JSON_QUERY(@json, '$.info.none') AS missing;
END
GO

CREATE PROCEDURE dbo.json_query_compared_with_json_value
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @json NVARCHAR(MAX) = N'{
	"a": "[1,2]",
	"b": [1, 2],
	"c": "hi"
}';
  SELECT JSON_QUERY(@json, '$') AS root,
         JSON_QUERY(@json, '$.a') AS a,
         JSON_QUERY(@json, '$.b') AS b,
         JSON_QUERY(@json, '$.b[0]') AS b0,
         JSON_QUERY(@json, '$.c') AS c;
END
GO

CREATE PROCEDURE dbo.isjson_type_constraints
AS
BEGIN
  SET NOCOUNT ON;
  SELECT ISJSON('true', VALUE) AS true_as_value,
         ISJSON('test string', VALUE) AS bare_word_as_value,
         ISJSON('"test string"', SCALAR) AS quoted_string_as_scalar;
END
GO

CREATE PROCEDURE dbo.isjson_of_null_is_null
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @param NVARCHAR(MAX) = NULL;
  SELECT ISJSON(@param) AS result;
END
GO

CREATE PROCEDURE dbo.json_path_exists_nested_and_missing
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @jsonInfo NVARCHAR(MAX);
  SET @jsonInfo = N'{"info":{"address":[{"town":"Paris"},{"town":"London"}]}}';
  SELECT JSON_PATH_EXISTS(@jsonInfo, '$.info.address') AS address_exists,
         JSON_PATH_EXISTS(@jsonInfo, '$.info.addresses') AS addresses_exists;
END
GO

CREATE PROCEDURE dbo.json_path_exists_array_wildcard
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @all_towns NVARCHAR(MAX) = N'{"info":{"address":[{"town":"Paris"},{"town":"London"}]}}';
  DECLARE @one_town NVARCHAR(MAX) = N'{"info":{"address":[{"town":"Paris"},{"city":"London"}]}}';
  DECLARE @no_town NVARCHAR(MAX) = N'{"info":{"address":[{"city":"Paris"},{"city":"London"}]}}';
  SELECT JSON_PATH_EXISTS(@all_towns, '$.info.address[*].town') AS every_element,
         JSON_PATH_EXISTS(@one_town, '$.info.address[*].town') AS one_element,
         JSON_PATH_EXISTS(@no_town, '$.info.address[*].town') AS no_element;
END
GO

CREATE PROCEDURE dbo.json_object_empty
AS
BEGIN
  SET NOCOUNT ON;
  SELECT JSON_OBJECT() AS result;
END
GO

CREATE PROCEDURE dbo.json_object_with_array_value
AS
BEGIN
  SET NOCOUNT ON;
  SELECT JSON_OBJECT('name':'value', 'type':JSON_ARRAY(1, 2)) AS result;
END
GO

CREATE PROCEDURE dbo.json_array_empty
AS
BEGIN
  SET NOCOUNT ON;
  SELECT JSON_ARRAY() AS result;
END
GO

CREATE PROCEDURE dbo.json_array_strings_and_numbers
AS
BEGIN
  SET NOCOUNT ON;
  SELECT JSON_ARRAY('a', 1, 'b', 2) AS result;
END
GO

CREATE PROCEDURE dbo.json_array_with_object_element
AS
BEGIN
  SET NOCOUNT ON;
  SELECT JSON_ARRAY('a', JSON_OBJECT('name':'value', 'type':1)) AS result;
END
GO

CREATE PROCEDURE dbo.json_array_nested_null_on_null
AS
BEGIN
  SET NOCOUNT ON;
  SELECT JSON_ARRAY('a', JSON_OBJECT('name':'value', 'type':1), JSON_ARRAY(1, null, 2 NULL ON NULL)) AS result;
END
GO

CREATE PROCEDURE dbo.json_modify_update_insert_delete_append
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @info NVARCHAR(100) = '{"name":"John","skills":["C#","SQL"]}';
  SET @info = JSON_MODIFY(@info, '$.name', 'Mike');
  SET @info = JSON_MODIFY(@info, '$.surname', 'Smith');
  SET @info = JSON_MODIFY(@info, '$.name', NULL);
  SET @info = JSON_MODIFY(@info, 'append $.skills', 'Azure');
  SELECT @info AS info;
END
GO

CREATE PROCEDURE dbo.json_modify_nested_calls
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @info NVARCHAR(100) = '{"name":"John","skills":["C#","SQL"]}';
  SET @info = JSON_MODIFY(JSON_MODIFY(JSON_MODIFY(@info, '$.name', 'Mike'), '$.surname', 'Smith'), 'append $.skills', 'Azure');
  SELECT @info AS info;
END
GO

CREATE PROCEDURE dbo.json_modify_rename_key_keeps_number
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @product NVARCHAR(100) = '{"price":49.99}';
  SET @product =
    JSON_MODIFY(
      JSON_MODIFY(@product, '$.Price', CAST(JSON_VALUE(@product, '$.price') AS NUMERIC(4,2))),
      '$.price',
      NULL
    );
  SELECT @product AS product;
END
GO

CREATE PROCEDURE dbo.json_modify_increment_number
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @stats NVARCHAR(100) = '{"click_count": 173}';
  SET @stats = JSON_MODIFY(@stats, '$.click_count', CAST(JSON_VALUE(@stats, '$.click_count') AS INT) + 1);
  SELECT @stats AS stats;
END
GO

CREATE PROCEDURE dbo.json_modify_json_query_value_not_escaped
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @info NVARCHAR(100) = '{"name":"John","skills":["C#","SQL"]}';
  SET @info = JSON_MODIFY(@info, '$.skills', JSON_QUERY('["C#","T-SQL","Azure"]'));
  SELECT @info AS info;
END
GO

CREATE PROCEDURE dbo.for_json_path_without_array_wrapper
AS
BEGIN
  SET NOCOUNT ON;
  SELECT (SELECT 2015 AS year, 12 AS month, 15 AS day
          FOR JSON PATH, WITHOUT_ARRAY_WRAPPER) AS result;
END
GO

CREATE PROCEDURE dbo.for_json_path_rows_become_objects
AS
BEGIN
  SET NOCOUNT ON;
  SELECT (SELECT A, B, C, D
          FROM (VALUES (10, 11, 12, 'X'), (20, 21, 22, 'Y'), (30, 31, 32, 'Z')) AS q (A, B, C, D)
          ORDER BY A
          FOR JSON PATH) AS result;
END
GO

CREATE PROCEDURE dbo.for_json_auto_nests_joined_table
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #tabClass (
    ClassGuid UNIQUEIDENTIFIER NOT NULL DEFAULT newid(),
    ClassName NVARCHAR(32) NOT NULL
  );
  CREATE TABLE #tabStudent (
    StudentGuid UNIQUEIDENTIFIER NOT NULL DEFAULT newid(),
    StudentName NVARCHAR(32) NOT NULL,
    ClassGuid UNIQUEIDENTIFIER NULL
  );
  INSERT INTO #tabClass (ClassGuid, ClassName)
  VALUES ('DE807673-ECFC-4850-930D-A86F921DE438', 'Algebra Math'),
         ('C55C6819-E744-4797-AC56-FF8A729A7F5C', 'Calculus Math'),
         ('98509D36-A2C8-4A65-A310-E744F5621C83', 'Art Painting');
  INSERT INTO #tabStudent (StudentName, ClassGuid)
  VALUES ('Alice Apple', 'DE807673-ECFC-4850-930D-A86F921DE438'),
         ('Alice Apple', 'C55C6819-E744-4797-AC56-FF8A729A7F5C'),
         ('Betty Boot', 'C55C6819-E744-4797-AC56-FF8A729A7F5C'),
         ('Betty Boot', '98509D36-A2C8-4A65-A310-E744F5621C83'),
         ('Carla Cap', null);
  SELECT (SELECT c.ClassName, s.StudentName
          FROM #tabClass AS c
          RIGHT JOIN #tabStudent AS s ON s.ClassGuid = c.ClassGuid
          ORDER BY c.ClassName, s.StudentName
          FOR JSON AUTO) AS result;
END
GO

CREATE PROCEDURE dbo.xml_nodes_rows_of_context_nodes
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @x xml;
  SET @x = '<Root>
    <row id="1"><name>Larry</name><oflw>some text</oflw></row>
    <row id="2"><name>moe</name></row>
    <row id="3" />
</Root>';
  SELECT T.c.query('.') AS result
  FROM @x.nodes('/Root/row') T(c);
END
GO

CREATE PROCEDURE dbo.for_xml_path_named_column_is_element
AS
BEGIN
  SET NOCOUNT ON;
  SELECT (SELECT 2+2 AS result
          FOR XML PATH) AS Result;
END
GO

CREATE PROCEDURE dbo.for_xml_path_predefined_namespace_prefix
AS
BEGIN
  SET NOCOUNT ON;
  WITH XMLNAMESPACES ('urn:schemas-microsoft-com:xml-sql' AS sql)
  SELECT (SELECT 'SELECT * FROM Customers FOR XML AUTO, ROOT("a")' AS "sql:query"
          FOR XML PATH('sql:root')) AS Result;
END
GO

CREATE PROCEDURE dbo.for_xml_path_xml_lang_attributes
AS
BEGIN
  SET NOCOUNT ON;
  SELECT (SELECT 'en'    AS "English/@xml:lang",
                 'food'  AS "English",
                 'ger'   AS "German/@xml:lang",
                 'Essen' AS "German"
          FOR XML PATH ('Translation')) AS Result;
END
GO

CREATE PROCEDURE dbo.json_value_strict_mode_scalars
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @jsonInfo NVARCHAR(MAX);
  SET @jsonInfo = N'{
     "info":{
       "type":1,
       "address":{
         "town":"Bristol",
         "county":"Avon",
         "country":"England"
       },
       "tags":["Sport", "Water polo"]
    },
    "type":"Basic"
 }';
  SELECT JSON_VALUE(@jsonInfo, 'strict $.info.type') AS info_type,
         JSON_VALUE(@jsonInfo, 'strict $.info.address.town') AS town;
END
GO

CREATE PROCEDURE dbo.json_query_strict_mode_fragments
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @json NVARCHAR(MAX) = N'{
	"info": {
		"type": 1,
		"address": {
			"town": "Bristol",
			"county": "Avon",
			"country": "England"
		},
		"tags": ["Sport", "Water polo"]
	},
	"type": "Basic"
}';
  SELECT JSON_QUERY(@json, 'strict $') AS root,
         JSON_QUERY(@json, 'strict $.info."address"') AS address,
         JSON_QUERY(@json, 'strict $.info.tags') AS tags;
END
GO

CREATE PROCEDURE dbo.json_modify_array_element_member
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @json NVARCHAR(MAX);
  SET @json = '{"info":{"address":[{"town":"Belgrade"},{"town":"Paris"},{"town":"Madrid"}]}}';
  SET @json = JSON_MODIFY(@json, '$.info.address[1].town', 'London');
  SELECT modifiedJson = @json;
END
GO

CREATE PROCEDURE dbo.openjson_with_schema_nested_paths
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @json NVARCHAR(MAX);
  SET @json = N'[
       { "id" : 2,"info": { "name": "John", "surname": "Smith" }, "age": 25 },
       { "id" : 5,"info": { "name": "Jane", "surname": "Smith" }, "dob": "2005-11-04T12:00:00" }
 ]';
  SELECT *
  FROM OPENJSON(@json)
    WITH (id int 'strict $.id',
          firstName nvarchar(50) '$.info.name', lastName nvarchar(50) '$.info.surname',
          age int, dateOfBirth datetime2 '$.dob');
END
GO

CREATE PROCEDURE dbo.openjson_outer_apply_sub_array
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @json NVARCHAR(MAX);
  SET @json = N'[
       { "id" : 2,"info": { "name": "John", "surname": "Smith" }, "age": 25 },
       { "id" : 5,"info": { "name": "Jane", "surname": "Smith", "skills": ["SQL", "C#", "Azure"] }, "dob": "2005-11-04T12:00:00" }
 ]';
  SELECT id, firstName, lastName, age, dateOfBirth, skill
  FROM OPENJSON(@json)
    WITH (id int 'strict $.id',
          firstName nvarchar(50) '$.info.name', lastName nvarchar(50) '$.info.surname',
          age int, dateOfBirth datetime2 '$.dob',
          skills nvarchar(max) '$.info.skills' AS JSON)
    OUTER APPLY OPENJSON(skills)
      WITH (skill nvarchar(8) '$');
END
GO

CREATE PROCEDURE dbo.for_json_escapes_json_text_column
AS
BEGIN
  SET NOCOUNT ON;
  SELECT (SELECT 'Text' AS myText, '{"day":23}' AS myJson
          FOR JSON PATH) AS result;
END
GO

CREATE PROCEDURE dbo.for_json_escapes_inner_without_array_wrapper
AS
BEGIN
  SET NOCOUNT ON;
  SELECT (SELECT 'Text' AS myText,
                 (SELECT 12 day, 8 mon FOR JSON PATH, WITHOUT_ARRAY_WRAPPER) AS myJson
          FOR JSON PATH) AS result;
END
GO

CREATE PROCEDURE dbo.for_json_json_query_promotes_inner_object
AS
BEGIN
  SET NOCOUNT ON;
  SELECT (SELECT 'Text' AS myText,
                 JSON_QUERY((SELECT 12 day, 8 mon FOR JSON PATH, WITHOUT_ARRAY_WRAPPER)) AS myJson
          FOR JSON PATH) AS result;
END
GO

CREATE PROCEDURE dbo.isjson_constraint_table
AS
BEGIN
  SET NOCOUNT ON;
  SELECT ISJSON('1') AS number_without_constraint,
         ISJSON('[1]') AS array_without_constraint,
         ISJSON('null', VALUE) AS null_as_value,
         ISJSON('[1]', ARRAY) AS array_as_array,
         ISJSON('{"a":1}', ARRAY) AS object_as_array,
         ISJSON('{"a":1}', OBJECT) AS object_as_object,
         ISJSON('1', SCALAR) AS number_as_scalar,
         ISJSON('true', SCALAR) AS true_as_scalar;
END
GO

CREATE PROCEDURE dbo.json_value_over_4000_characters_is_null
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @long NVARCHAR(MAX) = N'{"a":"' + REPLICATE(CAST(N'x' AS NVARCHAR(MAX)), 4001) + N'"}';
  DECLARE @fits NVARCHAR(MAX) = N'{"a":"' + REPLICATE(CAST(N'x' AS NVARCHAR(MAX)), 4000) + N'"}';
  SELECT JSON_VALUE(@long, '$.a') AS too_long,
         LEN(JSON_VALUE(@fits, '$.a')) AS fits_length;
END
GO

CREATE PROCEDURE dbo.openjson_default_schema_type_codes
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @json NVARCHAR(MAX) = N'{"s":"John","n":45,"t":true,"f":false,"z":null,"a":["a","r"],"o":{"obj":"ect"}}';
  SELECT [key], type FROM OPENJSON(@json);
END
GO

CREATE PROCEDURE dbo.for_json_root_without_name
AS
BEGIN
  SET NOCOUNT ON;
  SELECT (SELECT 2015 AS year, 12 AS month
          FOR JSON PATH, ROOT) AS result;
END
GO

CREATE PROCEDURE dbo.for_json_include_null_values
AS
BEGIN
  SET NOCOUNT ON;
  SELECT (SELECT N'John' AS name, CAST(NULL AS NVARCHAR(20)) AS surname
          FOR JSON PATH) AS without_nulls,
         (SELECT N'John' AS name, CAST(NULL AS NVARCHAR(20)) AS surname
          FOR JSON PATH, INCLUDE_NULL_VALUES) AS with_nulls;
END
GO

CREATE PROCEDURE dbo.xml_from_string_drops_insignificant_white_space
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @x xml;
  SET @x = '<root>      <child/>     </root>';
  SELECT @x AS x;
END
GO

CREATE PROCEDURE dbo.xml_convert_style_1_keeps_white_space
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CONVERT(xml, N'<root>      <child/>     </root>', 1) AS x;
END
GO
