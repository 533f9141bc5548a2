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
