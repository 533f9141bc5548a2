-- Cases written for this repository from the values Microsoft's T-SQL reference documents
-- (github.com/MicrosoftDocs/sql-docs); each manifest entry names its page. One procedure per case, each followed by GO.

CREATE PROCEDURE dbo.cast_decimal_to_int_truncates_and_to_numeric_rounds
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST(10.6496 AS int) AS trunc1,
         CAST(-10.6496 AS int) AS trunc2,
         CAST(10.6496 AS numeric) AS round1,
         CAST(-10.6496 AS numeric) AS round2;
END
GO

CREATE PROCEDURE dbo.iso8601_text_to_datetime_by_cast_and_style_126
AS
BEGIN
  SET NOCOUNT ON;
  SELECT '2006-04-25T15:50:59.997' AS UnconvertedText,
         CAST('2006-04-25T15:50:59.997' AS datetime) AS UsingCast,
         CONVERT(datetime, '2006-04-25T15:50:59.997', 126) AS UsingConvertFrom_ISO8601;
END
GO

CREATE PROCEDURE dbo.convert_hex_text_with_0x_prefix_to_binary_style_1
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CONVERT(binary(4), '0x4E616D65', 1) AS [Style 1, character to binary];
END
GO

CREATE PROCEDURE dbo.binary_through_nvarchar_keeps_two_bytes_per_character
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST(CAST(0x41 AS nvarchar) AS varbinary) AS Result;
END
GO

CREATE PROCEDURE dbo.cast_money_literal_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST($157.27 AS varchar(10)) AS Result;
END
GO

CREATE PROCEDURE dbo.try_cast_text_to_float_fails_to_null
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CASE WHEN TRY_CAST('test' AS float) IS NULL
              THEN 'Cast failed'
              ELSE 'Cast succeeded'
         END AS Result;
END
GO

CREATE PROCEDURE dbo.try_convert_text_to_float_fails_to_null
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CASE WHEN TRY_CONVERT(float, 'test') IS NULL
              THEN 'Cast failed'
              ELSE 'Cast succeeded'
         END AS Result;
END
GO

CREATE PROCEDURE dbo.try_convert_date_text_under_dateformat_mdy
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFORMAT mdy;
  SELECT TRY_CONVERT(datetime2, '12/31/2010') AS Result;
END
GO

CREATE PROCEDURE dbo.parse_long_date_text_in_en_us
AS
BEGIN
  SET NOCOUNT ON;
  SELECT PARSE('Monday, 13 December 2010' AS datetime2 USING 'en-US') AS Result;
END
GO

CREATE PROCEDURE dbo.parse_date_text_under_session_language_english
AS
BEGIN
  SET NOCOUNT ON;
  SET LANGUAGE 'English';
  SELECT PARSE('12/16/2010' AS datetime2) AS Result;
END
GO

CREATE PROCEDURE dbo.try_parse_date_text_under_session_language_english
AS
BEGIN
  SET NOCOUNT ON;
  SET LANGUAGE English;
  SELECT IIF(TRY_PARSE('01/01/2011' AS datetime2) IS NULL, 'True', 'False') AS Result;
END
GO

CREATE PROCEDURE dbo.format_time_with_unescaped_period_is_null
AS
BEGIN
  SET NOCOUNT ON;
  SELECT FORMAT(CAST('07:35' AS time), N'hh.mm') AS Result;
END
GO

CREATE PROCEDURE dbo.format_time_with_escaped_separators
AS
BEGIN
  SET NOCOUNT ON;
  SELECT FORMAT(CAST('07:35' AS time), N'hh\.mm') AS with_period,
         FORMAT(CAST('07:35' AS time), N'hh\:mm') AS with_colon;
END
GO

CREATE PROCEDURE dbo.format_datetime2_am_designator
AS
BEGIN
  SET NOCOUNT ON;
  SELECT FORMAT(CAST('2018-01-01 01:00' AS datetime2), N'hh:mm tt') AS Result;
END
GO

CREATE PROCEDURE dbo.format_datetime2_pm_designator_first_letter
AS
BEGIN
  SET NOCOUNT ON;
  SELECT FORMAT(CAST('2018-01-01 14:00' AS datetime2), N'hh:mm t') AS Result;
END
GO

CREATE PROCEDURE dbo.format_date_custom_day_month_year_en_us
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d date = '2024-08-09';
  SELECT FORMAT(@d, 'dd/MM/yyyy', 'en-US') AS [Date];
END
GO

CREATE PROCEDURE dbo.format_money_number_general_currency_en_us
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #CurrencyRate (CurrencyRateID int, EndOfDayRate money);
  INSERT INTO #CurrencyRate VALUES (1, 1.0002), (2, 1.55), (3, 1.9419), (4, 1.4683), (5, 8.2784);
  SELECT CurrencyRateID,
         EndOfDayRate,
         FORMAT(EndOfDayRate, 'N', 'en-us') AS [Numeric Format],
         FORMAT(EndOfDayRate, 'G', 'en-us') AS [General Format],
         FORMAT(EndOfDayRate, 'C', 'en-us') AS [Currency Format]
  FROM #CurrencyRate
  ORDER BY CurrencyRateID;
END
GO

CREATE PROCEDURE dbo.format_money_number_general_de_de
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #CurrencyRate (CurrencyRateID int, EndOfDayRate money);
  INSERT INTO #CurrencyRate VALUES (1, 1.0002), (2, 1.55), (3, 1.9419), (4, 1.4683), (5, 8.2784);
  SELECT CurrencyRateID,
         EndOfDayRate,
         FORMAT(EndOfDayRate, 'N', 'de-de') AS [Numeric Format],
         FORMAT(EndOfDayRate, 'G', 'de-de') AS [General Format]
  FROM #CurrencyRate
  ORDER BY CurrencyRateID;
END
GO

CREATE PROCEDURE dbo.str_number_longer_than_length_is_asterisks
AS
BEGIN
  SET NOCOUNT ON;
  SELECT STR(123.45, 2, 2) AS Result;
END
GO

CREATE PROCEDURE dbo.str_right_justifies_short_number_and_stars_long_one
AS
BEGIN
  SET NOCOUNT ON;
  SELECT STR(12, 10) AS short_number, STR(1223, 2) AS long_number;
END
GO

CREATE PROCEDURE dbo.convert_money_to_varchar_style_1_with_commas
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #SalesPerson (BusinessEntityID int, SalesYTD money);
  INSERT INTO #SalesPerson VALUES (278, 1453719.4653), (280, 1352577.1325), (283, 1573012.9383), (284, 1576562.1966),
                                  (285, 172524.4512), (286, 1421810.9242), (288, 1827066.7118);
  SELECT BusinessEntityID, SalesYTD, CONVERT(varchar(12), SalesYTD, 1) AS MoneyDisplayStyle1
  FROM #SalesPerson;
END
GO

CREATE PROCEDURE dbo.convert_money_to_varchar_styles_0_and_2
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @m money = 4235.9819;
  SELECT CONVERT(varchar(30), @m, 0) AS style_0, CONVERT(varchar(30), @m, 2) AS style_2;
END
GO

CREATE PROCEDURE dbo.character_to_money_accepts_dollar_sign_and_commas
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('$123,456.00' AS money) AS Result;
END
GO

CREATE PROCEDURE dbo.character_to_int_ignores_leading_blanks
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('   123' AS int) AS int_value, CAST('  -45.50' AS decimal(5,2)) AS decimal_value;
END
GO

CREATE PROCEDURE dbo.character_to_float_accepts_exponent
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('1.5e2' AS float) AS lower_e, CAST('-25E-1' AS float) AS upper_e_negative;
END
GO

CREATE PROCEDURE dbo.integer_types_hold_their_maximum_values
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #MyTable (MyBigIntColumn bigint, MyIntColumn int, MySmallIntColumn smallint, MyTinyIntColumn tinyint);
  INSERT INTO #MyTable VALUES (9223372036854775807, 2147483647, 32767, 255);
  SELECT MyBigIntColumn, MyIntColumn, MySmallIntColumn, MyTinyIntColumn
  FROM #MyTable;
END
GO

CREATE PROCEDURE dbo.decimal_product_keeps_scale_17_when_integral_part_is_small
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST(0.0000009000 AS decimal(30,20)) * CAST(1.0000000000 AS decimal(30,20)) AS [decimal 38,17];
END
GO

CREATE PROCEDURE dbo.decimal_product_scale_reduced_to_6_when_integral_part_is_large
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST(0.0000009000 AS decimal(30,10)) * CAST(1.0000000000 AS decimal(30,10)) AS [decimal(38, 6)];
END
GO

CREATE PROCEDURE dbo.int_to_binary_pads_and_truncates_on_the_left
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST(123456 AS binary(4)) AS four_bytes, CAST(123456 AS binary(2)) AS two_bytes;
END
GO

CREATE PROCEDURE dbo.int_truncated_in_binary_changes_arithmetic
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @BinaryVariable2 binary(2);
  SET @BinaryVariable2 = 123456;
  SET @BinaryVariable2 = @BinaryVariable2 + 1;
  SELECT CAST(@BinaryVariable2 AS int) AS Result;
END
GO

CREATE PROCEDURE dbo.bit_from_true_false_strings_and_nonzero_numbers
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('TRUE' AS bit) AS from_true,
         CAST('FALSE' AS bit) AS from_false,
         CAST(2 AS bit) AS from_two,
         CAST(-1 AS bit) AS from_negative,
         CAST(0 AS bit) AS from_zero;
END
GO

CREATE PROCEDURE dbo.uniqueidentifier_from_text_truncates_past_36_characters
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @ID nvarchar(max) = N'0E984725-C51C-4BF4-9960-E1C80E27ABA0wrong';
  SELECT CONVERT(uniqueidentifier, @ID) AS TruncatedValue;
END
GO

CREATE PROCEDURE dbo.sin_of_float_to_varchar_six_digits
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @angle float;
  SET @angle = 45.175643;
  SELECT 'The SIN of the angle is: ' + CONVERT(varchar, SIN(@angle)) AS Result;
END
GO

CREATE PROCEDURE dbo.asin_of_minus_one_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @angle float;
  SET @angle = -1.00;
  SELECT 'The ASIN of the angle is: ' + CONVERT(varchar, ASIN(@angle)) AS Result;
END
GO

CREATE PROCEDURE dbo.asin_of_small_float_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @angle float;
  SET @angle = 0.1472738;
  SELECT 'The ASIN of the angle is: ' + CONVERT(varchar, ASIN(@angle)) AS Result;
END
GO

CREATE PROCEDURE dbo.acos_of_minus_one_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @cos float;
  SET @cos = -1.0;
  SELECT 'The ACOS of the number is: ' + CONVERT(varchar, ACOS(@cos)) AS Result;
END
GO

CREATE PROCEDURE dbo.log_of_ten_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @var float = 10;
  SELECT 'The LOG of the variable is: ' + CONVERT(varchar, LOG(@var)) AS Result;
END
GO

CREATE PROCEDURE dbo.cos_of_float_to_varchar_negative
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @angle float;
  SET @angle = 14.78;
  SELECT 'The COS of the angle is: ' + CONVERT(varchar, COS(@angle)) AS Result;
END
GO

CREATE PROCEDURE dbo.cot_of_float_to_varchar_small_negative
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @angle float;
  SET @angle = 124.1332;
  SELECT 'The COT of the angle is: ' + CONVERT(varchar, COT(@angle)) AS Result;
END
GO

CREATE PROCEDURE dbo.atan_to_varchar_of_minus_45_01
AS
BEGIN
  SET NOCOUNT ON;
  SELECT 'The ATAN of -45.01 is: ' + CONVERT(varchar, ATAN(-45.01)) AS Result;
END
GO

CREATE PROCEDURE dbo.atan_to_varchar_of_minus_181_01
AS
BEGIN
  SET NOCOUNT ON;
  SELECT 'The ATAN of -181.01 is: ' + CONVERT(varchar, ATAN(-181.01)) AS Result;
END
GO

CREATE PROCEDURE dbo.atan_to_varchar_of_zero
AS
BEGIN
  SET NOCOUNT ON;
  SELECT 'The ATAN of 0 is: ' + CONVERT(varchar, ATAN(0)) AS Result;
END
GO

CREATE PROCEDURE dbo.atan_to_varchar_of_0_1472738
AS
BEGIN
  SET NOCOUNT ON;
  SELECT 'The ATAN of 0.1472738 is: ' + CONVERT(varchar, ATAN(0.1472738)) AS Result;
END
GO

CREATE PROCEDURE dbo.atan_to_varchar_of_197_1099392
AS
BEGIN
  SET NOCOUNT ON;
  SELECT 'The ATAN of 197.1099392 is: ' + CONVERT(varchar, ATAN(197.1099392)) AS Result;
END
GO

CREATE PROCEDURE dbo.atn2_of_two_floats_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @x float = 35.175643, @y float = 129.44;
  SELECT 'The ATN2 of the angle is: ' + CONVERT(varchar, ATN2(@y, @x)) AS Result;
END
GO

CREATE PROCEDURE dbo.convert_datetime_to_text_styles_without_century
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime = '2019-08-23 13:39:17.090';
  SELECT CONVERT(nvarchar, @d, 1) AS style_1,
         CONVERT(nvarchar, @d, 2) AS style_2,
         CONVERT(nvarchar, @d, 3) AS style_3,
         CONVERT(nvarchar, @d, 4) AS style_4,
         CONVERT(nvarchar, @d, 5) AS style_5,
         CONVERT(nvarchar, @d, 6) AS style_6,
         CONVERT(nvarchar, @d, 7) AS style_7,
         CONVERT(nvarchar, @d, 10) AS style_10,
         CONVERT(nvarchar, @d, 11) AS style_11,
         CONVERT(nvarchar, @d, 12) AS style_12,
         CONVERT(nvarchar, @d, 22) AS style_22;
END
GO

CREATE PROCEDURE dbo.convert_datetime_to_text_styles_with_century
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime = '2019-08-23 13:39:17.090';
  SELECT CONVERT(nvarchar, @d, 101) AS style_101,
         CONVERT(nvarchar, @d, 102) AS style_102,
         CONVERT(nvarchar, @d, 103) AS style_103,
         CONVERT(nvarchar, @d, 104) AS style_104,
         CONVERT(nvarchar, @d, 105) AS style_105,
         CONVERT(nvarchar, @d, 106) AS style_106,
         CONVERT(nvarchar, @d, 107) AS style_107,
         CONVERT(nvarchar, @d, 110) AS style_110,
         CONVERT(nvarchar, @d, 111) AS style_111,
         CONVERT(nvarchar, @d, 112) AS style_112,
         CONVERT(nvarchar, @d, 23) AS style_23;
END
GO

CREATE PROCEDURE dbo.convert_datetime_to_text_default_and_time_styles
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime = '2019-08-23 13:39:17.090';
  SELECT CONVERT(nvarchar, @d, 0) AS style_0,
         CONVERT(nvarchar, @d, 9) AS style_9,
         CONVERT(nvarchar, @d, 13) AS style_13,
         CONVERT(nvarchar, @d, 8) AS style_8,
         CONVERT(nvarchar, @d, 24) AS style_24,
         CONVERT(nvarchar, @d, 108) AS style_108,
         CONVERT(nvarchar, @d, 14) AS style_14,
         CONVERT(nvarchar, @d, 114) AS style_114;
END
GO

CREATE PROCEDURE dbo.convert_datetime_to_text_odbc_and_iso_styles
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime = '2019-08-23 13:39:17.090';
  SELECT CONVERT(nvarchar, @d, 20) AS style_20,
         CONVERT(nvarchar, @d, 120) AS style_120,
         CONVERT(nvarchar, @d, 21) AS style_21,
         CONVERT(nvarchar, @d, 25) AS style_25,
         CONVERT(nvarchar, @d, 121) AS style_121,
         CONVERT(nvarchar, @d, 126) AS style_126,
         CONVERT(nvarchar, @d, 127) AS style_127;
END
GO

CREATE PROCEDURE dbo.cast_money_to_varchar_to_concatenate
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #DimProduct (ProductKey int, ListPrice money);
  INSERT INTO #DimProduct VALUES (1, 357.06), (2, 364.09), (3, 364.09), (4, 364.09), (5, 364.09), (6, 333.42), (7, 420.00);
  SELECT 'The list price is ' + CAST(ListPrice AS varchar(12)) AS ListPrice
  FROM #DimProduct
  WHERE ListPrice BETWEEN 350.00 AND 400.00;
END
GO

CREATE PROCEDURE dbo.cast_product_name_to_char_10
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #DimProduct (EnglishProductName nvarchar(50), ListPrice money);
  INSERT INTO #DimProduct VALUES (N'Long-Sleeve Logo Jersey, M', 31.2437), (N'Long-Sleeve Logo Jersey, M', 32.4935),
                                 (N'Long-Sleeve Logo Jersey, M', 49.99), (N'Long-Sleeve Logo Jersey, M', 49.99),
                                 (N'Long-Sleeve Logo Jersey, L', 49.99);
  SELECT DISTINCT CAST(EnglishProductName AS char(10)) AS Name, ListPrice
  FROM #DimProduct
  WHERE EnglishProductName LIKE 'Long-Sleeve Logo Jersey, M';
END
GO

CREATE PROCEDURE dbo.cast_rounded_float_product_to_int
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #FactResellerSales (ProductKey int, UnitPrice money, UnitPriceDiscountPct float, SalesOrderNumber nvarchar(20));
  INSERT INTO #FactResellerSales VALUES (323, 430.6445, 0.05, N'SO47355'), (213, 18.5043, 0.05, N'SO47355'),
                                        (456, 37.4950, 0.10, N'SO47355'), (456, 37.4950, 0.10, N'SO47355'),
                                        (216, 18.5043, 0.05, N'SO47355'), (217, 18.5043, 0.00, N'SO47355'),
                                        (323, 430.6445, 0.05, N'SO47356');
  SELECT ProductKey, UnitPrice, UnitPriceDiscountPct,
         CAST(ROUND(UnitPrice * UnitPriceDiscountPct, 0) AS int) AS DiscountPrice
  FROM #FactResellerSales
  WHERE SalesOrderNumber = 'SO47355'
        AND UnitPriceDiscountPct > .02;
END
GO

CREATE PROCEDURE dbo.format_date_short_pattern_in_four_cultures
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime = '10/01/2011';
  SELECT FORMAT(@d, 'd', 'en-US') AS [US English Result],
         FORMAT(@d, 'd', 'en-gb') AS [Great Britain English Result],
         FORMAT(@d, 'd', 'de-de') AS [German Result],
         FORMAT(@d, 'd', 'zh-cn') AS [Simplified Chinese (PRC) Result];
END
GO

CREATE PROCEDURE dbo.format_date_long_pattern_in_three_cultures
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime = '10/01/2011';
  SELECT FORMAT(@d, 'D', 'en-gb') AS [Great Britain English Result],
         FORMAT(@d, 'D', 'de-de') AS [German Result],
         FORMAT(@d, 'D', 'zh-cn') AS [Chinese (Simplified PRC) Result];
END
GO

CREATE PROCEDURE dbo.format_custom_date_and_number_strings
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime = '2012-09-27';
  SELECT FORMAT(@d, 'dd/MM/yyyy', 'en-US') AS [DateTime Result],
         FORMAT(123456789, '###-##-####') AS [Custom Number Result];
END
GO

CREATE PROCEDURE dbo.datetime_to_text_by_cast_and_iso_style_126
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime = '2006-04-18 09:58:04.570';
  SELECT @d AS UnconvertedDateTime,
         CAST(@d AS nvarchar(30)) AS UsingCast,
         CONVERT(nvarchar(30), @d, 126) AS UsingConvertTo_ISO8601;
END
GO

CREATE PROCEDURE dbo.datetime2_to_text_by_cast_and_iso_style_126
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime2 = '2010-07-20 13:44:31.5879025';
  SELECT CAST(@d AS nvarchar(30)) AS UsingCast,
         CONVERT(nvarchar(30), @d, 126) AS UsingConvertTo_ISO8601;
END
GO
