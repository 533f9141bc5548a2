-- Cases written for this repository from the values Microsoft's T-SQL reference documents
-- (github.com/MicrosoftDocs/sql-docs); each manifest entry names its page. One procedure per case, each followed by GO.

CREATE PROCEDURE dbo.ceiling_of_money
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CEILING(CAST(123.45 AS money)) AS positive,
         CEILING(CAST(-123.45 AS money)) AS negative,
         CEILING(CAST(0.0 AS money)) AS zero;
END
GO

CREATE PROCEDURE dbo.round_keeps_the_scale_of_its_decimal_argument
AS
BEGIN
  SET NOCOUNT ON;
  SELECT ROUND(123.4545, 2) AS to_hundredths, ROUND(123.45, -2) AS to_hundreds;
END
GO

CREATE PROCEDURE dbo.round_to_negative_lengths
AS
BEGIN
  SET NOCOUNT ON;
  SELECT ROUND(748.58, -1) AS tens, ROUND(748.58, -2) AS hundreds, ROUND(748.58, -4) AS past_all_digits;
END
GO

CREATE PROCEDURE dbo.sign_of_real_is_float
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @value real = -1;
  SELECT SIGN(@value) AS negative, SIGN(@value + 1) AS zero, SIGN(@value + 2) AS positive;
END
GO

CREATE PROCEDURE dbo.power_keeps_the_type_of_its_base_for_a_negative_exponent
AS
BEGIN
  SET NOCOUNT ON;
  SELECT POWER(CAST(2.0 AS float), -100.0) AS FloatResult,
         POWER(2, -100.0) AS IntegerResult,
         POWER(CAST(2.0 AS int), -100.0) AS IntegerCastResult,
         POWER(2.0, -100.0) AS Decimal1Result,
         POWER(2.00, -100.0) AS Decimal2Result,
         POWER(CAST(2.0 AS decimal(5,2)), -100.0) AS Decimal2CastResult;
END
GO

CREATE PROCEDURE dbo.power_of_an_int_base_is_int
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @value int = 2;
  SELECT e.exponent, POWER(@value, e.exponent) AS result
  FROM (VALUES (1), (2), (3), (4)) AS e (exponent);
END
GO

CREATE PROCEDURE dbo.exp_of_a_float_converted_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @var float;
  SET @var = 10;
  SELECT 'The EXP of the variable is: ' + CONVERT(varchar, EXP(@var)) AS Result;
END
GO

CREATE PROCEDURE dbo.exp_of_one_and_of_ten
AS
BEGIN
  SET NOCOUNT ON;
  SELECT EXP(1.0) AS e_to_1, EXP(10) AS e_to_10;
END
GO

CREATE PROCEDURE dbo.log_of_a_float_converted_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @var float = 10;
  SELECT 'The LOG of the variable is: ' + CONVERT(varchar, LOG(@var)) AS Result;
END
GO

CREATE PROCEDURE dbo.log_of_exp_is_the_number
AS
BEGIN
  SET NOCOUNT ON;
  SELECT LOG(EXP(10)) AS Result;
END
GO

CREATE PROCEDURE dbo.log10_of_a_float_converted_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @var float;
  SET @var = 145.175643;
  SELECT 'The LOG10 of the variable is: ' + CONVERT(varchar, LOG10(@var)) AS Result;
END
GO

CREATE PROCEDURE dbo.radians_of_float_angles_converted_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  SELECT a.angle, 'The RADIANS of the angle is: ' + CONVERT(varchar, RADIANS(a.angle)) AS Result
  FROM (VALUES (CAST(-45.01 AS float)), (CAST(-181.01 AS float)), (CAST(0.00 AS float)),
               (CAST(0.1472738 AS float)), (CAST(197.1099392 AS float))) AS a (angle);
END
GO

CREATE PROCEDURE dbo.pi_is_a_float_constant
AS
BEGIN
  SET NOCOUNT ON;
  SELECT PI() AS Result;
END
GO

CREATE PROCEDURE dbo.square_in_a_cylinder_volume
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @h float, @r float;
  SET @h = 5;
  SET @r = 1;
  SELECT PI() * SQUARE(@r) * @h AS 'Cyl Vol';
END
GO

CREATE PROCEDURE dbo.sin_of_a_float_converted_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @angle float;
  SET @angle = 45.175643;
  SELECT 'The SIN of the angle is: ' + CONVERT(varchar, SIN(@angle)) AS Result;
END
GO

CREATE PROCEDURE dbo.cos_of_a_float_converted_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @angle float;
  SET @angle = 14.78;
  SELECT 'The COS of the angle is: ' + CONVERT(varchar, COS(@angle)) AS Result;
END
GO

CREATE PROCEDURE dbo.cot_of_a_float_converted_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @angle float;
  SET @angle = 124.1332;
  SELECT 'The COT of the angle is: ' + CONVERT(varchar, COT(@angle)) AS Result;
END
GO

CREATE PROCEDURE dbo.asin_of_floats_converted_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  SELECT v.x, 'The ASIN of the angle is: ' + CONVERT(varchar, ASIN(v.x)) AS Result
  FROM (VALUES (CAST(-1.00 AS float)), (CAST(0.1472738 AS float))) AS v (x);
END
GO

CREATE PROCEDURE dbo.acos_of_minus_one_converted_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @cos float;
  SET @cos = -1.0;
  SELECT 'The ACOS of the number is: ' + CONVERT(varchar, ACOS(@cos)) AS Result;
END
GO

CREATE PROCEDURE dbo.atan_of_decimal_literals_converted_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  SELECT 'The ATAN of -45.01 is: ' + CONVERT(varchar, ATAN(-45.01)) AS r1,
         'The ATAN of -181.01 is: ' + CONVERT(varchar, ATAN(-181.01)) AS r2,
         'The ATAN of 0 is: ' + CONVERT(varchar, ATAN(0)) AS r3,
         'The ATAN of 0.1472738 is: ' + CONVERT(varchar, ATAN(0.1472738)) AS r4,
         'The ATAN of 197.1099392 is: ' + CONVERT(varchar, ATAN(197.1099392)) AS r5;
END
GO

CREATE PROCEDURE dbo.atn2_of_floats_converted_to_varchar
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @x float = 35.175643, @y float = 129.44;
  SELECT 'The ATN2 of the angle is: ' + CONVERT(varchar, ATN2(@y, @x)) AS Result;
END
GO

CREATE PROCEDURE dbo.left_shift_one_to_five_bits
AS
BEGIN
  SET NOCOUNT ON;
  SELECT s.bits, LEFT_SHIFT(12345, s.bits) AS by_function, 12345 << s.bits AS by_operator
  FROM (VALUES (1), (2), (3), (4), (5)) AS s (bits);
END
GO

CREATE PROCEDURE dbo.right_shift_one_to_five_bits
AS
BEGIN
  SET NOCOUNT ON;
  SELECT s.bits, RIGHT_SHIFT(12345, s.bits) AS by_function, 12345 >> s.bits AS by_operator
  FROM (VALUES (1), (2), (3), (4), (5)) AS s (bits);
END
GO

CREATE PROCEDURE dbo.shift_by_a_negative_or_oversized_amount
AS
BEGIN
  SET NOCOUNT ON;
  SELECT LEFT_SHIFT(12345, -5) AS left_by_minus_5, RIGHT_SHIFT(12345, -5) AS right_by_minus_5,
         LEFT_SHIFT(12345, 33) AS left_past_width, RIGHT_SHIFT(12345, 33) AS right_past_width;
END
GO

CREATE PROCEDURE dbo.shifts_are_logical_for_negative_values
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @minus_one int = -1;
  SELECT RIGHT_SHIFT(@minus_one, 1) AS right_by_1, LEFT_SHIFT(@minus_one, 1) AS left_by_1,
         RIGHT_SHIFT(CAST(-1 AS smallint), 1) AS smallint_right_by_1;
END
GO

CREATE PROCEDURE dbo.get_bit_of_a_binary_value
AS
BEGIN
  SET NOCOUNT ON;
  SELECT GET_BIT(0xabcdef, 2) AS Get_2nd_Bit, GET_BIT(0xabcdef, 4) AS Get_4th_Bit;
END
GO

CREATE PROCEDURE dbo.set_bit_to_one_by_default
AS
BEGIN
  SET NOCOUNT ON;
  SELECT SET_BIT(0x00, 2) AS VARBIN1;
END
GO

CREATE PROCEDURE dbo.set_bit_to_an_explicit_zero
AS
BEGIN
  SET NOCOUNT ON;
  SELECT SET_BIT(0xabcdef, 0, 0) AS VARBIN2;
END
GO

CREATE PROCEDURE dbo.bit_count_of_a_binary_value
AS
BEGIN
  SET NOCOUNT ON;
  SELECT BIT_COUNT(0xabcdef) AS Count;
END
GO

CREATE PROCEDURE dbo.bit_count_of_minus_one_depends_on_the_type
AS
BEGIN
  SET NOCOUNT ON;
  SELECT BIT_COUNT(CAST(-1 AS smallint)) AS smallint_bits, BIT_COUNT(CAST(-1 AS int)) AS int_bits;
END
GO

CREATE PROCEDURE dbo.bitwise_or_of_int_columns
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #bitwise (a_int_value int NOT NULL, b_int_value int NOT NULL);
  INSERT #bitwise VALUES (170, 75);
  SELECT a_int_value | b_int_value AS Result FROM #bitwise;
END
GO

CREATE PROCEDURE dbo.bitwise_exclusive_or_of_int_columns
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #bitwise (a_int_value int NOT NULL, b_int_value int NOT NULL);
  INSERT #bitwise VALUES (170, 75);
  SELECT a_int_value ^ b_int_value AS Result FROM #bitwise;
END
GO

CREATE PROCEDURE dbo.bitwise_not_of_int_columns
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #bitwise (a_int_value int NOT NULL, b_int_value int NOT NULL);
  INSERT #bitwise VALUES (170, 75);
  SELECT ~ a_int_value AS not_a, ~ b_int_value AS not_b FROM #bitwise;
END
GO

CREATE PROCEDURE dbo.integer_division_truncates_the_fraction
AS
BEGIN
  SET NOCOUNT ON;
  SELECT 7 / 2 AS positive, -7 / 2 AS negative, 7 / -2 AS negative_divisor;
END
GO

CREATE PROCEDURE dbo.choose_returns_the_item_at_the_index
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CHOOSE(3, 'Manager', 'Director', 'Developer', 'Tester') AS Result;
END
GO

CREATE PROCEDURE dbo.choose_out_of_bounds_is_null
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CHOOSE(0, 'Manager', 'Director') AS below, CHOOSE(3, 'Manager', 'Director') AS above;
END
GO

CREATE PROCEDURE dbo.greatest_converts_to_the_highest_precedence_type
AS
BEGIN
  SET NOCOUNT ON;
  SELECT GREATEST('6.62', 3.1415, N'7') AS GreatestVal;
END
GO

CREATE PROCEDURE dbo.greatest_of_columns_constants_and_variables
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #studies (VarX varchar(10) NOT NULL, Correlation decimal(4, 3) NULL);
  INSERT INTO #studies VALUES ('Var1', 0.2), ('Var2', 0.825), ('Var3', 0.61);
  DECLARE @VarX decimal(4, 3) = 0.59;
  SELECT VarX, Correlation, GREATEST(Correlation, 0, @VarX) AS GreatestVar FROM #studies;
END
GO

CREATE PROCEDURE dbo.nullif_of_equal_and_different_values
AS
BEGIN
  SET NOCOUNT ON;
  SELECT NULLIF(4, 4) AS Same, NULLIF(5, 7) AS Different;
END
GO

CREATE PROCEDURE dbo.is_distinct_from_null_keeps_known_values
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #SampleTempTable (id int, message nvarchar(50));
  INSERT INTO #SampleTempTable VALUES (null, 'hello');
  INSERT INTO #SampleTempTable VALUES (10, null);
  INSERT INTO #SampleTempTable VALUES (17, 'abc');
  INSERT INTO #SampleTempTable VALUES (17, 'yes');
  INSERT INTO #SampleTempTable VALUES (null, null);
  SELECT * FROM #SampleTempTable WHERE id IS DISTINCT FROM NULL;
END
GO

CREATE PROCEDURE dbo.is_not_distinct_from_truth_table
AS
BEGIN
  SET NOCOUNT ON;
  SELECT v.A, v.B,
         CASE WHEN v.A = v.B THEN 'True' WHEN NOT (v.A = v.B) THEN 'False' ELSE 'Unknown' END AS equals,
         IIF(v.A IS NOT DISTINCT FROM v.B, 'True', 'False') AS not_distinct
  FROM (VALUES (0, 0), (0, 1), (0, NULL), (NULL, NULL)) AS v (A, B);
END
GO

CREATE PROCEDURE dbo.concat_null_yields_null_on
AS
BEGIN
  SET NOCOUNT ON;
  SET CONCAT_NULL_YIELDS_NULL ON;
  SELECT 'abc' + NULL AS Result;
END
GO

CREATE PROCEDURE dbo.concat_null_yields_null_off
AS
BEGIN
  SET NOCOUNT ON;
  SET CONCAT_NULL_YIELDS_NULL OFF;
  SELECT 'abc' + NULL AS Result;
END
GO

CREATE PROCEDURE dbo.generate_series_of_decimals
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @start decimal(2, 1) = 0.0;
  DECLARE @stop decimal(2, 1) = 1.0;
  DECLARE @step decimal(2, 1) = 0.1;
  SELECT value FROM GENERATE_SERIES(START = @start, STOP = @stop, STEP = @step);
END
GO

CREATE PROCEDURE dbo.generate_series_counts_down_by_default_when_start_is_greater
AS
BEGIN
  SET NOCOUNT ON;
  SELECT value FROM GENERATE_SERIES(START = 5, STOP = 1);
END
GO

CREATE PROCEDURE dbo.generate_series_with_a_step_against_the_direction_is_empty
AS
BEGIN
  SET NOCOUNT ON;
  SELECT value FROM GENERATE_SERIES(START = 1, STOP = 5, STEP = -1);
END
GO

CREATE PROCEDURE dbo.group_by_cube_of_two_columns
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #Sales (Country varchar(50), Region varchar(50), Sales int);
  INSERT INTO #Sales VALUES (N'Canada', N'Alberta', 100);
  INSERT INTO #Sales VALUES (N'Canada', N'British Columbia', 200);
  INSERT INTO #Sales VALUES (N'Canada', N'British Columbia', 300);
  INSERT INTO #Sales VALUES (N'United States', N'Montana', 100);
  SELECT Country, Region, SUM(Sales) AS TotalSales
  FROM #Sales
  GROUP BY CUBE (Country, Region);
END
GO

CREATE PROCEDURE dbo.group_by_grouping_sets_of_rollup_and_cube_keeps_duplicates
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #Sales (Country varchar(50), Region varchar(50), Sales int);
  INSERT INTO #Sales VALUES (N'Canada', N'Alberta', 100);
  INSERT INTO #Sales VALUES (N'Canada', N'British Columbia', 200);
  INSERT INTO #Sales VALUES (N'Canada', N'British Columbia', 300);
  INSERT INTO #Sales VALUES (N'United States', N'Montana', 100);
  SELECT Country, Region, SUM(Sales) AS TotalSales
  FROM #Sales
  GROUP BY GROUPING SETS ( ROLLUP (Country, Region), CUBE (Country, Region) );
END
GO

CREATE PROCEDURE dbo.group_by_grouping_sets_with_the_empty_group
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #Sales (Country varchar(50), Region varchar(50), Sales int);
  INSERT INTO #Sales VALUES (N'Canada', N'Alberta', 100);
  INSERT INTO #Sales VALUES (N'Canada', N'British Columbia', 200);
  INSERT INTO #Sales VALUES (N'Canada', N'British Columbia', 300);
  INSERT INTO #Sales VALUES (N'United States', N'Montana', 100);
  SELECT Country, SUM(Sales) AS TotalSales
  FROM #Sales
  GROUP BY GROUPING SETS ( Country, () );
END
GO

CREATE PROCEDURE dbo.nullif_compares_strings_as_equals_does
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #pairs (id int, a varchar(10), b varchar(10));
  INSERT INTO #pairs VALUES (1, 'abc', 'abc '), (2, 'abc', 'ABC'), (3, 'abc', 'abd'), (4, NULL, 'abc'), (5, 'abc', NULL);
  SELECT id, NULLIF(a, b) AS column_pair, NULLIF('abc', 'abc ') AS literal_trailing_space, NULLIF('abc', 'ABC') AS literal_other_case
  FROM #pairs;
END
GO

CREATE PROCEDURE dbo.min_and_max_of_strings_follow_the_collation
AS
BEGIN
  SET NOCOUNT ON;
  SELECT MIN(v.word) AS lowest, MAX(v.word) AS highest
  FROM (VALUES ('a'), ('B'), ('c'), ('D')) AS v (word);
END
GO

CREATE PROCEDURE dbo.decimal_product_keeps_scale_17_when_its_integral_part_is_small
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST(0.0000009000 AS decimal(30,20)) * CAST(1.0000000000 AS decimal(30,20)) [decimal 38,17];
END
GO

CREATE PROCEDURE dbo.decimal_product_reduced_to_scale_6
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST(0.0000009000 AS DECIMAL(30,10)) * CAST(1.0000000000 AS DECIMAL(30,10)) [decimal(38, 6)];
END
GO

CREATE PROCEDURE dbo.coalesce_picks_the_first_non_null_of_its_arguments_only
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #Products (Name varchar(20), Color varchar(10), ProductNumber varchar(10));
  INSERT INTO #Products VALUES ('Socks, Mens', NULL, 'PN1278'), ('Socks, Mens', 'Blue', 'PN1965'), (NULL, 'White', 'PN9876');
  SELECT Name, Color, ProductNumber, COALESCE(Color, ProductNumber) AS FirstNotNull
  FROM #Products;
END
GO

CREATE PROCEDURE dbo.isnull_and_coalesce_of_null_and_one_are_equal
AS
BEGIN
  SET NOCOUNT ON;
  SELECT ISNULL(NULL, 1) AS by_isnull, COALESCE(NULL, 1) AS by_coalesce;
END
GO

CREATE PROCEDURE dbo.grouping_id_reads_the_grouping_bits_as_a_base_2_number
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #T (a int, b int, c int, d int);
  INSERT INTO #T VALUES (1, 1, 1, 10);
  SELECT a, b, c, SUM(d) AS total,
         CAST(GROUPING(a) AS char(1)) + CAST(GROUPING(b) AS char(1)) + CAST(GROUPING(c) AS char(1)) AS bits,
         GROUPING_ID(a, b, c) AS grouping_id
  FROM #T
  GROUP BY CUBE (a, b, c);
END
GO

CREATE PROCEDURE dbo.values_rows_meet_in_the_type_of_highest_precedence
AS
BEGIN
  SET NOCOUNT ON;
  SELECT AVG(v.x) AS avg_x, SUM(v.x) AS sum_x, COUNT(v.x) AS rows_x
  FROM (VALUES (1), (2.5)) AS v (x);
END
GO

CREATE PROCEDURE dbo.window_clause_common_specification_extended_in_over
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #SalesOrderDetail (SalesOrderID int, ProductID int, OrderQty smallint);
  INSERT INTO #SalesOrderDetail VALUES (43659, 711, 4), (43659, 712, 2), (43659, 714, 3), (43659, 716, 1),
    (43664, 714, 1), (43664, 716, 1);
  SELECT SalesOrderID AS OrderNumber, ProductID,
      SUM(OrderQty) OVER win AS Total,
      AVG(OrderQty) OVER (win PARTITION BY SalesOrderID) AS Avg,
      COUNT(OrderQty) OVER (win ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING) AS Count
  FROM #SalesOrderDetail
  WHERE SalesOrderID IN (43659, 43664) AND ProductID LIKE '71%'
  WINDOW win AS (ORDER BY SalesOrderID, ProductID);
END
GO

CREATE PROCEDURE dbo.window_clause_forward_and_backward_references
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #SalesOrderDetail (SalesOrderID int, ProductID int, OrderQty smallint);
  INSERT INTO #SalesOrderDetail VALUES (43659, 711, 4), (43659, 712, 2), (43659, 714, 3), (43659, 716, 1),
    (43664, 714, 1), (43664, 716, 1);
  SELECT SalesOrderID AS OrderNumber, ProductID,
      SUM(OrderQty) OVER win2 AS Total,
      AVG(OrderQty) OVER win1 AS Avg
  FROM #SalesOrderDetail
  WHERE SalesOrderID IN (43659, 43664) AND ProductID LIKE '71%'
  WINDOW win1 AS (win3),
      win2 AS (ORDER BY SalesOrderID, ProductID),
      win3 AS (win2 PARTITION BY SalesOrderID);
END
GO

CREATE PROCEDURE dbo.lag_and_lead_ignore_nulls_skip_to_non_null_values
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #test_ignore_nulls (column_a int, column_b int);
  INSERT INTO #test_ignore_nulls VALUES (1, 8), (2, 9), (3, NULL), (4, 10), (5, NULL), (6, NULL), (7, 11);
  SELECT column_a, column_b,
      [Previous value for column_b] = LAG(column_b) IGNORE NULLS OVER (ORDER BY column_a),
      [Next value for column_b] = LEAD(column_b) IGNORE NULLS OVER (ORDER BY column_a)
  FROM #test_ignore_nulls
  ORDER BY column_a;
END
GO

CREATE PROCEDURE dbo.lag_and_lead_respect_nulls_by_default
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #test_ignore_nulls (column_a int, column_b int);
  INSERT INTO #test_ignore_nulls VALUES (1, 8), (2, 9), (3, NULL), (4, 10), (5, NULL), (6, NULL), (7, 11);
  SELECT column_a, column_b,
      [Previous value for column_b] = LAG(column_b) RESPECT NULLS OVER (ORDER BY column_a),
      [Next value for column_b] = LEAD(column_b) RESPECT NULLS OVER (ORDER BY column_a)
  FROM #test_ignore_nulls
  ORDER BY column_a;
END
GO

CREATE PROCEDURE dbo.bitwise_operators_over_a_binary_and_a_bit_operand
AS
BEGIN
  SET NOCOUNT ON;
  SELECT 0x0F & 3 AS binary_and_int, 255 | 0x0100 AS int_or_binary, ~CAST(1 AS bit) AS not_one, ~CAST(0 AS bit) AS not_zero;
END
GO

CREATE PROCEDURE dbo.isnull_returns_the_type_of_its_first_argument
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @count int = NULL, @code varchar(2) = NULL;
  SELECT ISNULL(@count, 2.7) AS int_from_decimal, ISNULL(@count, -2.7) AS negative_int_from_decimal,
         ISNULL(@code, 'abcdef') AS varchar_2_from_longer;
END
GO
