-- Cases written for this repository from the values Microsoft's T-SQL reference documents for the date and time
-- functions and types (github.com/MicrosoftDocs/sql-docs); each manifest entry names its page. One procedure per case,
-- each followed by GO.

CREATE PROCEDURE dbo.datepart_of_every_part_of_a_datetimeoffset_literal
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATEPART(year, '2007-10-30 12:15:32.1234567 +05:10') AS [year],
         DATEPART(quarter, '2007-10-30 12:15:32.1234567 +05:10') AS [quarter],
         DATEPART(month, '2007-10-30 12:15:32.1234567 +05:10') AS [month],
         DATEPART(dayofyear, '2007-10-30 12:15:32.1234567 +05:10') AS [dayofyear],
         DATEPART(day, '2007-10-30 12:15:32.1234567 +05:10') AS [day],
         DATEPART(hour, '2007-10-30 12:15:32.1234567 +05:10') AS [hour],
         DATEPART(minute, '2007-10-30 12:15:32.1234567 +05:10') AS [minute],
         DATEPART(second, '2007-10-30 12:15:32.1234567 +05:10') AS [second],
         DATEPART(millisecond, '2007-10-30 12:15:32.1234567 +05:10') AS [millisecond],
         DATEPART(microsecond, '2007-10-30 12:15:32.1234567 +05:10') AS [microsecond],
         DATEPART(nanosecond, '2007-10-30 12:15:32.1234567 +05:10') AS [nanosecond],
         DATEPART(tzoffset, '2007-10-30 12:15:32.1234567 +05:10') AS [tzoffset];
END
GO

CREATE PROCEDURE dbo.datepart_abbreviations_return_what_the_full_names_do
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATEPART(yy, '2007-10-30 12:15:32.1234567 +05:10') AS yy,
         DATEPART(qq, '2007-10-30 12:15:32.1234567 +05:10') AS qq,
         DATEPART(m, '2007-10-30 12:15:32.1234567 +05:10') AS m,
         DATEPART(dy, '2007-10-30 12:15:32.1234567 +05:10') AS dy,
         DATEPART(d, '2007-10-30 12:15:32.1234567 +05:10') AS d,
         DATEPART(wk, '2007-10-30 12:15:32.1234567 +05:10') AS wk,
         DATEPART(dw, '2007-10-30 12:15:32.1234567 +05:10') AS dw,
         DATEPART(hh, '2007-10-30 12:15:32.1234567 +05:10') AS hh,
         DATEPART(n, '2007-10-30 12:15:32.1234567 +05:10') AS n,
         DATEPART(ss, '2007-10-30 12:15:32.1234567 +05:10') AS ss,
         DATEPART(ms, '2007-10-30 12:15:32.1234567 +05:10') AS ms,
         DATEPART(mcs, '2007-10-30 12:15:32.1234567 +05:10') AS mcs,
         DATEPART(ns, '2007-10-30 12:15:32.1234567 +05:10') AS ns,
         DATEPART(tz, '2007-10-30 12:15:32.1234567 +05:10') AS tz,
         DATEPART(isowk, '2007-10-30 12:15:32.1234567 +05:10') AS isowk;
END
GO

CREATE PROCEDURE dbo.datepart_week_and_weekday_under_datefirst_2
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFIRST 2;
  SELECT DATEPART(week, '2007-04-21 ') AS week, DATEPART(weekday, '2007-04-21 ') AS weekday;
END
GO

CREATE PROCEDURE dbo.datepart_week_and_weekday_under_datefirst_3
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFIRST 3;
  SELECT DATEPART(week, '2007-04-21 ') AS week, DATEPART(weekday, '2007-04-21 ') AS weekday;
END
GO

CREATE PROCEDURE dbo.datepart_week_and_weekday_under_datefirst_4
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFIRST 4;
  SELECT DATEPART(week, '2007-04-21 ') AS week, DATEPART(weekday, '2007-04-21 ') AS weekday;
END
GO

CREATE PROCEDURE dbo.datepart_week_and_weekday_under_datefirst_5
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFIRST 5;
  SELECT DATEPART(week, '2007-04-21 ') AS week, DATEPART(weekday, '2007-04-21 ') AS weekday;
END
GO

CREATE PROCEDURE dbo.datepart_week_and_weekday_under_datefirst_6
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFIRST 6;
  SELECT DATEPART(week, '2007-04-21 ') AS week, DATEPART(weekday, '2007-04-21 ') AS weekday;
END
GO

CREATE PROCEDURE dbo.datepart_fractional_seconds_of_a_time_literal
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATEPART(millisecond, '00:00:01.1234567') AS millisecond,
         DATEPART(microsecond, '00:00:01.1234567') AS microsecond;
END
GO

CREATE PROCEDURE dbo.datepart_tzoffset_is_signed_minutes
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATEPART (tzoffset, '2007-05-10  00:00:01.1234567 +05:10') AS Result;
END
GO

CREATE PROCEDURE dbo.datepart_week_of_january_first_is_one
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATEPART(wk, 'Jan 1, 2005') AS y2005,
         DATEPART(wk, 'Jan 1, 2007') AS y2007,
         DATEPART(wk, 'Jan 1, 2011') AS y2011;
END
GO

CREATE PROCEDURE dbo.datename_of_every_part_of_a_datetimeoffset_literal
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATENAME(year, '2007-10-30 12:15:32.1234567 +05:10') AS [year],
         DATENAME(quarter, '2007-10-30 12:15:32.1234567 +05:10') AS [quarter],
         DATENAME(month, '2007-10-30 12:15:32.1234567 +05:10') AS [month],
         DATENAME(dayofyear, '2007-10-30 12:15:32.1234567 +05:10') AS [dayofyear],
         DATENAME(day, '2007-10-30 12:15:32.1234567 +05:10') AS [day],
         DATENAME(week, '2007-10-30 12:15:32.1234567 +05:10') AS [week],
         DATENAME(weekday, '2007-10-30 12:15:32.1234567 +05:10') AS [weekday],
         DATENAME(hour, '2007-10-30 12:15:32.1234567 +05:10') AS [hour],
         DATENAME(minute, '2007-10-30 12:15:32.1234567 +05:10') AS [minute],
         DATENAME(second, '2007-10-30 12:15:32.1234567 +05:10') AS [second],
         DATENAME(millisecond, '2007-10-30 12:15:32.1234567 +05:10') AS [millisecond],
         DATENAME(microsecond, '2007-10-30 12:15:32.1234567 +05:10') AS [microsecond],
         DATENAME(nanosecond, '2007-10-30 12:15:32.1234567 +05:10') AS [nanosecond],
         DATENAME(tzoffset, '2007-10-30 12:15:32.1234567 +05:10') AS [tzoffset],
         DATENAME(iso_week, '2007-10-30 12:15:32.1234567 +05:10') AS [iso_week];
END
GO

CREATE PROCEDURE dbo.datename_defaults_for_a_time_only_literal
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATENAME(year, '12:10:30.123') AS [year]
      ,DATENAME(month, '12:10:30.123') AS [month]
      ,DATENAME(day, '12:10:30.123') AS [day]
      ,DATENAME(dayofyear, '12:10:30.123') AS [dayofyear]
      ,DATENAME(weekday, '12:10:30.123') AS [weekday];
END
GO

CREATE PROCEDURE dbo.dateadd_carries_into_the_next_higher_datepart
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @datetime2 datetime2;
  SET @datetime2 = '2007-01-01 01:01:01.1111111';
  SELECT DATEADD(quarter,4,@datetime2) AS quarter4,
         DATEADD(dayofyear,365,@datetime2) AS dayofyear365,
         DATEADD(day,365,@datetime2) AS day365,
         DATEADD(week,5,@datetime2) AS week5,
         DATEADD(hour,23,@datetime2) AS hour23,
         DATEADD(minute,59,@datetime2) AS minute59,
         DATEADD(millisecond,1,@datetime2) AS millisecond1;
END
GO

CREATE PROCEDURE dbo.dateadd_month_into_a_shorter_month_gives_its_last_day
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATEADD(month, 1, '20060830') AS from_unseparated,
         DATEADD(month, 1, '2006-08-31') AS from_iso;
END
GO

CREATE PROCEDURE dbo.datediff_crosses_one_boundary_of_every_datepart
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATEDIFF(quarter, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [quarter],
         DATEDIFF(month, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [month],
         DATEDIFF(dayofyear, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [dayofyear],
         DATEDIFF(day, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [day],
         DATEDIFF(week, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [week],
         DATEDIFF(hour, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [hour],
         DATEDIFF(minute, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [minute],
         DATEDIFF(second, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [second],
         DATEDIFF(microsecond, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [microsecond];
END
GO

CREATE PROCEDURE dbo.datediff_big_crosses_one_boundary_of_every_datepart
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATEDIFF_BIG(year, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [year],
         DATEDIFF_BIG(quarter, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [quarter],
         DATEDIFF_BIG(month, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [month],
         DATEDIFF_BIG(dayofyear, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [dayofyear],
         DATEDIFF_BIG(day, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [day],
         DATEDIFF_BIG(week, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [week],
         DATEDIFF_BIG(hour, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [hour],
         DATEDIFF_BIG(minute, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [minute],
         DATEDIFF_BIG(second, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [second],
         DATEDIFF_BIG(millisecond, '2005-12-31 23:59:59.9999999', '2006-01-01 00:00:00.0000000') AS [millisecond];
END
GO

CREATE PROCEDURE dbo.datetrunc_of_a_datetime2_to_each_datepart
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime2 = '2021-12-08 11:30:15.1234567';
  SELECT 'Year' AS Label, DATETRUNC(year, @d) AS Result
  UNION ALL SELECT 'Quarter', DATETRUNC(quarter, @d)
  UNION ALL SELECT 'Month', DATETRUNC(month, @d)
  UNION ALL SELECT 'Week', DATETRUNC(week, @d)
  UNION ALL SELECT 'DayOfYear', DATETRUNC(dayofyear, @d)
  UNION ALL SELECT 'Day', DATETRUNC(day, @d)
  UNION ALL SELECT 'Hour', DATETRUNC(hour, @d)
  UNION ALL SELECT 'Minute', DATETRUNC(minute, @d)
  UNION ALL SELECT 'Second', DATETRUNC(second, @d)
  UNION ALL SELECT 'Millisecond', DATETRUNC(millisecond, @d);
END
GO

CREATE PROCEDURE dbo.datetrunc_week_under_the_default_datefirst
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime2 = '2021-11-11 11:11:11.1234567';
  SELECT 'Week-7' AS Label, DATETRUNC(week, @d) AS Result;
END
GO

CREATE PROCEDURE dbo.datetrunc_week_under_datefirst_6
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime2 = '2021-11-11 11:11:11.1234567';
  SET DATEFIRST 6;
  SELECT 'Week-6' AS Label, DATETRUNC(week, @d) AS Result;
END
GO

CREATE PROCEDURE dbo.datetrunc_of_string_literals_is_datetime2_7
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATETRUNC(month, '1998-03-04') AS month_of_date,
         DATETRUNC(millisecond, '1998-03-04 10:10:05.1234567') AS millisecond_of_datetime;
END
GO

CREATE PROCEDURE dbo.datetrunc_of_an_nvarchar_max_variable
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d2 nvarchar(max) = '1998-03-04 10:10:05';
  SELECT DATETRUNC(minute, @d2) AS Result;
END
GO

CREATE PROCEDURE dbo.datetrunc_day_of_a_datetime2_variable
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime2 = '1998-12-11 02:03:04.1234567';
  SELECT DATETRUNC(day, @d) AS Result;
END
GO

CREATE PROCEDURE dbo.datetrunc_datetime_to_its_own_precision
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d datetime = '2015-04-29 05:06:07.123';
  SELECT 'Truncated' AS Label, DATETRUNC(millisecond, @d) AS Result;
END
GO

CREATE PROCEDURE dbo.datetrunc_date_to_day
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d date = '2050-04-04';
  SELECT 'Truncated' AS Label, DATETRUNC(day, @d) AS Result;
END
GO

CREATE PROCEDURE dbo.datetrunc_smalldatetime_to_minute
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @d smalldatetime = '2009-09-11 12:42:12'
  SELECT 'Truncated to minute' AS Label, DATETRUNC(minute, @d) AS Result;
END
GO

CREATE PROCEDURE dbo.date_bucket_weeks_that_divide_6276
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @date DATETIME2 = '2020-04-15 21:22:11';
  SELECT DATE_BUCKET(WEEK, 2, @date) AS w2,
         DATE_BUCKET(WEEK, 3, @date) AS w3,
         DATE_BUCKET(WEEK, 4, @date) AS w4,
         DATE_BUCKET(WEEK, 6, @date) AS w6;
END
GO

CREATE PROCEDURE dbo.date_bucket_width_one_of_each_datepart
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @date DATETIME2 = '2020-04-30 21:21:21';
  SELECT 'Week' AS Label, DATE_BUCKET(WEEK, 1, @date) AS Result
  UNION ALL
  SELECT 'Day', DATE_BUCKET(DAY, 1, @date)
  UNION ALL
  SELECT 'Hour', DATE_BUCKET(HOUR, 1, @date)
  UNION ALL
  SELECT 'Minutes', DATE_BUCKET(MINUTE, 1, @date)
  UNION ALL
  SELECT 'Seconds', DATE_BUCKET(SECOND, 1, @date);
END
GO

CREATE PROCEDURE dbo.smalldatetimefromparts_of_a_date_and_minute
AS
BEGIN
  SET NOCOUNT ON;
  SELECT SMALLDATETIMEFROMPARTS ( 2010, 12, 31, 23, 59 ) AS Result;
END
GO

CREATE PROCEDURE dbo.datetime2fromparts_fraction_in_milliseconds
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATETIME2FROMPARTS ( 2011, 8, 15, 14, 23, 44, 500, 3 ) AS Result;
END
GO

CREATE PROCEDURE dbo.timefromparts_fraction_in_hundredths
AS
BEGIN
  SET NOCOUNT ON;
  SELECT TIMEFROMPARTS ( 14, 23, 44, 50, 2 ) AS Result;
END
GO

CREATE PROCEDURE dbo.datetimeoffsetfromparts_fraction_in_hundredths
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATETIMEOFFSETFROMPARTS ( 2011, 8, 15, 14, 30, 00, 50, 12, 30, 2 ) AS Result;
END
GO

CREATE PROCEDURE dbo.datetimeoffsetfromparts_fraction_in_milliseconds
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DATETIMEOFFSETFROMPARTS ( 2011, 8, 15, 14, 30, 00, 500, 12, 30, 3 ) AS Result;
END
GO

CREATE PROCEDURE dbo.switchoffset_leaves_the_stored_offset_unchanged
AS
BEGIN
  SET NOCOUNT ON;
  CREATE TABLE #test (ColDatetimeoffset datetimeoffset);
  INSERT INTO #test VALUES ('1998-09-20 7:45:50.71345 -5:00');
  SELECT ColDatetimeoffset FROM #test;
END
GO

CREATE PROCEDURE dbo.at_time_zone_after_the_spring_gap_is_summer_time
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CONVERT(DATETIME2(0), '2015-03-29T03:01:00', 126)
  AT TIME ZONE 'Central European Standard Time' AS Result;
END
GO

CREATE PROCEDURE dbo.at_time_zone_before_the_autumn_change_is_summer_time
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CONVERT(DATETIME2(0), '2015-10-25T01:01:00', 126)
  AT TIME ZONE 'Central European Standard Time' AS Result;
END
GO

CREATE PROCEDURE dbo.at_time_zone_in_the_autumn_overlap_takes_the_earlier_offset
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CONVERT(DATETIME2(0), '2015-10-25T02:00:00', 126)
  AT TIME ZONE 'Central European Standard Time' AS Result;
END
GO

CREATE PROCEDURE dbo.at_time_zone_after_the_autumn_change_is_standard_time
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CONVERT(DATETIME2(0), '2015-10-25T03:01:00', 126)
  AT TIME ZONE 'Central European Standard Time' AS Result;
END
GO

CREATE PROCEDURE dbo.month_of_a_datetimeoffset_literal
AS
BEGIN
  SET NOCOUNT ON;
  SELECT MONTH('2007-04-30T01:01:01.1234567 -07:00') AS Result;
END
GO

CREATE PROCEDURE dbo.year_month_day_of_zero
AS
BEGIN
  SET NOCOUNT ON;
  SELECT YEAR(0) AS [year], MONTH(0) AS [month], DAY(0) AS [day];
END
GO

CREATE PROCEDURE dbo.day_of_a_datetime2_literal
AS
BEGIN
  SET NOCOUNT ON;
  SELECT DAY('2015-04-30 01:01:01.1234567') AS Result;
END
GO

CREATE PROCEDURE dbo.year_month_day_of_a_time_only_literal
AS
BEGIN
  SET NOCOUNT ON;
  SELECT YEAR('12:10:30') AS [year], MONTH('12:10:30') AS [month], DAY('12:10:30') AS [day];
END
GO

CREATE PROCEDURE dbo.isdate_of_strings_under_mdy
AS
BEGIN
  SET NOCOUNT ON;
  SET LANGUAGE us_english;
  SET DATEFORMAT mdy;
  SELECT ISDATE('04/15/2008') AS slashes,
         ISDATE('04-15-2008') AS hyphens,
         ISDATE('04.15.2008') AS periods,
         ISDATE('15/2008/04') AS day_year_month,
         ISDATE('2008/15/04') AS year_day_month,
         ISDATE('2008/04/15') AS year_month_day;
END
GO

CREATE PROCEDURE dbo.isdate_under_dateformat_dmy
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFORMAT dmy;
  SELECT ISDATE('15/04/2008') AS Result;
END
GO

CREATE PROCEDURE dbo.isdate_under_dateformat_dym
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFORMAT dym;
  SELECT ISDATE('15/2008/04') AS Result;
END
GO

CREATE PROCEDURE dbo.isdate_under_dateformat_ydm
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFORMAT ydm;
  SELECT ISDATE('2008/15/04') AS Result;
END
GO

CREATE PROCEDURE dbo.isdate_under_dateformat_ymd
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFORMAT ymd;
  SELECT ISDATE('2008/04/15') AS Result;
END
GO

CREATE PROCEDURE dbo.isdate_under_language_english
AS
BEGIN
  SET NOCOUNT ON;
  SET LANGUAGE English;
  SELECT ISDATE('15/04/2008') AS Result;
END
GO

CREATE PROCEDURE dbo.isdate_under_language_hungarian
AS
BEGIN
  SET NOCOUNT ON;
  SET LANGUAGE Hungarian;
  SELECT ISDATE('15/2008/04') AS Result;
END
GO

CREATE PROCEDURE dbo.isdate_under_language_swedish
AS
BEGIN
  SET NOCOUNT ON;
  SET LANGUAGE Swedish;
  SELECT ISDATE('2008/15/04') AS Result;
END
GO

CREATE PROCEDURE dbo.isdate_under_language_italian
AS
BEGIN
  SET NOCOUNT ON;
  SET LANGUAGE Italian;
  SELECT ISDATE('2008/04/15') AS Result;
END
GO

CREATE PROCEDURE dbo.isdate_of_null_and_invalid_strings
AS
BEGIN
  SET NOCOUNT ON;
  SELECT ISDATE(NULL) AS null_value,
         ISDATE('1995-10-1a') AS date_with_letter,
         ISDATE('2009-05-12 10:19:41.1770') AS four_fraction_digits;
END
GO

CREATE PROCEDURE dbo.datefirst_under_language_italian
AS
BEGIN
  SET NOCOUNT ON;
  SET LANGUAGE Italian;
  SELECT @@DATEFIRST AS Result;
END
GO

CREATE PROCEDURE dbo.datefirst_under_language_us_english
AS
BEGIN
  SET NOCOUNT ON;
  SET LANGUAGE Italian;
  SET LANGUAGE us_english;
  SELECT @@DATEFIRST AS Result;
END
GO

CREATE PROCEDURE dbo.datefirst_after_set_datefirst_5
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFIRST 5;
  SELECT @@DATEFIRST AS 'First Day';
END
GO

CREATE PROCEDURE dbo.weekday_of_a_friday_under_datefirst_7
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFIRST 7;
  SELECT DATEPART(dw, '1999-1-1') AS DayOfWeek;
END
GO

CREATE PROCEDURE dbo.weekday_of_a_friday_under_datefirst_3
AS
BEGIN
  SET NOCOUNT ON;
  SET DATEFIRST 3;
  SELECT DATEPART(dw, '1999-1-1') AS DayOfWeek;
END
GO

CREATE PROCEDURE dbo.date_to_datetime2_3
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @date date = '1912-10-25'
  DECLARE @datetime2 datetime2(3) = @date;
  SELECT @date AS '@date', @datetime2 AS '@datetime2(3)';
END
GO

CREATE PROCEDURE dbo.date_two_digit_years_around_the_cutoff
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('12/31/49' AS date) AS y49, CAST('12/31/50' AS date) AS y50;
END
GO

CREATE PROCEDURE dbo.date_unseparated_strings
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('20070508' AS date) AS eight_digits,
         CAST('070508' AS date) AS six_digits,
         CAST('2007' AS date) AS four_digits;
END
GO

CREATE PROCEDURE dbo.date_alphabetical_without_a_day
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('April 2007' AS date) AS Result;
END
GO

CREATE PROCEDURE dbo.datetime_rounds_to_three_hundredths
AS
BEGIN
  SET NOCOUNT ON;
  SELECT v AS UserSpecified, CAST(v AS datetime) AS Stored
  FROM (VALUES ('01/01/98 23:59:59.999'),
               ('01/01/98 23:59:59.995'),
               ('01/01/98 23:59:59.996'),
               ('01/01/98 23:59:59.997'),
               ('01/01/98 23:59:59.998'),
               ('01/01/98 23:59:59.992'),
               ('01/01/98 23:59:59.993'),
               ('01/01/98 23:59:59.994'),
               ('01/01/98 23:59:59.990'),
               ('01/01/98 23:59:59.991')) AS t(v);
END
GO

CREATE PROCEDURE dbo.date_to_datetime
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @date date = '12-21-16';
  DECLARE @datetime datetime = @date;
  SELECT @datetime AS '@datetime', @date AS '@date';
END
GO

CREATE PROCEDURE dbo.time_4_to_datetime_truncates
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @time time(4) = '12:10:05.1237';
  DECLARE @datetime datetime = @time;
  SELECT @datetime AS '@datetime', @time AS '@time';
END
GO

CREATE PROCEDURE dbo.smalldatetime_to_datetime_from_a_two_digit_year
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @smalldatetime smalldatetime = '12-01-16 12:32';
  DECLARE @datetime datetime = @smalldatetime;
  SELECT @datetime AS '@datetime', @smalldatetime AS '@smalldatetime';
END
GO

CREATE PROCEDURE dbo.datetime_alphabetical_month_formats
AS
BEGIN
  SET NOCOUNT ON;
  SELECT v AS Literal, CAST(v AS datetime) AS Value
  FROM (VALUES ('Apr 15, 1996'),
               ('April 15 96'),
               ('Apr 1996 15'),
               ('15 Apr, 1996'),
               ('15 April 96'),
               ('15 1996 apr'),
               ('1996 APR 15'),
               ('1996 15 APRIL')) AS t(v);
END
GO

CREATE PROCEDURE dbo.datetime_time_only_formats
AS
BEGIN
  SET NOCOUNT ON;
  SELECT v AS Literal, CAST(v AS datetime) AS Value
  FROM (VALUES ('14:30'), ('14:30:20.9'), ('4am'), ('4 PM')) AS t(v);
END
GO

CREATE PROCEDURE dbo.datetime_iso_8601_formats
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('2004-05-23T14:25:10' AS datetime) AS without_fraction,
         CAST('2004-05-23T14:25:10.487' AS datetime) AS with_fraction;
END
GO

CREATE PROCEDURE dbo.date_to_datetime2
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @date date = '12-21-16';
  DECLARE @datetime2 datetime2 = @date;
  SELECT @datetime2 AS '@datetime2', @date AS '@date';
END
GO

CREATE PROCEDURE dbo.smalldatetime_to_datetime2
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @smalldatetime smalldatetime = '12-01-16 12:32';
  DECLARE @datetime2 datetime2 = @smalldatetime;
  SELECT @datetime2 AS '@datetime2', @smalldatetime AS '@smalldatetime';
END
GO

CREATE PROCEDURE dbo.datetime_to_datetime2_keeps_the_tick
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @datetime datetime = '2016-10-23 12:45:37.333';
  DECLARE @datetime2 datetime2 = @datetime;
  SELECT @datetime2 AS '@datetime2', @datetime AS '@datetime';
END
GO

CREATE PROCEDURE dbo.datetime2_from_partial_string_literals
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('12:35:29.1234567' AS datetime2(7)) AS time_only,
         CAST('12:35:29.1234567 +12:15' AS datetime2(7)) AS time_and_zone,
         CAST('2007-05-08' AS datetime2(7)) AS date_only,
         CAST('2007-05-08 12:35:29.1234567 +12:15' AS datetime2(7)) AS date_time_and_zone;
END
GO

CREATE PROCEDURE dbo.smalldatetime_to_date
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @smalldatetime smalldatetime = '1955-12-13 12:43:10';
  DECLARE @date date = @smalldatetime
  SELECT @smalldatetime AS '@smalldatetime', @date AS 'date';
END
GO

CREATE PROCEDURE dbo.smalldatetime_to_datetime
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @smalldatetime smalldatetime = '1955-12-13 12:43:10';
  DECLARE @datetime datetime = @smalldatetime;
  SELECT @smalldatetime AS '@smalldatetime', @datetime AS 'datetime';
END
GO

CREATE PROCEDURE dbo.smalldatetime_rounds_at_29_999_seconds
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('2007-05-08 12:35:29.998' AS smalldatetime) AS s29_998,
         CAST('2007-05-08 12:35:29.999' AS smalldatetime) AS s29_999,
         CAST('2007-05-09 23:59:59' AS smalldatetime) AS last_second_of_day;
END
GO

CREATE PROCEDURE dbo.time_4_to_datetime
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @time time(4) = '12:15:04.1237';
  DECLARE @datetime datetime= @time;
  SELECT @time AS '@time', @datetime AS '@datetime';
END
GO

CREATE PROCEDURE dbo.time_4_to_datetimeoffset_3
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @time time(4) = '12:15:04.1237';
  DECLARE @datetimeoffset datetimeoffset(3) = @time;
  SELECT @time AS '@time', @datetimeoffset AS '@datetimeoffset';
END
GO

CREATE PROCEDURE dbo.time_4_to_datetime2_3
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @time time(4) = '12:15:04.1237';
  DECLARE @datetime2 datetime2(3) = @time;
  SELECT @datetime2 AS '@datetime2', @time AS '@time';
END
GO

CREATE PROCEDURE dbo.time_7_from_more_string_literal_formats
AS
BEGIN
  SET NOCOUNT ON;
  SELECT v AS InsertedLiteral, CAST(v AS time(7)) AS StoredValue
  FROM (VALUES ('01:01:01.1234567 AM'), ('01:01:01.1234567PM'), ('01 AM'), ('01:01:01'), ('01:01:01.1234567')) AS t(v);
END
GO

CREATE PROCEDURE dbo.time_string_into_each_date_and_time_type
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('12:12:12.1234567' AS time(7)) AS time7,
         CAST('12:12:12' AS smalldatetime) AS smalldatetime,
         CAST('12:12:12.123' AS datetime) AS datetime,
         CAST('12:12:12.1234567' AS datetime2(7)) AS datetime2_7,
         CAST('12:12:12.1234567' AS datetimeoffset(7)) AS datetimeoffset_7;
END
GO

CREATE PROCEDURE dbo.time_hour_twelve_and_colon_milliseconds
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('12:01' AS time(7)) AS noon_plain,
         CAST('12:01 PM' AS time(7)) AS noon_pm,
         CAST('12:01 AM' AS time(7)) AS midnight_am,
         CAST('00:01 AM' AS time(7)) AS zero_am,
         CAST('12:30:20:1' AS time(7)) AS colon_fraction,
         CAST('12:30:20.1' AS time(7)) AS period_fraction;
END
GO

CREATE PROCEDURE dbo.datetimeoffset_3_to_smalldatetime
AS
BEGIN
  SET NOCOUNT ON;
  DECLARE @datetimeoffset datetimeoffset(3) = '1912-10-25 12:24:32 +10:0';
  DECLARE @smalldatetime smalldatetime = @datetimeoffset;
  SELECT @datetimeoffset AS '@datetimeoffset', @smalldatetime AS '@smalldatetime';
END
GO

CREATE PROCEDURE dbo.datetimeoffset_defaults_for_partial_literals
AS
BEGIN
  SET NOCOUNT ON;
  SELECT CAST('2007-05-08' AS datetimeoffset(7)) AS date_only,
         CAST('12:35:29' AS datetimeoffset(7)) AS time_only,
         CAST('2007-05-08 12:35:29' AS datetimeoffset(7)) AS date_and_time,
         CAST('12:35:29 +12:15' AS datetimeoffset(7)) AS time_and_zone;
END
GO
