-- Cases written for this repository from the values Microsoft's T-SQL reference documents
-- (github.com/MicrosoftDocs/sql-docs); each manifest entry names its page. One procedure per case, each followed by GO.

CREATE PROCEDURE dbo.charindex_finds_word_in_variable
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @document varchar(64);
  SELECT @document = 'Reflectors are vital safety' + ' components of your bicycle.';
  SELECT CHARINDEX('bicycle', @document) AS position;
END
GO

CREATE PROCEDURE dbo.charindex_case_sensitive_collation_finds_exact_case
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CHARINDEX('Test', 'This is a Test' COLLATE Latin1_General_CS_AS) AS position;
END
GO

CREATE PROCEDURE dbo.charindex_first_occurrence_and_from_start_location
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CHARINDEX('is', 'This is a string') AS from_first,
         CHARINDEX('is', 'This is a string', 4) AS from_fourth;
END
GO

CREATE PROCEDURE dbo.charindex_start_location_zero_or_negative_searches_from_start
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CHARINDEX('is', 'This is a string', 0) AS start_zero,
         CHARINDEX('is', 'This is a string', -5) AS start_negative,
         CHARINDEX(NULL, 'This is a string') AS null_find,
         CHARINDEX('is', NULL) AS null_search;
END
GO

CREATE PROCEDURE dbo.substring_second_to_fourth_character
AS
BEGIN
  SET NOCOUNT ON;
  SELECT x = SUBSTRING('abcdef', 2, 3);
END
GO

CREATE PROCEDURE dbo.substring_start_before_first_character
AS
BEGIN
  SET NOCOUNT ON;
  SELECT SUBSTRING('abcdef', 0, 3) AS start_zero,
         SUBSTRING('abcdef', -1, 3) AS start_minus_one,
         SUBSTRING('abcdef', -5, 3) AS nothing_left,
         SUBSTRING('abcdef', 10, 3) AS start_past_end,
         SUBSTRING('abcdef', 4, 100) AS length_past_end;
END
GO

CREATE PROCEDURE dbo.right_two_rightmost_characters
AS
BEGIN
  SET NOCOUNT ON;
  SELECT RIGHT('abcdefg', 2) AS Result;
END
GO

CREATE PROCEDURE dbo.ltrim_removes_five_leading_spaces
AS
BEGIN
  SET NOCOUNT ON;
  SELECT LTRIM('     Five spaces are at the beginning of this string.') AS Result;
END
GO

CREATE PROCEDURE dbo.rtrim_removes_trailing_spaces
AS
BEGIN
  SET NOCOUNT ON;
  SELECT RTRIM('Removes trailing spaces.   ') AS Result;
END
GO

CREATE PROCEDURE dbo.varchar_variable_keeps_trailing_spaces_in_concatenation
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @string_to_trim varchar(60);
  SET @string_to_trim = 'Four spaces are after the period in this sentence.    ';
  SELECT @string_to_trim + ' Next string.' AS Result;
END
GO

CREATE PROCEDURE dbo.rtrim_of_variable_before_concatenation
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @string_to_trim varchar(60);
  SET @string_to_trim = 'Four spaces are after the period in this sentence.    ';
  SELECT RTRIM(@string_to_trim) + ' Next string.' AS Result;
END
GO

CREATE PROCEDURE dbo.trim_characters_from_both_sides
AS
BEGIN
  SET NOCOUNT ON;
  SELECT TRIM('.,! ' FROM '     #     test    .') AS Result;
END
GO

CREATE PROCEDURE dbo.trim_both_removes_character_set
AS
BEGIN
  SET NOCOUNT ON;
  SELECT TRIM(BOTH '123' FROM '123abc123') AS Result;
END
GO

CREATE PROCEDURE dbo.replace_under_binary_collation
AS
BEGIN
  SET NOCOUNT ON;
  SELECT REPLACE('This is a Test' COLLATE Latin1_General_BIN, 'Test', 'desk') AS Result;
END
GO

CREATE PROCEDURE dbo.replace_empty_pattern_and_null_arguments
AS
BEGIN
  SET NOCOUNT ON;
  SELECT REPLACE('abcdefghicde', '', 'xxx') AS empty_pattern,
         REPLACE('abcdefghicde', NULL, 'xxx') AS null_pattern,
         REPLACE('abcdefghicde', 'cde', NULL) AS null_replacement;
END
GO

CREATE PROCEDURE dbo.replicate_negative_count_is_null
AS
BEGIN
  SET NOCOUNT ON;
  SELECT REPLICATE('0', -1) AS negative_count,
         REPLICATE('ab', 3) AS three_times;
END
GO

CREATE PROCEDURE dbo.stuff_start_and_length_boundaries
AS
BEGIN
  SET NOCOUNT ON;
  SELECT STUFF('abcdef', 0, 3, 'ijklmn') AS start_zero,
         STUFF('abcdef', -1, 3, 'ijklmn') AS start_negative,
         STUFF('abcdef', 10, 3, 'ijklmn') AS start_past_end,
         STUFF('abcdef', 2, -1, 'ijklmn') AS length_negative,
         STUFF('abcdef', 2, 100, 'ijklmn') AS length_past_end,
         STUFF('abcdef', 2, 0, 'ijklmn') AS length_zero,
         STUFF('abcdef', 2, 3, NULL) AS null_replacement;
END
GO

CREATE PROCEDURE dbo.space_negative_count_is_null
AS
BEGIN
  SET NOCOUNT ON;
  SELECT '[' + SPACE(2) + ']' AS two_spaces,
         SPACE(-1) AS negative_count;
END
GO

CREATE PROCEDURE dbo.quotename_unacceptable_quote_character_is_null
AS
BEGIN
  SET NOCOUNT ON;
  SELECT QUOTENAME('abc', 'x') AS unacceptable,
         QUOTENAME('abc', '"') AS double_quote,
         QUOTENAME('abc') AS default_brackets;
END
GO

CREATE PROCEDURE dbo.difference_of_consonant_change
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DIFFERENCE('Anothers', 'Brothers') AS Result;
END
GO

CREATE PROCEDURE dbo.soundex_and_difference_of_dissimilar_names
AS
BEGIN
  SET NOCOUNT ON;
  SELECT SOUNDEX('Blotchet-Halls') AS first_code,
         SOUNDEX('Greene') AS second_code,
         DIFFERENCE('Blotchet-Halls', 'Greene') AS difference;
END
GO

CREATE PROCEDURE dbo.unicode_of_first_character_of_nchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @nstring nchar(12);
  SET @nstring = N'Åkergatan 24';
  SELECT UNICODE(@nstring) AS code, NCHAR(UNICODE(@nstring)) AS character;
END
GO

CREATE PROCEDURE dbo.unicode_of_second_character_after_nchar_truncation
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @nstring nchar(8);
  SET @nstring = N'København';
  SELECT UNICODE(SUBSTRING(@nstring, 2, 1)) AS code,
         NCHAR(UNICODE(SUBSTRING(@nstring, 2, 1))) AS character;
END
GO

CREATE PROCEDURE dbo.nchar_and_char_out_of_range_are_null
AS
BEGIN
  SET NOCOUNT ON;
  SELECT NCHAR(-1) AS nchar_negative,
         CHAR(-1) AS char_negative,
         CHAR(256) AS char_past_255;
END
GO

CREATE PROCEDURE dbo.char_of_ascii_codes
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CHAR(65) AS [65], CHAR(66) AS [66],
         CHAR(97) AS [97], CHAR(98) AS [98],
         CHAR(49) AS [49], CHAR(50) AS [50];
END
GO

CREATE PROCEDURE dbo.ascii_of_seven_bit_character
AS
BEGIN
  SET NOCOUNT ON;
  SELECT ASCII('P') AS [ASCII];
END
GO

CREATE PROCEDURE dbo.string_split_keeps_empty_substrings
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @tags nvarchar(400) = 'clothing,road,,touring,bike';
  SELECT value FROM STRING_SPLIT(@tags, ',');
END
GO

CREATE PROCEDURE dbo.string_split_filters_empty_tokens
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @tags nvarchar(400) = 'clothing,road,,touring,bike';
  SELECT value FROM STRING_SPLIT(@tags, ',') WHERE RTRIM(value) <> '';
END
GO

CREATE PROCEDURE dbo.string_split_of_null_is_empty_table
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @tags nvarchar(400) = NULL;
  SELECT value FROM STRING_SPLIT(@tags, ',');
END
GO

CREATE PROCEDURE dbo.string_split_cross_apply_over_column
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #Product (ProductId int, Name nvarchar(50), Tags nvarchar(400));
  INSERT INTO #Product VALUES (1, N'Full-Finger Gloves', N'clothing,road,touring,bike'),
                              (2, N'LL Headset', N'bike'),
                              (3, N'HL Mountain Frame', N'bike,mountain');
  SELECT ProductId, Name, value
  FROM #Product
      CROSS APPLY STRING_SPLIT(Tags, ',');
END
GO

CREATE PROCEDURE dbo.string_agg_skips_nulls_without_separator
AS
BEGIN
  SET NOCOUNT ON;
  SELECT STRING_AGG(name, ',') WITHIN GROUP (ORDER BY name ASC) AS csv
  FROM (VALUES ('John'), (NULL), ('Mike'), ('Alice'), (NULL)) AS people(name);
END
GO

CREATE PROCEDURE dbo.string_agg_with_isnull_placeholder
AS
BEGIN
  SET NOCOUNT ON;
  SELECT STRING_AGG(ISNULL(name, 'N/A'), ',') WITHIN GROUP (ORDER BY id) AS csv
  FROM (VALUES (1, 'John'), (2, NULL), (3, 'Mike')) AS people(id, name);
END
GO

CREATE PROCEDURE dbo.parsename_schema_part
AS
BEGIN
  SET NOCOUNT ON;
  SELECT PARSENAME('AdventureWorksPDW2012.dbo.DimCustomer', 2) AS [Schema Name];
END
GO

CREATE PROCEDURE dbo.parsename_null_arguments
AS
BEGIN
  SET NOCOUNT ON;
  SELECT PARSENAME(NULL, 1) AS null_name,
         PARSENAME('AdventureWorksPDW2012.dbo.DimCustomer', NULL) AS null_piece;
END
GO

CREATE PROCEDURE dbo.concat_ws_all_null_is_empty_string
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CONCAT_WS(',', NULL, NULL) AS all_null,
         CONCAT(NULL, NULL) AS concat_all_null;
END
GO

CREATE PROCEDURE dbo.plus_with_empty_string_and_null
AS
BEGIN
  SET NOCOUNT ON;
  SELECT 'book' + '' AS with_empty,
         '' + 'case' AS empty_first,
         'book' + NULL AS with_null;
END
GO

CREATE PROCEDURE dbo.datalength_of_default_length_variables
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @myVariable AS varchar = 'abc';
  DECLARE @myNextVariable AS char = 'abc';
  SELECT DATALENGTH(@myVariable) AS varchar_length, DATALENGTH(@myNextVariable) AS char_length;
END
GO

CREATE PROCEDURE dbo.cast_to_varchar_without_length_keeps_thirty
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @myVariable AS varchar(40);
  SET @myVariable = 'This string is longer than thirty characters';
  SELECT CAST(@myVariable AS varchar) AS cast_value,
         DATALENGTH(CAST(@myVariable AS varchar)) AS cast_length,
         DATALENGTH(CONVERT(char, @myVariable)) AS convert_length;
END
GO

CREATE PROCEDURE dbo.datalength_of_null_is_null
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATALENGTH(CAST(NULL AS varchar(10))) AS Result;
END
GO

CREATE PROCEDURE dbo.patindex_pattern_anchored_at_start
AS
BEGIN
  SET NOCOUNT ON;
  SELECT PATINDEX('a%', 'abc') AS Result;
END
GO

CREATE PROCEDURE dbo.patindex_negated_character_class
AS
BEGIN
  SET NOCOUNT ON;
  SELECT position = PATINDEX('%[^ 0-9A-z]%', 'Please ensure the door is locked!');
END
GO

CREATE PROCEDURE dbo.patindex_null_arguments
AS
BEGIN
  SET NOCOUNT ON;
  SELECT PATINDEX(NULL, 'abc') AS null_pattern,
         PATINDEX('%b%', NULL) AS null_expression;
END
GO

CREATE PROCEDURE dbo.like_char_column_ignores_trailing_blanks
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #t (col1 char(30));
  INSERT INTO #t VALUES ('Robert King');
  SELECT * FROM #t WHERE col1 LIKE '% King';
END
GO

CREATE PROCEDURE dbo.like_bracketed_wildcards_match_literally
AS
BEGIN
  SET NOCOUNT ON;
  SELECT v,
         CASE WHEN v LIKE '5[%]' THEN 1 ELSE 0 END AS five_percent,
         CASE WHEN v LIKE '[_]n' THEN 1 ELSE 0 END AS underscore_n,
         CASE WHEN v LIKE '[a-cdf]' THEN 1 ELSE 0 END AS a_to_c_d_f,
         CASE WHEN v LIKE '[-acdf]' THEN 1 ELSE 0 END AS dash_a_c_d_f,
         CASE WHEN v LIKE ']' THEN 1 ELSE 0 END AS right_bracket,
         CASE WHEN v LIKE 'abc[_]d%' THEN 1 ELSE 0 END AS abc_underscore_d,
         CASE WHEN v LIKE 'abc[def]' THEN 1 ELSE 0 END AS abc_d_e_f
  FROM (VALUES ('5%'), ('55'), ('_n'), ('an'), ('a'), ('b'), ('d'), ('e'), ('f'), ('-'), (']'),
               ('abc_d'), ('abc_de'), ('abcxd'), ('abcd'), ('abce'), ('abcf'), ('abcg')) AS s(v);
END
GO

CREATE PROCEDURE dbo.like_escape_character_makes_percent_literal
AS
BEGIN
  SET NOCOUNT ON;
  SELECT comment,
         CASE WHEN comment LIKE '%30!%%' ESCAPE '!' THEN 1 ELSE 0 END AS with_escape,
         CASE WHEN comment LIKE '%30!%%' THEN 1 ELSE 0 END AS without_escape
  FROM (VALUES ('Save 30% today'), ('Code 30! applies'), ('Save 300 today')) AS c(comment);
END
GO

CREATE PROCEDURE dbo.like_trailing_blanks_of_pattern_are_significant
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @bare varchar(10) = 'abc', @padded varchar(10) = 'abc  ';
  SELECT CASE WHEN @bare LIKE 'abc ' THEN 1 ELSE 0 END AS bare_like_pattern_with_space,
         CASE WHEN @padded LIKE 'abc' THEN 1 ELSE 0 END AS padded_like_pattern_without_space,
         CASE WHEN @bare LIKE 'abc' THEN 1 ELSE 0 END AS bare_like_pattern_without_space;
END
GO

CREATE PROCEDURE dbo.plus_equals_appends_to_variable
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @v1 varchar(40);
  SET @v1 = 'This is the original.';
  SET @v1 += ' More text.';
  SELECT @v1 AS Result;
END
GO

CREATE PROCEDURE dbo.plus_equals_adds_the_truncated_right_side
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @x varchar(4000) = REPLICATE('x', 4000);
  DECLARE @z varchar(8000) = REPLICATE('z', 8000);
  DECLARE @y varchar(max);
  SET @y = '';
  SET @y += @x + @z;
  SELECT LEN(@y) AS Y;
END
GO

CREATE PROCEDURE dbo.concatenation_from_max_left_to_right_is_not_truncated
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @x varchar(4000) = REPLICATE('x', 4000);
  DECLARE @z varchar(8000) = REPLICATE('z', 8000);
  DECLARE @y varchar(max);
  SET @y = '';
  SET @y = @y + @x + @z;
  SELECT LEN(@y) AS Y;
END
GO

CREATE PROCEDURE dbo.concatenation_parenthesized_before_max_is_truncated
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @x varchar(4000) = REPLICATE('x', 4000);
  DECLARE @z varchar(8000) = REPLICATE('z', 8000);
  DECLARE @y varchar(max);
  SET @y = '';
  SET @y = @y + (@x + @z);
  SELECT LEN(@y) AS Y;
END
GO

CREATE PROCEDURE dbo.concatenation_with_max_last_is_truncated_first
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @x varchar(4000) = REPLICATE('x', 4000);
  DECLARE @z varchar(8000) = REPLICATE('z', 8000);
  DECLARE @y varchar(max);
  SET @y = '';
  SET @y = @x + @z + @y;
  SELECT LEN(@y) AS Y;
END
GO

CREATE PROCEDURE dbo.explicit_collation_overrides_implicit_column_collation
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #TestTab (
     id int,
     GreekCol nvarchar(10) collate greek_ci_as,
     LatinCol nvarchar(10) collate latin1_general_cs_as
     );
  INSERT #TestTab VALUES (1, N'A', N'a');
  SELECT *
  FROM #TestTab
  WHERE GreekCol = LatinCol COLLATE greek_ci_as;
END
GO

CREATE PROCEDURE dbo.case_of_conflicting_columns_collated_explicitly
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #TestTab (
     id int,
     GreekCol nvarchar(10) collate greek_ci_as,
     LatinCol nvarchar(10) collate latin1_general_cs_as
     );
  INSERT #TestTab VALUES (1, N'A', N'a');
  SELECT (CASE WHEN id > 10 THEN GreekCol ELSE LatinCol END) COLLATE Latin1_General_CI_AS AS Result
  FROM #TestTab;
END
GO

CREATE PROCEDURE dbo.nested_replace_equals_translate_of_braces
AS
BEGIN
  SET NOCOUNT ON;
  SELECT REPLACE(REPLACE(REPLACE(REPLACE('2*[3+4]/{7-2}', '[', '('), ']', ')'), '{', '('), '}', ')') AS Result;
END
GO

CREATE PROCEDURE dbo.translate_replaces_each_character_once
AS
BEGIN
  SET NOCOUNT ON;
  SELECT TRANSLATE('abcdef', 'abc', 'bcd') AS Translated,
         REPLACE(REPLACE(REPLACE('abcdef', 'a', 'b'), 'b', 'c'), 'c', 'd') AS Replaced;
END
GO

CREATE PROCEDURE dbo.translate_with_a_null_argument_is_null
AS
BEGIN
  SET NOCOUNT ON;
  SELECT TRANSLATE(NULL, 'abc', 'xyz') AS null_input,
         TRANSLATE('abcdef', 'abc', NULL) AS null_translations;
END
GO

CREATE PROCEDURE dbo.concat_converts_int_and_float_to_strings
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @i int = 14, @f float = 1234.56789;
  SELECT CONCAT(@i, @f) AS Result, LEN(CONCAT(@i, @f)) AS result_length;
END
GO

CREATE PROCEDURE dbo.string_agg_of_concat_with_datetime
AS
BEGIN
  SET NOCOUNT ON;
  SELECT STRING_AGG(CONCAT(FirstName, ' ', LastName, ' (', ModifiedDate, ')'), CHAR(13)) WITHIN GROUP (ORDER BY id) AS names
  FROM (VALUES (1, N'Ken', N'Sánchez', CAST('2003-02-08T00:00:00' AS datetime)),
               (2, N'Terri', N'Duffy', CAST('2002-02-24T00:00:00' AS datetime))) AS Person(id, FirstName, LastName, ModifiedDate);
END
GO
