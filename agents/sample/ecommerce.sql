/*
    Trailhead Outfitters: sample e-commerce database for Microsoft SQL Server 2016 or later.

    The built-in sample of DataMigrate AI: 10 tables with data, 8 views and 6 stored procedures, the kind of
    reporting code an online shop grows over a few years. Run it in an empty database:

        sqlcmd -S localhost -d TrailheadSample -i ecommerce.sql

    The expected result of every view and procedure is in expected/ (see expected/manifest.json).
    Dates in the data are written month-first (3/14/2024) and rely on SET DATEFORMAT mdy below.
*/
SET NOCOUNT ON
GO
SET DATEFORMAT mdy
GO
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO

-- ---------------------------------------------------------------------------------------------------------------
-- Drop what a previous run created (procedures and views first: they depend on the tables)
-- ---------------------------------------------------------------------------------------------------------------
IF OBJECT_ID(N'[dbo].[usp_OrderDetail]', N'P') IS NOT NULL DROP PROCEDURE [dbo].[usp_OrderDetail]
GO
IF OBJECT_ID(N'[dbo].[usp_PaymentSummary]', N'P') IS NOT NULL DROP PROCEDURE [dbo].[usp_PaymentSummary]
GO
IF OBJECT_ID(N'[dbo].[Sales by Region]', N'P') IS NOT NULL DROP PROCEDURE [dbo].[Sales by Region]
GO
IF OBJECT_ID(N'[dbo].[usp_CustomerRfm]', N'P') IS NOT NULL DROP PROCEDURE [dbo].[usp_CustomerRfm]
GO
IF OBJECT_ID(N'[dbo].[usp_TopProducts]', N'P') IS NOT NULL DROP PROCEDURE [dbo].[usp_TopProducts]
GO
IF OBJECT_ID(N'[dbo].[usp_CustomerOrders]', N'P') IS NOT NULL DROP PROCEDURE [dbo].[usp_CustomerOrders]
GO
IF EXISTS (SELECT * FROM sys.views WHERE object_id = OBJECT_ID(N'[dbo].[Top Rated Products]')) DROP VIEW [dbo].[Top Rated Products]
GO
IF EXISTS (SELECT * FROM sys.views WHERE object_id = OBJECT_ID(N'[dbo].[Customer Segments]')) DROP VIEW [dbo].[Customer Segments]
GO
IF EXISTS (SELECT * FROM sys.views WHERE object_id = OBJECT_ID(N'[dbo].[Carrier Scorecard]')) DROP VIEW [dbo].[Carrier Scorecard]
GO
IF EXISTS (SELECT * FROM sys.views WHERE object_id = OBJECT_ID(N'[dbo].[Shipping Performance]')) DROP VIEW [dbo].[Shipping Performance]
GO
IF EXISTS (SELECT * FROM sys.views WHERE object_id = OBJECT_ID(N'[dbo].[Product Performance]')) DROP VIEW [dbo].[Product Performance]
GO
IF EXISTS (SELECT * FROM sys.views WHERE object_id = OBJECT_ID(N'[dbo].[Monthly Sales]')) DROP VIEW [dbo].[Monthly Sales]
GO
IF EXISTS (SELECT * FROM sys.views WHERE object_id = OBJECT_ID(N'[dbo].[Customer Lifetime Value]')) DROP VIEW [dbo].[Customer Lifetime Value]
GO
IF EXISTS (SELECT * FROM sys.views WHERE object_id = OBJECT_ID(N'[dbo].[Order Totals]')) DROP VIEW [dbo].[Order Totals]
GO
IF OBJECT_ID(N'[dbo].[Reviews]', N'U') IS NOT NULL DROP TABLE [dbo].[Reviews]
GO
IF OBJECT_ID(N'[dbo].[Shipments]', N'U') IS NOT NULL DROP TABLE [dbo].[Shipments]
GO
IF OBJECT_ID(N'[dbo].[Payments]', N'U') IS NOT NULL DROP TABLE [dbo].[Payments]
GO
IF OBJECT_ID(N'[dbo].[Order Items]', N'U') IS NOT NULL DROP TABLE [dbo].[Order Items]
GO
IF OBJECT_ID(N'[dbo].[Orders]', N'U') IS NOT NULL DROP TABLE [dbo].[Orders]
GO
IF OBJECT_ID(N'[dbo].[Coupons]', N'U') IS NOT NULL DROP TABLE [dbo].[Coupons]
GO
IF OBJECT_ID(N'[dbo].[Addresses]', N'U') IS NOT NULL DROP TABLE [dbo].[Addresses]
GO
IF OBJECT_ID(N'[dbo].[Customers]', N'U') IS NOT NULL DROP TABLE [dbo].[Customers]
GO
IF OBJECT_ID(N'[dbo].[Products]', N'U') IS NOT NULL DROP TABLE [dbo].[Products]
GO
IF OBJECT_ID(N'[dbo].[Categories]', N'U') IS NOT NULL DROP TABLE [dbo].[Categories]
GO

-- ---------------------------------------------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------------------------------------------
CREATE TABLE [dbo].[Categories] (
    [CategoryID] [int] IDENTITY(1,1) NOT NULL,
    [CategoryName] [nvarchar](50) NOT NULL,
    [ParentCategoryID] [int] NULL,
    [Description] [nvarchar](200) NULL,
    CONSTRAINT [PK_Categories] PRIMARY KEY CLUSTERED ([CategoryID] ASC),
    CONSTRAINT [UQ_Categories_CategoryName] UNIQUE NONCLUSTERED ([CategoryName] ASC)
) ON [PRIMARY]
GO

CREATE TABLE [dbo].[Products] (
    [ProductID] int IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [SKU] varchar(20) NOT NULL UNIQUE,
    [ProductName] nvarchar(100) NOT NULL,
    [CategoryID] int NOT NULL REFERENCES [dbo].[Categories] ([CategoryID]),
    [UnitPrice] money NOT NULL CONSTRAINT [CK_Products_UnitPrice] CHECK ([UnitPrice] >= 0),
    [UnitCost] money NOT NULL,
    [WeightKg] decimal(6, 2) NULL,
    [IsActive] bit NOT NULL DEFAULT (1),
    [LaunchDate] datetime NOT NULL,
    CONSTRAINT [CK_Products_Cost] CHECK ([UnitCost] <= [UnitPrice])
)
GO

CREATE TABLE [dbo].[Customers] (
    [CustomerID] [int] IDENTITY(1,1) NOT NULL,
    [FirstName] [nvarchar](50) NOT NULL,
    [LastName] [nvarchar](50) NOT NULL,
    [Email] [nvarchar](120) NOT NULL,
    [Phone] [varchar](20) NULL,
    [SignupDate] [datetime] NOT NULL,
    [IsVip] [bit] NOT NULL,
    [MarketingOptIn] [bit] NOT NULL CONSTRAINT [DF_Customers_MarketingOptIn] DEFAULT ((0)),
    CONSTRAINT [PK_Customers] PRIMARY KEY CLUSTERED ([CustomerID] ASC),
    CONSTRAINT [UQ_Customers_Email] UNIQUE ([Email])
) ON [PRIMARY]
GO
ALTER TABLE [dbo].[Customers] ADD CONSTRAINT [DF_Customers_IsVip] DEFAULT ((0)) FOR [IsVip]
GO

CREATE TABLE [dbo].[Addresses] (
    [AddressID] int IDENTITY(1,1) NOT NULL CONSTRAINT [PK_Addresses] PRIMARY KEY,
    [CustomerID] int NOT NULL,
    [AddressType] varchar(10) NOT NULL CONSTRAINT [CK_Addresses_AddressType] CHECK ([AddressType] IN ('billing', 'shipping')),
    [Line1] nvarchar(100) NOT NULL,
    [Line2] nvarchar(100) NULL,
    [City] nvarchar(60) NOT NULL,
    [Region] nvarchar(60) NULL,
    [Postal Code] varchar(12) NULL,
    [Country] nvarchar(60) NOT NULL,
    [IsDefault] bit NOT NULL CONSTRAINT [DF_Addresses_IsDefault] DEFAULT ((0))
)
GO

CREATE TABLE [dbo].[Coupons] (
    [CouponCode] varchar(20) NOT NULL,
    [DiscountPct] tinyint NOT NULL,
    [ValidFrom] datetime NOT NULL,
    [ValidTo] datetime NOT NULL,
    CONSTRAINT [PK_Coupons] PRIMARY KEY ([CouponCode]),
    CONSTRAINT [CK_Coupons_DiscountPct] CHECK ([DiscountPct] BETWEEN 5 AND 50),
    CONSTRAINT [CK_Coupons_Dates] CHECK ([ValidTo] > [ValidFrom])
)
GO

CREATE TABLE [dbo].[Orders] (
    [OrderID] [int] IDENTITY(1001,1) NOT NULL,
    [CustomerID] [int] NOT NULL,
    [OrderDate] [datetime] NOT NULL,
    [Status] [varchar](20) NOT NULL CONSTRAINT [DF_Orders_Status] DEFAULT ('pending'),
    [ShippingAddressID] [int] NULL,
    [CouponCode] [varchar](20) NULL,
    [ShippingFee] [money] NOT NULL CONSTRAINT [DF_Orders_ShippingFee] DEFAULT ((0)),
    [Notes] [nvarchar](400) NULL,
    CONSTRAINT [PK_Orders] PRIMARY KEY CLUSTERED ([OrderID] ASC),
    CONSTRAINT [CK_Orders_Status] CHECK ([Status] IN ('pending', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'))
) ON [PRIMARY]
GO

CREATE TABLE [dbo].[Order Items] (
    [OrderID] int NOT NULL,
    [LineNumber] smallint NOT NULL,
    [ProductID] int NOT NULL,
    [Quantity] int NOT NULL,
    [UnitPrice] money NOT NULL,
    [DiscountPct] tinyint NOT NULL CONSTRAINT [DF_Order_Items_DiscountPct] DEFAULT ((0)),
    CONSTRAINT [PK_Order_Items] PRIMARY KEY CLUSTERED ([OrderID], [LineNumber]),
    CONSTRAINT [CK_Order_Items_Quantity] CHECK ([Quantity] > 0),
    CONSTRAINT [CK_Order_Items_DiscountPct] CHECK ([DiscountPct] <= 50)
)
GO

CREATE TABLE [dbo].[Payments] (
    [PaymentID] int IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [OrderID] int NOT NULL,
    [PaymentDate] datetime NOT NULL,
    [Method] varchar(20) NOT NULL CHECK ([Method] IN ('card', 'paypal', 'bank_transfer', 'gift_card')),
    [Amount] money NOT NULL,
    [IsRefund] bit NOT NULL DEFAULT (0)
)
GO

CREATE TABLE [dbo].[Shipments] (
    [ShipmentID] int IDENTITY(1,1) NOT NULL,
    [OrderID] int NOT NULL,
    [Carrier] nvarchar(30) NOT NULL,
    [TrackingNumber] varchar(30) NULL,
    [ShippedDate] datetime NOT NULL,
    [DeliveredDate] datetime NULL,
    CONSTRAINT [PK_Shipments] PRIMARY KEY ([ShipmentID]),
    CONSTRAINT [UQ_Shipments_OrderID] UNIQUE ([OrderID]),
    CONSTRAINT [CK_Shipments_Delivered] CHECK ([DeliveredDate] IS NULL OR [DeliveredDate] >= [ShippedDate])
)
GO

CREATE TABLE [dbo].[Reviews] (
    [ReviewID] int IDENTITY(1,1) NOT NULL,
    [ProductID] int NOT NULL,
    [CustomerID] int NOT NULL,
    [Rating] tinyint NOT NULL,
    [Title] nvarchar(120) NULL,
    [Body] nvarchar(max) NULL,
    [ReviewDate] datetime NOT NULL,
    [IsVerifiedPurchase] bit NOT NULL CONSTRAINT [DF_Reviews_IsVerifiedPurchase] DEFAULT ((0)),
    CONSTRAINT [PK_Reviews] PRIMARY KEY ([ReviewID]),
    CONSTRAINT [CK_Reviews_Rating] CHECK ([Rating] BETWEEN 1 AND 5),
    CONSTRAINT [UQ_Reviews_Product_Customer] UNIQUE ([ProductID], [CustomerID])
)
GO

-- Foreign keys, added the way SSMS scripts them
ALTER TABLE [dbo].[Categories] WITH CHECK ADD CONSTRAINT [FK_Categories_Parent] FOREIGN KEY ([ParentCategoryID]) REFERENCES [dbo].[Categories] ([CategoryID])
GO
ALTER TABLE [dbo].[Addresses] WITH CHECK ADD CONSTRAINT [FK_Addresses_Customers] FOREIGN KEY ([CustomerID]) REFERENCES [dbo].[Customers] ([CustomerID])
GO
ALTER TABLE [dbo].[Orders] WITH CHECK ADD CONSTRAINT [FK_Orders_Customers] FOREIGN KEY ([CustomerID]) REFERENCES [dbo].[Customers] ([CustomerID])
GO
ALTER TABLE [dbo].[Orders] WITH CHECK ADD CONSTRAINT [FK_Orders_Addresses] FOREIGN KEY ([ShippingAddressID]) REFERENCES [dbo].[Addresses] ([AddressID])
GO
ALTER TABLE [dbo].[Orders] WITH CHECK ADD CONSTRAINT [FK_Orders_Coupons] FOREIGN KEY ([CouponCode]) REFERENCES [dbo].[Coupons] ([CouponCode])
GO
ALTER TABLE [dbo].[Order Items] WITH CHECK ADD CONSTRAINT [FK_Order_Items_Orders] FOREIGN KEY ([OrderID]) REFERENCES [dbo].[Orders] ([OrderID])
GO
ALTER TABLE [dbo].[Order Items] WITH CHECK ADD CONSTRAINT [FK_Order_Items_Products] FOREIGN KEY ([ProductID]) REFERENCES [dbo].[Products] ([ProductID])
GO
ALTER TABLE [dbo].[Payments] ADD CONSTRAINT [FK_Payments_Orders] FOREIGN KEY ([OrderID]) REFERENCES [dbo].[Orders] ([OrderID])
GO
ALTER TABLE [dbo].[Shipments] ADD CONSTRAINT [FK_Shipments_Orders] FOREIGN KEY ([OrderID]) REFERENCES [dbo].[Orders] ([OrderID])
GO
ALTER TABLE [dbo].[Reviews] ADD CONSTRAINT [FK_Reviews_Products] FOREIGN KEY ([ProductID]) REFERENCES [dbo].[Products] ([ProductID])
GO
ALTER TABLE [dbo].[Reviews] ADD CONSTRAINT [FK_Reviews_Customers] FOREIGN KEY ([CustomerID]) REFERENCES [dbo].[Customers] ([CustomerID])
GO

CREATE NONCLUSTERED INDEX [IX_Addresses_CustomerID] ON [dbo].[Addresses] ([CustomerID] ASC)
GO
CREATE NONCLUSTERED INDEX [IX_Orders_CustomerID_OrderDate] ON [dbo].[Orders] ([CustomerID] ASC, [OrderDate] DESC)
GO
CREATE INDEX [IX_Orders_Status] ON [dbo].[Orders] ([Status])
GO
CREATE NONCLUSTERED INDEX [IX_Order_Items_ProductID] ON [dbo].[Order Items] ([ProductID])
GO
CREATE NONCLUSTERED INDEX [IX_Payments_OrderID] ON [dbo].[Payments] ([OrderID])
GO
CREATE UNIQUE NONCLUSTERED INDEX [UX_Products_ProductName] ON [dbo].[Products] ([ProductName])
GO

-- ---------------------------------------------------------------------------------------------------------------
-- Data
-- ---------------------------------------------------------------------------------------------------------------
-- <generated-data>
-- Data below is generated by agents/sample/generate-data.ts (fixed seed): edit that file, not this section.
SET IDENTITY_INSERT [dbo].[Categories] ON
INSERT [dbo].[Categories] ([CategoryID], [CategoryName], [ParentCategoryID], [Description]) VALUES (1, N'Outdoor', NULL, N'Gear for trails, camps and rivers')
INSERT [dbo].[Categories] ([CategoryID], [CategoryName], [ParentCategoryID], [Description]) VALUES (2, N'Electronics', NULL, N'Audio, wearables and power on the go')
INSERT [dbo].[Categories] ([CategoryID], [CategoryName], [ParentCategoryID], [Description]) VALUES (3, N'Home & Kitchen', NULL, NULL)
INSERT [dbo].[Categories] ([CategoryID], [CategoryName], [ParentCategoryID], [Description]) VALUES (4, N'Camping', 1, N'Tents, sleeping bags, stoves')
INSERT [dbo].[Categories] ([CategoryID], [CategoryName], [ParentCategoryID], [Description]) VALUES (5, N'Hiking', 1, N'Footwear, packs and poles')
INSERT [dbo].[Categories] ([CategoryID], [CategoryName], [ParentCategoryID], [Description]) VALUES (6, N'Audio', 2, NULL)
INSERT [dbo].[Categories] ([CategoryID], [CategoryName], [ParentCategoryID], [Description]) VALUES (7, N'Wearables', 2, N'Watches and bands')
INSERT [dbo].[Categories] ([CategoryID], [CategoryName], [ParentCategoryID], [Description]) VALUES (8, N'Coffee & Tea', 3, N'Brewing, grinding, "third wave" beans')
INSERT [dbo].[Categories] ([CategoryID], [CategoryName], [ParentCategoryID], [Description]) VALUES (9, N'Cookware', 3, N'Pans, pots, knives')
SET IDENTITY_INSERT [dbo].[Categories] OFF
GO
SET IDENTITY_INSERT [dbo].[Products] ON
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (1, 'TR-TENT-2P', N'Ridgeline 2-Person Tent', 4, 249.00, 132.50, 2.35, 1, '03/01/2021')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (2, 'TR-BAG-M5', N'Summit Down Sleeping Bag -5 °C', 4, 219.00, 104.00, 1.10, 1, '09/15/2021')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (3, 'TR-STOVE', N'Sólo Camp Stove', 4, 89.50, 41.00, 0.95, 1, '04/01/2022')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (4, 'TR-LAMP', N'Lumen 400 Lantern', 4, 34.99, 12.40, 0.30, 1, '05/20/2022')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (5, 'TR-MUG', N'Enamel Mug, 350 ml', 4, 12.00, 3.10, 0.18, 1, '11/02/2020')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (6, 'HK-POLE', N'Trekking Poles, Carbon (pair)', 5, 119.00, 55.00, 0.48, 1, '02/10/2021')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (7, 'HK-SOCK', N'Edelweiß Merino Socks', 5, 18.50, 5.25, 0.10, 1, '10/01/2020')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (8, 'HK-PACK', N'Daypack 28 L', 5, 79.95, 33.00, 0.85, 1, '06/01/2021')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (9, 'HK-BOOT', N'Alpenglühen Hiking Boots', 5, 165.00, 78.00, 1.40, 1, '08/08/2022')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (10, 'HK-MAP', N'Trail Map Set — Pyrénées', 5, 24.00, 6.00, NULL, 1, '01/12/2022')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (11, 'EL-HP-01', N'Aurora Wireless Headphones', 6, 199.99, 88.00, 0.26, 1, '10/03/2022')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (12, 'EL-SPK-02', N'Pocket Bluetooth Speaker', 6, 49.99, 19.50, 0.35, 1, '04/19/2021')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (13, 'EL-EAR-03', N'Studio Earbuds "Pro"', 6, 129.00, 51.00, 0.06, 1, '02/01/2023')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (14, 'EL-CBL-04', N'USB-C Cable 2 m', 2, 9.99, 1.80, 0.05, 1, '06/01/2020')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (15, 'EL-WCH-05', N'Trailhead GPS Watch', 7, 299.00, 141.00, 0.07, 1, '03/14/2022')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (16, 'EL-BND-06', N'Fitness Band Lite', 7, 39.90, 14.00, 0.03, 0, '01/20/2020')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (17, 'EL-SLV-07', N'15" Laptop Sleeve', 2, 34.00, 11.00, 0.32, 1, '08/30/2021')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (18, 'EL-PWR-08', N'Solar Power Bank 20000 mAh', 2, 59.00, 24.00, 0.41, 1, '06/06/2022')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (19, 'HM-PRESS', N'Café Press 1 L', 8, 42.00, 15.00, 0.70, 1, '01/05/2021')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (20, 'HM-GRND', N'Burr Coffee Grinder', 8, 119.00, 52.00, 1.90, 1, '02/02/2022')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (21, 'HM-BEAN', N'Single-Origin Beans, Huila 1 kg', 8, 27.50, 11.75, 1.00, 1, '09/01/2022')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (22, 'HM-TEA', N'Matcha Starter Kit', 8, 36.00, 12.90, 0.40, 1, '01/09/2023')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (23, 'HM-PAN', N'Cast Iron Skillet 26 cm', 9, 54.95, 21.00, 2.60, 1, '09/09/2020')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (24, 'HM-TORCH', N'Crème Brûlée Torch', 9, 29.99, 9.50, 0.25, 1, '11/11/2021')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (25, 'HM-KNIFE', N'Santoku Knife 18 cm', 9, 89.00, 30.00, 0.22, 1, '07/01/2022')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (26, 'HM-POT', N'Dutch Oven 5.5 L', 9, 139.00, 66.00, 5.40, 1, '10/01/2021')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (27, 'HM-BOARD', N'Olive Wood Board', 9, 45.00, 17.00, NULL, 1, '11/20/2022')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (28, 'HM-CNDL', N'Beeswax Candle Set', 3, 22.00, 6.50, 0.60, 1, '12/01/2021')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (29, 'TR-HAMM', N'Ultralight Hammock', 1, 64.00, 25.00, 0.55, 1, '04/25/2022')
INSERT [dbo].[Products] ([ProductID], [SKU], [ProductName], [CategoryID], [UnitPrice], [UnitCost], [WeightKg], [IsActive], [LaunchDate]) VALUES (30, 'TR-FLTR', N'Water Filter Bottle', 1, 39.00, 14.50, 0.28, 0, '05/05/2020')
SET IDENTITY_INSERT [dbo].[Products] OFF
GO
SET IDENTITY_INSERT [dbo].[Customers] ON
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (1, N'Mateo', N'García', N'mateo.garcia1@example.com', '+1 555 0120', '8/24/2022', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (2, N'François', N'Costa', N'francois.costa2@example.com', '+1 555 0169', '7/4/2022', 1, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (3, N'Olivia', N'Costa', N'olivia.costa3@example.com', '+1 555 0151', '6/12/2022', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (4, N'Camille', N'Nguyen', N'camille.nguyen4@example.com', '+1 555 0191', '5/30/2023', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (5, N'Malik', N'Johnson', N'malik.johnson5@example.com', '+1 555 0176', '2/1/2023', 1, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (6, N'Zoë', N'Johnson', N'zoe.johnson6@example.com', '+1 555 0186', '7/12/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (7, N'Priya', N'O''Brien', N'priya.obrien7@example.com', '+1 555 0177', '2/5/2022', 1, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (8, N'Lucas', N'Núñez', N'lucas.nunez8@example.com', '+1 555 0107', '8/9/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (9, N'François', N'Lefèvre', N'francois.lefevre9@example.com', '+1 555 0173', '4/19/2023', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (10, N'Siobhán', N'Smith', N'siobhan.smith10@example.com', '+1 555 0134', '12/23/2022', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (11, N'François', N'Smith', N'francois.smith11@example.com', '+1 555 0155', '4/12/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (12, N'Olivia', N'Fernández', N'olivia.fernandez12@example.com', '', '1/16/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (13, N'Rafael', N'Schmidt', N'rafael.schmidt13@example.com', NULL, '10/7/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (14, N'Léa', N'Moreau', N'lea.moreau14@example.com', NULL, '4/14/2022', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (15, N'Léa', N'Okafor', N'lea.okafor15@example.com', NULL, '1/14/2023', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (16, N'Olivia', N'O''Brien', N'olivia.obrien16@example.com', '+1 555 0173', '11/9/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (17, N'François', N'Schmidt', N'francois.schmidt17@example.com', '+1 555 0117', '1/30/2023', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (18, N'Malik', N'Dubois', N'malik.dubois18@example.com', '+1 555 0198', '5/7/2023', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (19, N'Ines', N'Lefèvre', N'ines.lefevre19@example.com', '+1 555 0154', '9/13/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (20, N'Greta', N'Søndergaard', N'greta.sondergaard20@example.com', '+1 555 0118', '1/12/2023', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (21, N'Liam', N'Lefèvre', N'liam.lefevre21@example.com', '+1 555 0123', '3/14/2023', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (22, N'Chloé', N'Rossi', N'chloe.rossi22@example.com', NULL, '9/4/2022', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (23, N'Chloé', N'Smith', N'chloe.smith23@example.com', '+1 555 0104', '6/17/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (24, N'Björn', N'Dubois', N'bjorn.dubois24@example.com', '+1 555 0194', '1/8/2023', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (25, N'Kenji', N'Müller', N'kenji.muller25@example.com', NULL, '2/20/2023', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (26, N'Åsa', N'Okafor', N'asa.okafor26@example.com', '+1 555 0186', '3/9/2023', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (27, N'Greta', N'O''Brien', N'greta.obrien27@example.com', '+1 555 0192', '1/5/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (28, N'Yuki', N'Schmidt', N'yuki.schmidt28@example.com', '+1 555 0110', '9/25/2022', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (29, N'Siobhán', N'Dubois', N'siobhan.dubois29@example.com', '+1 555 0170', '7/27/2022', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (30, N'Mateo', N'Dubois', N'mateo.dubois30@example.com', '+1 555 0147', '10/19/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (31, N'Lucas', N'O''Brien', N'lucas.obrien31@example.com', '+1 555 0191', '2/26/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (32, N'Mateo', N'Søndergaard', N'mateo.sondergaard32@example.com', '+1 555 0190', '6/3/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (33, N'Chloé', N'Dubois', N'chloe.dubois33@example.com', '+1 555 0129', '5/30/2023', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (34, N'Priya', N'Rossi', N'priya.rossi34@example.com', '+1 555 0145', '3/14/2023', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (35, N'Malik', N'Núñez', N'malik.nunez35@example.com', '+1 555 0162', '12/19/2022', 1, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (36, N'Greta', N'García', N'greta.garcia36@example.com', '+1 555 0143', '1/3/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (37, N'Jürgen', N'Dubois', N'jurgen.dubois37@example.com', '+1 555 0150', '4/12/2022', 0, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (38, N'Priya', N'Nguyen', N'priya.nguyen38@example.com', '+1 555 0100', '10/28/2022', 1, 1)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (39, N'Renée', N'Lefèvre', N'renee.lefevre39@example.com', '+1 555 0170', '6/1/2023', 0, 0)
INSERT [dbo].[Customers] ([CustomerID], [FirstName], [LastName], [Email], [Phone], [SignupDate], [IsVip], [MarketingOptIn]) VALUES (40, N'Sofia', N'García', N'sofia.garcia40@example.com', NULL, '1/21/2023', 0, 1)
SET IDENTITY_INSERT [dbo].[Customers] OFF
GO
SET IDENTITY_INSERT [dbo].[Addresses] ON
INSERT INTO [dbo].[Addresses] ([AddressID], [CustomerID], [AddressType], [Line1], [Line2], [City], [Region], [Postal Code], [Country], [IsDefault])
VALUES
    (1, 1, 'shipping', N'77 Maple Avenue', NULL, N'Paris', N'Île-de-France', '75011', N'France', 1),
    (2, 2, 'shipping', N'220 Pine Street', NULL, N'Lyon', NULL, '69002', N'France', 1),
    (3, 2, 'billing', N'170 Maple Avenue', NULL, N'Lyon', NULL, '69002', N'France', 1),
    (4, 3, 'shipping', N'135 Pine Street', N'Apt 11B', N'Edinburgh', N'Scotland', 'EH1 1YZ', N'United Kingdom', 1),
    (5, 4, 'shipping', N'124 Calle de Alcalá', N'Apt 5A', N'Lyon', NULL, '69002', N'France', 1),
    (6, 4, 'billing', N'71 Maple Avenue', NULL, N'Lyon', NULL, '69002', N'France', 1),
    (7, 5, 'shipping', N'18 Rue de la Paix', NULL, N'Montréal', N'QC', 'H2X 1Y4', N'Canada', 1),
    (8, 6, 'shipping', N'76 Pine Street', NULL, N'Sapporo', N'Hokkaidō', '060-0001', N'Japan', 1),
    (9, 6, 'billing', N'180 Königstraße', NULL, N'Sapporo', N'Hokkaidō', NULL, N'Japan', 1),
    (10, 7, 'shipping', N'113 Via Roma', N'Apt 13B', N'Denver', N'CO', '80202', N'United States', 1),
    (11, 8, 'shipping', N'237 Königstraße', N'', N'Denver', N'CO', '80202', N'United States', 1),
    (12, 8, 'billing', N'223 Calle de Alcalá', N'Apt 38B', N'Denver', N'CO', '80202', N'United States', 1),
    (13, 9, 'shipping', N'35 Pine Street', NULL, N'München', NULL, '80331', N'Germany', 1),
    (14, 10, 'shipping', N'174 Lakeview Drive', NULL, N'Köln', NULL, '50667', N'Germany', 1),
    (15, 11, 'shipping', N'248 Chemin des Vignes', N'Apt 10A', N'Paris', N'Île-de-France', '75011', N'France', 1),
    (16, 11, 'billing', N'242 Chemin des Vignes', N'Apt 17C', N'Paris', N'Île-de-France', '75011', N'France', 1),
    (17, 12, 'shipping', N'12 Via Roma', NULL, N'Vancouver', N'BC', 'V6B 1A1', N'Canada', 1),
    (18, 13, 'shipping', N'160 Pine Street', NULL, N'Edinburgh', N'Scotland', 'EH1 1YZ', N'United Kingdom', 1),
    (19, 13, 'billing', N'33 Old Mill Lane', N'', N'Edinburgh', N'Scotland', 'EH1 1YZ', N'United Kingdom', 1),
    (20, 14, 'shipping', N'89 Rue Saint-Denis', N'Apt 38C', N'Denver', N'CO', '80202', N'United States', 1),
    (21, 14, 'shipping', N'50 Lakeview Drive', NULL, N'Köln', NULL, '50667', N'Germany', 0),
    (22, 14, 'billing', N'106 Königstraße', N'', N'Denver', N'CO', '80202', N'United States', 1),
    (23, 15, 'shipping', N'185 Lakeview Drive', NULL, N'Vancouver', N'BC', 'V6B 1A1', N'Canada', 1),
    (24, 16, 'shipping', N'167 Rue Saint-Denis', N'Apt 29C', N'Portland', N'OR', '97205', N'United States', 1),
    (25, 17, 'shipping', N'26 Harbour Road', NULL, N'Portland', N'OR', '97205', N'United States', 1),
    (26, 17, 'shipping', N'72 Chemin des Vignes', NULL, N'Montréal', N'QC', 'H2X 1Y4', N'Canada', 0),
    (27, 17, 'billing', N'122 Calle de Alcalá', N'', N'Portland', N'OR', '97205', N'United States', 1),
    (28, 18, 'shipping', N'119 Maple Avenue', N'', N'Edinburgh', N'Scotland', 'EH1 1YZ', N'United Kingdom', 1),
    (29, 18, 'shipping', N'161 Old Mill Lane', NULL, N'Vancouver', N'BC', 'V6B 1A1', N'Canada', 0),
    (30, 18, 'billing', N'122 Rue de la Paix', NULL, N'Edinburgh', N'Scotland', 'EH1 1YZ', N'United Kingdom', 1),
    (31, 19, 'shipping', N'104 Chemin des Vignes', NULL, N'Köln', NULL, '50667', N'Germany', 1),
    (32, 19, 'billing', N'28 Chemin des Vignes', NULL, N'Köln', NULL, '50667', N'Germany', 1),
    (33, 20, 'shipping', N'105 Chemin des Vignes', NULL, N'Sevilla', N'Andalucía', '41004', N'Spain', 1),
    (34, 21, 'shipping', N'43 Chemin des Vignes', NULL, N'Edinburgh', N'Scotland', 'EH1 1YZ', N'United Kingdom', 1),
    (35, 22, 'shipping', N'92 Lakeview Drive', N'Apt 15A', N'Köln', NULL, '50667', N'Germany', 1),
    (36, 22, 'billing', N'77 Calle de Alcalá', NULL, N'Köln', NULL, '50667', N'Germany', 1),
    (37, 23, 'shipping', N'162 Elm Court', NULL, N'Sapporo', N'Hokkaidō', '060-0001', N'Japan', 1),
    (38, 24, 'shipping', N'58 Rue de la Paix', N'Apt 24A', N'Seattle', N'WA', '98101', N'United States', 1),
    (39, 25, 'shipping', N'16 Calle de Alcalá', NULL, N'Denver', N'CO', '80202', N'United States', 1),
    (40, 26, 'shipping', N'142 Lakeview Drive', NULL, N'Paris', N'Île-de-France', '75011', N'France', 1),
    (41, 27, 'shipping', N'19 Via Roma', NULL, N'Denver', N'CO', '80202', N'United States', 1),
    (42, 28, 'shipping', N'204 Calle de Alcalá', NULL, N'Edinburgh', N'Scotland', 'EH1 1YZ', N'United Kingdom', 1),
    (43, 29, 'shipping', N'53 Via Roma', N'Apt 32B', N'Denver', N'CO', '80202', N'United States', 1),
    (44, 29, 'billing', N'164 Calle de Alcalá', N'Apt 29B', N'Denver', N'CO', '80202', N'United States', 1),
    (45, 30, 'shipping', N'51 Harbour Road', NULL, N'Denver', N'CO', '80202', N'United States', 1),
    (46, 30, 'billing', N'231 Old Mill Lane', NULL, N'Denver', N'CO', '80202', N'United States', 1),
    (47, 31, 'shipping', N'245 Pine Street', N'', N'Vancouver', N'BC', 'V6B 1A1', N'Canada', 1),
    (48, 32, 'shipping', N'132 Via Roma', NULL, N'Austin', N'TX', '78701', N'United States', 1),
    (49, 33, 'shipping', N'47 Old Mill Lane', NULL, N'Sevilla', N'Andalucía', '41004', N'Spain', 1),
    (50, 33, 'billing', N'159 Königstraße', NULL, N'Sevilla', N'Andalucía', '41004', N'Spain', 1),
    (51, 34, 'shipping', N'170 Chemin des Vignes', NULL, N'Portland', N'OR', '97205', N'United States', 1),
    (52, 35, 'shipping', N'44 Elm Court', NULL, N'Paris', N'Île-de-France', '75011', N'France', 1),
    (53, 35, 'billing', N'103 Chemin des Vignes', N'Apt 39A', N'Paris', N'Île-de-France', '75011', N'France', 1),
    (54, 36, 'shipping', N'207 Via Roma', NULL, N'Köln', NULL, '50667', N'Germany', 1),
    (55, 36, 'billing', N'93 Königstraße', NULL, N'Köln', NULL, '50667', N'Germany', 1),
    (56, 38, 'shipping', N'50 Rue de la Paix', N'Apt 36A', N'Paris', N'Île-de-France', '75011', N'France', 1),
    (57, 39, 'shipping', N'182 Lakeview Drive', NULL, N'Köln', NULL, '50667', N'Germany', 1),
    (58, 39, 'billing', N'107 Pine Street', N'', N'Köln', NULL, '50667', N'Germany', 1),
    (59, 40, 'shipping', N'27 Rue Saint-Denis', NULL, N'Denver', N'CO', '80202', N'United States', 1),
    (60, 40, 'billing', N'118 Chemin des Vignes', NULL, N'Denver', N'CO', '80202', N'United States', 1)
SET IDENTITY_INSERT [dbo].[Addresses] OFF
GO
INSERT INTO [dbo].[Coupons] ([CouponCode], [DiscountPct], [ValidFrom], [ValidTo])
VALUES
    ('WELCOME10', 10, '1/1/2023', '12/31/2024'),
    ('SUMMER20', 20, '6/1/2023', '8/31/2023'),
    ('BLACKFRIDAY25', 25, '11/24/2023', '11/28/2023'),
    ('SPRING15', 15, '3/1/2024', '5/31/2024'),
    ('VIP30', 30, '11/1/2024', '12/31/2024')
GO
SET IDENTITY_INSERT [dbo].[Orders] ON
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1001, 6, '1/4/2023 09:12:53', 'delivered', 8, NULL, 9.95, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1002, 14, '1/8/2023 08:39:50', 'delivered', 20, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1003, 8, '1/17/2023 12:27:49', 'cancelled', 11, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1004, 5, '1/19/2023 13:23:58', 'shipped', 7, 'WELCOME10', 9.95, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1005, 3, '1/30/2023 09:47:40', 'delivered', 4, NULL, 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1006, 3, '2/3/2023 11:46:00', 'delivered', 4, NULL, 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1007, 33, '2/7/2023 10:37:33', 'delivered', 49, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1008, 21, '2/11/2023 11:25:34', 'delivered', 34, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1009, 2, '2/18/2023 09:02:41', 'delivered', 2, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1010, 17, '2/28/2023 11:46:03', 'delivered', 25, 'WELCOME10', 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1011, 27, '3/10/2023 12:16:32', 'cancelled', 41, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1012, 3, '3/19/2023 07:47:42', 'delivered', 4, NULL, 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1013, 18, '3/26/2023 19:00:49', 'delivered', 28, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1014, 8, '4/2/2023 16:15:59', 'delivered', 11, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1015, 8, '4/8/2023 12:42:09', 'shipped', 11, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1016, 6, '4/18/2023 10:52:54', 'delivered', 8, NULL, 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1017, 2, '4/26/2023 13:50:46', 'delivered', 2, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1018, 23, '4/29/2023 12:10:37', 'delivered', 37, NULL, 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1019, 36, '5/1/2023 15:55:43', 'delivered', 54, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1020, 5, '5/8/2023 19:13:40', 'shipped', 7, NULL, 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1021, 37, '5/14/2023 20:51:32', 'delivered', NULL, 'WELCOME10', 0.00, N'Deliver after 5 pm')
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1022, 22, '5/21/2023 18:47:04', 'delivered', 35, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1023, 30, '5/24/2023 21:17:16', 'cancelled', 45, 'WELCOME10', 9.95, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1024, 5, '5/30/2023 22:10:15', 'delivered', 7, 'WELCOME10', 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1025, 27, '6/1/2023 16:49:08', 'delivered', 41, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1026, 21, '6/3/2023 17:16:26', 'delivered', 34, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1027, 19, '6/11/2023 21:54:01', 'delivered', 31, NULL, 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1028, 9, '6/23/2023 18:59:13', 'delivered', 13, NULL, 0.00, N'Gift — wrap, please')
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1029, 3, '6/29/2023 14:24:38', 'delivered', 4, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1030, 1, '7/10/2023 15:52:06', 'delivered', 1, NULL, 9.95, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1031, 17, '7/16/2023 16:13:46', 'pending', 25, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1032, 19, '7/24/2023 17:50:41', 'delivered', 31, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1033, 24, '8/3/2023 21:24:27', 'delivered', 38, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1034, 8, '8/7/2023 08:12:15', 'delivered', 11, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1035, 22, '8/14/2023 08:20:36', 'cancelled', 35, 'WELCOME10', 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1036, 34, '8/24/2023 15:40:41', 'cancelled', 51, NULL, 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1037, 20, '9/1/2023 18:04:09', 'delivered', 33, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1038, 24, '9/7/2023 22:12:28', 'delivered', 38, NULL, 9.95, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1039, 4, '9/10/2023 10:55:11', 'cancelled', 5, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1040, 18, '9/13/2023 15:44:21', 'cancelled', 28, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1041, 5, '9/22/2023 16:31:43', 'shipped', 7, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1042, 3, '10/1/2023 17:24:37', 'delivered', 4, NULL, 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1043, 30, '10/7/2023 21:49:43', 'delivered', 45, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1044, 13, '10/14/2023 12:02:50', 'shipped', 18, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1045, 24, '10/18/2023 14:25:18', 'returned', 38, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1046, 14, '10/22/2023 12:59:40', 'delivered', 20, NULL, 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1047, 34, '10/29/2023 11:14:04', 'delivered', 51, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1048, 2, '11/8/2023 07:26:34', 'delivered', 2, NULL, 9.95, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1049, 18, '11/18/2023 09:47:21', 'delivered', 28, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1050, 22, '11/25/2023 14:33:12', 'shipped', 35, NULL, 9.95, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1051, 7, '12/1/2023 17:40:17', 'cancelled', 10, NULL, 9.95, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1052, 14, '12/7/2023 22:36:57', 'shipped', 20, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1053, 6, '12/15/2023 22:58:50', 'delivered', 8, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1054, 24, '12/26/2023 18:01:52', 'delivered', 38, NULL, 7.50, N'Call before delivery, the bell''s broken')
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1055, 22, '12/29/2023 18:01:20', 'delivered', 35, NULL, 0.00, N'Please leave at the door')
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1056, 6, '1/4/2024 15:52:00', 'delivered', 8, 'WELCOME10', 0.00, N'Call before delivery, the bell''s broken')
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1057, 19, '1/6/2024 16:06:42', 'delivered', 31, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1058, 13, '1/16/2024 11:46:03', 'delivered', 18, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1059, 18, '1/26/2024 07:11:36', 'delivered', 28, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1060, 8, '1/29/2024 11:03:55', 'delivered', 11, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1061, 38, '2/6/2024 15:23:25', 'cancelled', 56, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1062, 31, '2/9/2024 15:04:16', 'delivered', 47, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1063, 6, '2/17/2024 19:07:59', 'returned', 8, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1064, 5, '2/26/2024 15:40:49', 'delivered', 7, NULL, 9.95, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1065, 13, '3/5/2024 10:59:36', 'delivered', 18, NULL, 0.00, N'Call before delivery, the bell''s broken')
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1066, 19, '3/16/2024 13:11:08', 'delivered', 31, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1067, 5, '3/26/2024 13:30:45', 'delivered', 7, NULL, 7.50, N'Call before delivery, the bell''s broken')
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1068, 21, '4/1/2024 12:41:01', 'delivered', 34, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1069, 18, '4/11/2024 12:16:48', 'cancelled', 28, NULL, 9.95, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1070, 12, '4/16/2024 09:18:26', 'delivered', 17, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1071, 5, '4/23/2024 18:07:44', 'delivered', 7, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1072, 35, '4/30/2024 18:21:55', 'returned', 52, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1073, 27, '5/6/2024 20:09:43', 'delivered', 41, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1074, 6, '5/9/2024 20:30:54', 'delivered', 8, 'WELCOME10', 4.99, N'Please leave at the door')
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1075, 15, '5/15/2024 14:48:54', 'delivered', 23, NULL, 7.50, N'Gift — wrap, please')
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1076, 37, '5/19/2024 15:49:43', 'delivered', NULL, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1077, 13, '5/25/2024 20:13:41', 'shipped', 18, 'WELCOME10', 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1078, 8, '6/1/2024 18:39:25', 'delivered', 11, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1079, 14, '6/3/2024 20:52:28', 'delivered', 20, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1080, 9, '6/6/2024 22:11:16', 'delivered', 13, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1081, 1, '6/9/2024 21:32:57', 'delivered', 1, NULL, 9.95, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1082, 33, '6/12/2024 21:10:37', 'delivered', 49, NULL, 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1083, 7, '6/21/2024 18:21:50', 'returned', 10, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1084, 6, '6/29/2024 14:21:08', 'delivered', 8, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1085, 4, '6/30/2024 21:47:48', 'delivered', 5, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1086, 7, '7/7/2024 16:11:19', 'returned', 10, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1087, 2, '7/18/2024 19:07:05', 'delivered', 2, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1088, 31, '7/26/2024 16:57:11', 'delivered', 47, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1089, 37, '8/2/2024 20:28:44', 'delivered', NULL, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1090, 16, '8/8/2024 11:19:41', 'delivered', 24, 'WELCOME10', 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1091, 6, '8/13/2024 11:06:31', 'returned', 8, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1092, 8, '8/21/2024 07:33:58', 'cancelled', 11, NULL, 7.50, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1093, 6, '8/28/2024 13:38:05', 'delivered', 8, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1094, 9, '9/4/2024 08:45:09', 'delivered', 13, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1095, 3, '9/10/2024 13:21:00', 'delivered', 4, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1096, 18, '9/19/2024 17:45:37', 'shipped', 28, NULL, 9.95, N'Call before delivery, the bell''s broken')
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1097, 15, '9/30/2024 13:12:10', 'delivered', 23, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1098, 12, '10/10/2024 12:07:33', 'delivered', 17, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1099, 5, '10/18/2024 12:31:10', 'cancelled', 7, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1100, 24, '10/27/2024 12:25:33', 'delivered', 38, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1101, 11, '10/31/2024 09:18:12', 'delivered', 15, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1102, 7, '11/10/2024 13:24:02', 'delivered', 10, 'VIP30', 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1103, 33, '11/14/2024 10:23:09', 'delivered', 49, 'VIP30', 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1104, 4, '11/20/2024 08:43:14', 'delivered', 5, 'WELCOME10', 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1105, 21, '11/30/2024 09:13:14', 'delivered', 34, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1106, 11, '12/5/2024 10:40:29', 'delivered', 15, 'WELCOME10', 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1107, 12, '12/8/2024 14:32:50', 'delivered', 17, NULL, 9.95, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1108, 21, '12/18/2024 11:45:20', 'shipped', 34, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1109, 3, '12/22/2024 10:05:50', 'shipped', 4, NULL, 0.00, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1110, 3, '12/27/2024 16:40:29', 'paid', 4, 'WELCOME10', 4.99, NULL)
INSERT [dbo].[Orders] ([OrderID], [CustomerID], [OrderDate], [Status], [ShippingAddressID], [CouponCode], [ShippingFee], [Notes]) VALUES (1111, 3, '12/30/2024 22:58:49', 'pending', 4, NULL, 0.00, NULL)
SET IDENTITY_INSERT [dbo].[Orders] OFF
GO
INSERT INTO [dbo].[Order Items] ([OrderID], [LineNumber], [ProductID], [Quantity], [UnitPrice], [DiscountPct])
VALUES
    (1001, 1, 29, 1, 58.88, 10),
    (1002, 1, 12, 1, 45.99, 0),
    (1002, 2, 17, 1, 31.28, 0),
    (1002, 3, 28, 1, 20.24, 0),
    (1002, 4, 25, 2, 81.88, 0),
    (1003, 1, 12, 1, 45.99, 0),
    (1003, 2, 17, 1, 31.28, 0),
    (1003, 3, 10, 1, 22.08, 0),
    (1003, 4, 16, 2, 36.71, 0),
    (1004, 1, 25, 1, 81.88, 10),
    (1004, 2, 10, 1, 22.08, 10),
    (1005, 1, 16, 1, 36.71, 0),
    (1006, 1, 10, 2, 22.08, 15),
    (1006, 2, 19, 2, 38.64, 0),
    (1007, 1, 6, 1, 109.48, 0),
    (1007, 2, 17, 2, 31.28, 0),
    (1008, 1, 3, 4, 82.34, 15),
    (1008, 2, 11, 6, 183.99, 0),
    (1009, 1, 22, 1, 33.12, 0),
    (1009, 2, 7, 2, 17.02, 0),
    (1009, 3, 6, 1, 109.48, 0),
    (1009, 4, 27, 2, 41.40, 0),
    (1010, 1, 20, 1, 109.48, 10),
    (1010, 2, 14, 1, 9.19, 10),
    (1011, 1, 5, 4, 11.04, 0),
    (1011, 2, 7, 1, 17.02, 0),
    (1011, 3, 29, 2, 58.88, 0),
    (1012, 1, 16, 1, 36.71, 0),
    (1013, 1, 5, 1, 11.04, 0),
    (1013, 2, 15, 2, 275.08, 10),
    (1013, 3, 2, 1, 201.48, 0),
    (1014, 1, 15, 1, 275.08, 0),
    (1015, 1, 25, 4, 81.88, 0),
    (1015, 2, 26, 2, 127.88, 0),
    (1015, 3, 14, 4, 9.19, 0),
    (1016, 1, 18, 1, 54.28, 0),
    (1016, 2, 27, 1, 41.40, 0),
    (1017, 1, 11, 2, 183.99, 0),
    (1018, 1, 7, 1, 17.02, 0),
    (1018, 2, 14, 2, 9.19, 0),
    (1019, 1, 16, 2, 36.71, 0),
    (1020, 1, 10, 1, 22.08, 0),
    (1021, 1, 18, 2, 54.28, 10),
    (1021, 2, 7, 1, 17.02, 10),
    (1022, 1, 5, 1, 11.04, 0),
    (1022, 2, 16, 1, 36.71, 0),
    (1023, 1, 16, 1, 36.71, 10),
    (1023, 2, 13, 1, 118.68, 10),
    (1024, 1, 23, 2, 50.55, 10),
    (1024, 2, 28, 2, 20.24, 10),
    (1025, 1, 3, 1, 82.34, 0),
    (1025, 2, 5, 2, 11.04, 0),
    (1026, 1, 15, 1, 275.08, 10),
    (1027, 1, 3, 1, 82.34, 0),
    (1028, 1, 25, 2, 81.88, 0),
    (1028, 2, 12, 2, 45.99, 0),
    (1029, 1, 28, 1, 20.24, 0),
    (1029, 2, 7, 1, 17.02, 0),
    (1029, 3, 1, 1, 229.08, 0),
    (1030, 1, 21, 3, 25.30, 0),
    (1030, 2, 23, 1, 50.55, 0),
    (1032, 1, 14, 1, 9.19, 0),
    (1032, 2, 30, 1, 35.88, 0),
    (1032, 3, 22, 1, 33.12, 0),
    (1032, 4, 17, 2, 31.28, 0),
    (1033, 1, 29, 1, 58.88, 0),
    (1033, 2, 17, 1, 31.28, 0),
    (1034, 1, 23, 1, 50.55, 0),
    (1034, 2, 16, 1, 36.71, 0),
    (1035, 1, 29, 1, 58.88, 10),
    (1035, 2, 14, 3, 9.19, 10),
    (1036, 1, 7, 1, 17.02, 0),
    (1036, 2, 5, 1, 11.04, 10),
    (1037, 1, 15, 2, 275.08, 10),
    (1037, 2, 3, 2, 82.34, 10),
    (1038, 1, 18, 1, 54.28, 0),
    (1038, 2, 8, 1, 73.55, 15),
    (1039, 1, 16, 4, 36.71, 10),
    (1039, 2, 12, 2, 45.99, 10),
    (1040, 1, 14, 1, 9.19, 10),
    (1040, 2, 21, 4, 25.30, 10),
    (1040, 3, 13, 1, 118.68, 10),
    (1041, 1, 5, 1, 11.04, 0),
    (1041, 2, 14, 2, 9.19, 0),
    (1042, 1, 8, 1, 73.55, 0),
    (1042, 2, 21, 1, 25.30, 0),
    (1043, 1, 3, 2, 82.34, 10),
    (1043, 2, 14, 3, 9.19, 0),
    (1044, 1, 12, 2, 45.99, 0),
    (1044, 2, 7, 1, 17.02, 0),
    (1044, 3, 13, 2, 118.68, 0),
    (1045, 1, 13, 1, 118.68, 10),
    (1045, 2, 8, 4, 73.55, 10),
    (1045, 3, 18, 1, 54.28, 10),
    (1046, 1, 28, 1, 20.24, 0),
    (1046, 2, 10, 1, 22.08, 0),
    (1046, 3, 24, 1, 27.59, 0),
    (1047, 1, 5, 1, 11.04, 10),
    (1047, 2, 15, 2, 275.08, 0),
    (1048, 1, 21, 2, 25.30, 15)
GO
INSERT INTO [dbo].[Order Items] ([OrderID], [LineNumber], [ProductID], [Quantity], [UnitPrice], [DiscountPct])
VALUES
    (1048, 2, 24, 2, 27.59, 0),
    (1049, 1, 11, 1, 183.99, 10),
    (1049, 2, 4, 2, 32.19, 10),
    (1050, 1, 14, 3, 9.19, 0),
    (1050, 2, 21, 2, 25.30, 0),
    (1051, 1, 27, 1, 41.40, 0),
    (1051, 2, 14, 3, 9.19, 0),
    (1051, 3, 12, 1, 45.99, 0),
    (1052, 1, 2, 1, 201.48, 10),
    (1052, 2, 28, 2, 20.24, 10),
    (1052, 3, 4, 2, 32.19, 10),
    (1052, 4, 13, 1, 118.68, 10),
    (1053, 1, 23, 2, 50.55, 10),
    (1053, 2, 28, 3, 20.24, 0),
    (1054, 1, 21, 1, 25.30, 0),
    (1055, 1, 17, 3, 31.28, 0),
    (1055, 2, 5, 2, 11.04, 0),
    (1055, 3, 21, 2, 25.30, 0),
    (1056, 1, 3, 2, 89.50, 10),
    (1056, 2, 13, 2, 129.00, 10),
    (1056, 3, 21, 2, 27.50, 10),
    (1057, 1, 13, 4, 129.00, 0),
    (1057, 2, 17, 6, 34.00, 0),
    (1057, 3, 8, 1, 79.95, 0),
    (1057, 4, 10, 1, 24.00, 15),
    (1058, 1, 12, 3, 49.99, 0),
    (1059, 1, 7, 2, 18.50, 0),
    (1059, 2, 26, 1, 139.00, 0),
    (1060, 1, 19, 1, 42.00, 0),
    (1060, 2, 18, 1, 59.00, 0),
    (1061, 1, 26, 2, 139.00, 0),
    (1061, 2, 7, 3, 18.50, 15),
    (1062, 1, 1, 2, 249.00, 0),
    (1063, 1, 11, 2, 199.99, 10),
    (1063, 2, 28, 1, 22.00, 10),
    (1064, 1, 7, 3, 18.50, 15),
    (1065, 1, 27, 6, 45.00, 0),
    (1065, 2, 18, 2, 59.00, 0),
    (1065, 3, 6, 1, 119.00, 0),
    (1066, 1, 12, 4, 49.99, 15),
    (1066, 2, 5, 1, 12.00, 10),
    (1066, 3, 2, 3, 219.00, 0),
    (1067, 1, 18, 1, 59.00, 0),
    (1067, 2, 24, 3, 29.99, 0),
    (1068, 1, 4, 2, 34.99, 0),
    (1068, 2, 3, 1, 89.50, 0),
    (1068, 3, 13, 2, 129.00, 0),
    (1068, 4, 25, 2, 89.00, 0),
    (1069, 1, 17, 1, 34.00, 0),
    (1069, 2, 4, 1, 34.99, 10),
    (1070, 1, 21, 3, 27.50, 0),
    (1071, 1, 10, 1, 24.00, 0),
    (1071, 2, 7, 1, 18.50, 0),
    (1071, 3, 4, 2, 34.99, 0),
    (1071, 4, 14, 1, 9.99, 0),
    (1072, 1, 5, 1, 12.00, 10),
    (1072, 2, 14, 1, 9.99, 10),
    (1072, 3, 7, 2, 18.50, 10),
    (1072, 4, 25, 2, 89.00, 10),
    (1073, 1, 13, 2, 129.00, 0),
    (1073, 2, 4, 2, 34.99, 0),
    (1073, 3, 27, 1, 45.00, 0),
    (1074, 1, 23, 2, 54.95, 10),
    (1075, 1, 7, 1, 18.50, 0),
    (1075, 2, 21, 4, 27.50, 0),
    (1076, 1, 19, 1, 42.00, 0),
    (1077, 1, 22, 2, 36.00, 10),
    (1077, 2, 4, 2, 34.99, 10),
    (1078, 1, 24, 2, 29.99, 0),
    (1079, 1, 11, 3, 199.99, 0),
    (1079, 2, 21, 2, 27.50, 15),
    (1080, 1, 9, 1, 165.00, 0),
    (1080, 2, 26, 1, 139.00, 10),
    (1081, 1, 4, 1, 34.99, 0),
    (1081, 2, 19, 2, 42.00, 0),
    (1082, 1, 3, 1, 89.50, 0),
    (1083, 1, 13, 1, 129.00, 0),
    (1083, 2, 14, 3, 9.99, 0),
    (1084, 1, 6, 1, 119.00, 0),
    (1084, 2, 3, 1, 89.50, 0),
    (1085, 1, 29, 4, 64.00, 0),
    (1086, 1, 14, 1, 9.99, 10),
    (1086, 2, 9, 4, 165.00, 10),
    (1087, 1, 18, 2, 59.00, 10),
    (1087, 2, 4, 1, 34.99, 0),
    (1087, 3, 26, 1, 139.00, 0),
    (1087, 4, 1, 1, 249.00, 0),
    (1088, 1, 20, 3, 119.00, 0),
    (1089, 1, 21, 1, 27.50, 0),
    (1090, 1, 7, 3, 18.50, 10),
    (1091, 1, 11, 1, 199.99, 0),
    (1092, 1, 25, 1, 89.00, 0),
    (1093, 1, 12, 1, 49.99, 0),
    (1093, 2, 23, 2, 54.95, 0),
    (1093, 3, 19, 2, 42.00, 0),
    (1093, 4, 7, 1, 18.50, 15),
    (1094, 1, 14, 1, 9.99, 0),
    (1094, 2, 2, 1, 219.00, 0),
    (1095, 1, 25, 4, 89.00, 0),
    (1095, 2, 3, 3, 89.50, 0)
GO
INSERT INTO [dbo].[Order Items] ([OrderID], [LineNumber], [ProductID], [Quantity], [UnitPrice], [DiscountPct])
VALUES
    (1096, 1, 5, 2, 12.00, 0),
    (1096, 2, 17, 1, 34.00, 0),
    (1097, 1, 14, 2, 9.99, 0),
    (1097, 2, 19, 1, 42.00, 0),
    (1097, 3, 21, 4, 27.50, 0),
    (1097, 4, 17, 1, 34.00, 0),
    (1098, 1, 3, 6, 89.50, 10),
    (1098, 2, 5, 1, 12.00, 0),
    (1099, 1, 7, 1, 18.50, 10),
    (1099, 2, 15, 3, 299.00, 10),
    (1100, 1, 26, 2, 139.00, 0),
    (1100, 2, 27, 1, 45.00, 0),
    (1100, 3, 11, 2, 199.99, 0),
    (1101, 1, 6, 1, 119.00, 10),
    (1101, 2, 1, 6, 249.00, 10),
    (1102, 1, 25, 1, 89.00, 30),
    (1103, 1, 23, 2, 54.95, 30),
    (1103, 2, 19, 1, 42.00, 30),
    (1104, 1, 7, 3, 18.50, 10),
    (1105, 1, 21, 1, 27.50, 0),
    (1105, 2, 6, 2, 119.00, 0),
    (1106, 1, 2, 1, 219.00, 10),
    (1106, 2, 4, 1, 34.99, 10),
    (1107, 1, 14, 1, 9.99, 10),
    (1108, 1, 25, 3, 89.00, 0),
    (1108, 2, 4, 2, 34.99, 0),
    (1109, 1, 19, 3, 42.00, 0),
    (1109, 2, 6, 1, 119.00, 0),
    (1110, 1, 13, 1, 129.00, 10)
GO
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1001, '20230104 09:29:00', 'card', 62.942, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1002, '20230108 08:40:00', 'card', 261.27, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1004, '20230119 13:40:00', 'paypal', 103.514, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1005, '20230130 10:11:00', 'card', 41.70, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1006, '20230203 12:03:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1006, '20230203 12:04:00', 'card', 94.806, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1007, '20230207 10:52:00', 'paypal', 172.04, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1008, '20230211 12:06:00', 'paypal', 1383.896, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1009, '20230218 09:42:00', 'paypal', 259.44, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1010, '20230228 12:06:00', 'card', 111.793, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1011, '20230310 12:32:00', 'card', 178.94, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1011, '20230311 22:52:00', 'card', 178.94, 1)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1012, '20230319 08:20:00', 'paypal', 41.70, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1013, '20230326 19:24:00', 'card', 707.664, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1014, '20230402 16:19:00', 'paypal', 275.08, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1015, '20230408 13:22:00', 'paypal', 620.04, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1016, '20230418 11:21:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1016, '20230418 11:22:00', 'card', 75.67, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1017, '20230426 13:55:00', 'card', 367.98, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1018, '20230429 12:34:00', 'gift_card', 40.39, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1019, '20230501 16:31:00', 'gift_card', 80.92, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1020, '20230508 19:26:00', 'bank_transfer', 27.07, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1021, '20230514 21:22:00', 'paypal', 113.022, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1022, '20230521 18:58:00', 'card', 55.25, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1024, '20230530 22:14:00', 'card', 132.412, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1025, '20230601 17:12:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1025, '20230601 17:13:00', 'card', 86.92, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1026, '20230603 17:33:00', 'gift_card', 247.572, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1027, '20230611 22:38:00', 'card', 87.33, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1028, '20230623 19:33:00', 'card', 255.74, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1029, '20230629 14:35:00', 'card', 266.34, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1030, '20230710 16:18:00', 'card', 136.40, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1032, '20230724 18:45:00', 'card', 148.25, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1033, '20230803 22:04:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1033, '20230803 22:05:00', 'card', 72.66, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1034, '20230807 08:38:00', 'card', 94.76, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1037, '20230901 18:07:00', 'card', 643.356, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1038, '20230907 22:53:00', 'bank_transfer', 126.7475, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1041, '20230922 16:39:00', 'card', 36.92, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1042, '20231001 17:44:00', 'paypal', 103.84, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1043, '20231007 22:08:00', 'paypal', 175.782, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1044, '20231014 12:27:00', 'card', 346.36, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1045, '20231018 14:52:00', 'gift_card', 420.444, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1046, '20231022 13:51:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1046, '20231022 13:52:00', 'card', 49.90, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1047, '20231029 11:23:00', 'bank_transfer', 560.096, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1045, '20231102 23:10:00', 'card', 420.444, 1)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1048, '20231108 07:45:00', 'card', 108.14, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1049, '20231118 09:48:00', 'paypal', 223.533, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1050, '20231125 15:24:00', 'card', 88.12, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1051, '20231201 18:17:00', 'gift_card', 124.91, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1051, '20231203 13:39:00', 'card', 124.91, 1)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1052, '20231207 23:15:00', 'card', 382.518, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1053, '20231215 23:35:00', 'card', 151.71, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1054, '20231226 18:38:00', 'paypal', 32.80, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1055, '20231229 18:31:00', 'paypal', 166.52, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1056, '20240104 16:11:00', 'card', 442.80, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1057, '20240106 17:00:00', 'card', 820.35, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1058, '20240116 12:10:00', 'card', 157.47, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1059, '20240126 07:24:00', 'card', 176.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1060, '20240129 11:53:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1060, '20240129 11:54:00', 'card', 83.50, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1062, '20240209 15:25:00', 'card', 498.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1063, '20240217 19:15:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1063, '20240217 19:16:00', 'card', 354.782, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1064, '20240226 16:27:00', 'card', 57.125, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1063, '20240226 17:18:00', 'card', 379.782, 1)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1065, '20240305 11:31:00', 'card', 507.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1066, '20240316 14:03:00', 'paypal', 837.766, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1067, '20240326 13:52:00', 'bank_transfer', 156.47, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1068, '20240401 13:05:00', 'card', 595.48, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1069, '20240411 12:28:00', 'bank_transfer', 75.441, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1069, '20240413 09:30:00', 'card', 75.441, 1)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1070, '20240416 09:57:00', 'card', 90.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1071, '20240423 18:51:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1071, '20240423 18:52:00', 'card', 104.97, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1072, '20240430 18:44:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1072, '20240430 18:45:00', 'card', 188.291, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1073, '20240506 20:12:00', 'card', 372.98, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1074, '20240509 21:04:00', 'paypal', 103.90, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1075, '20240515 15:31:00', 'gift_card', 136.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1076, '20240519 16:24:00', 'card', 42.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1072, '20240522 20:13:00', 'card', 213.291, 1)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1077, '20240525 20:19:00', 'bank_transfer', 132.772, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1078, '20240601 19:27:00', 'card', 67.48, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1079, '20240603 21:12:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1079, '20240603 21:13:00', 'card', 621.72, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1080, '20240606 22:51:00', 'paypal', 290.10, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1081, '20240609 22:07:00', 'card', 128.94, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1082, '20240612 21:14:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1082, '20240612 21:15:00', 'card', 69.49, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1083, '20240621 18:30:00', 'card', 158.97, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1084, '20240629 14:38:00', 'paypal', 208.50, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1085, '20240630 22:22:00', 'card', 256.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1086, '20240707 16:30:00', 'bank_transfer', 602.991, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1083, '20240708 07:57:00', 'card', 158.97, 1)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1086, '20240716 21:04:00', 'card', 602.991, 1)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1087, '20240718 19:56:00', 'gift_card', 529.19, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1088, '20240726 17:36:00', 'paypal', 357.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1089, '20240802 21:03:00', 'bank_transfer', 27.50, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1090, '20240808 12:04:00', 'paypal', 57.45, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1091, '20240813 11:46:00', 'paypal', 199.99, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1091, '20240827 11:33:00', 'card', 199.99, 1)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1093, '20240828 14:14:00', 'card', 259.615, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1094, '20240904 09:36:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1094, '20240904 09:37:00', 'card', 203.99, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1095, '20240910 13:53:00', 'paypal', 624.50, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1096, '20240919 18:24:00', 'card', 67.95, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1097, '20240930 13:33:00', 'card', 205.98, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1098, '20241010 12:57:00', 'card', 495.30, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1099, '20241018 12:57:00', 'paypal', 823.95, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1099, '20241019 21:50:00', 'card', 823.95, 1)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1100, '20241027 12:36:00', 'paypal', 722.98, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1101, '20241031 09:46:00', 'card', 1451.70, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1102, '20241110 14:02:00', 'card', 67.29, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1103, '20241114 10:55:00', 'card', 111.32, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1104, '20241120 08:57:00', 'card', 54.94, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1105, '20241130 09:41:00', 'card', 265.50, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1106, '20241205 10:58:00', 'card', 228.591, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1107, '20241208 14:59:00', 'paypal', 18.941, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1108, '20241218 12:28:00', 'bank_transfer', 336.98, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1109, '20241222 10:35:00', 'paypal', 245.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1110, '20241227 16:47:00', 'gift_card', 25.00, 0)
INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES (1110, '20241227 16:48:00', 'card', 96.09, 0)
GO
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1001, N'DHL Express', 'JD007927688', '2023-01-07T03:28:00', '2023-01-14T10:05:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1002, N'FedEx', 'FX007935036', '2023-01-10T03:31:00', '2023-01-12T02:25:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1004, N'Canada Post', 'CP007950700', '2023-01-21T20:31:00', NULL)
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1005, N'Royal Mail', 'RM007959507', '2023-02-02T11:37:00', '2023-02-06T15:46:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1006, N'Royal Mail', 'RM007967026', '2023-02-04T22:27:00', '2023-02-09T11:55:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1007, N'Correos', 'PQ007975174', '2023-02-10T12:05:00', '2023-02-12T05:09:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1008, N'DHL Express', 'JD007983305', '2023-02-12T04:01:00', '2023-02-20T10:39:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1009, N'La Poste', 'LP007991186', '2023-02-21T11:07:00', '2023-02-26T06:40:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1010, N'UPS', '1Z007999144', '2023-03-03T02:02:00', '2023-03-08T00:33:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1012, N'Royal Mail', 'RM008014639', '2023-03-20T06:29:00', '2023-03-21T11:02:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1013, N'DHL Express', 'JD008022660', '2023-03-30T14:22:00', '2023-04-02T03:03:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1014, N'UPS', '1Z008030091', '2023-04-03T23:37:00', '2023-04-06T08:30:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1015, N'FedEx', 'FX008038407', '2023-04-12T07:24:00', NULL)
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1016, N'DHL Express', 'JD008046152', '2023-04-19T11:41:00', '2023-04-25T09:54:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1017, N'La Poste', 'LP008053942', '2023-04-27T06:22:00', '2023-04-30T11:24:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1018, N'DHL Express', NULL, '2023-05-03T06:09:00', '2023-05-08T20:01:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1019, N'DHL Express', 'JD008069827', '2023-05-03T21:50:00', '2023-05-12T15:45:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1020, N'Canada Post', 'CP008077914', '2023-05-09T23:03:00', NULL)
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1022, N'DHL Express', 'JD008093914', '2023-05-22T01:53:00', '2023-05-28T10:08:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1024, N'Canada Post', 'CP008109856', '2023-06-03T02:02:00', '2023-06-05T11:43:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1025, N'UPS', '1Z008117094', '2023-06-04T12:08:00', '2023-06-13T05:42:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1026, N'DHL Express', 'JD008125382', '2023-06-06T03:34:00', '2023-06-08T03:10:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1027, N'DHL Express', 'JD008133505', '2023-06-12T19:34:00', '2023-06-19T17:17:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1028, N'DHL Express', 'JD008141636', '2023-06-25T15:35:00', '2023-07-02T23:24:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1029, N'DHL Express', 'JD008149208', '2023-07-01T08:53:00', '2023-07-03T15:16:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1030, N'La Poste', NULL, '2023-07-14T07:08:00', '2023-07-17T15:06:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1032, N'DHL Express', 'JD008172983', '2023-07-28T15:44:00', '2023-08-01T02:43:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1033, N'FedEx', 'FX008180340', '2023-08-06T07:37:00', '2023-08-10T16:56:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1034, N'FedEx', 'FX008188858', '2023-08-09T00:20:00', '2023-08-13T22:55:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1037, N'Correos', 'PQ008212750', '2023-09-04T17:00:00', '2023-09-13T05:53:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1038, N'UPS', '1Z008220681', '2023-09-08T12:47:00', '2023-09-12T14:28:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1041, N'Canada Post', 'CP008244588', '2023-09-25T20:32:00', NULL)
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1042, N'DHL Express', 'JD008251894', '2023-10-03T18:35:00', '2023-10-11T02:07:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1043, N'FedEx', 'FX008260509', '2023-10-10T04:23:00', '2023-10-14T16:36:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1044, N'Royal Mail', 'RM008268161', '2023-10-16T16:45:00', NULL)
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1045, N'UPS', '1Z008275604', '2023-10-20T11:42:00', '2023-10-26T01:24:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1046, N'UPS', '1Z008283568', '2023-10-26T03:42:00', '2023-10-29T06:30:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1047, N'UPS', '1Z008291790', '2023-11-01T19:09:00', '2023-11-05T06:54:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1048, N'La Poste', 'LP008299577', '2023-11-10T04:46:00', '2023-11-18T14:13:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1049, N'DHL Express', 'JD008307041', '2023-11-18T15:00:00', '2023-11-27T14:22:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1050, N'DHL Express', 'JD008315307', '2023-11-27T23:07:00', NULL)
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1052, N'FedEx', NULL, '2023-12-10T10:44:00', NULL)
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1053, N'DHL Express', 'JD008339167', '2023-12-16T15:23:00', '2023-12-24T06:44:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1054, N'UPS', '1Z008346919', '2023-12-29T13:26:00', '2024-01-06T08:05:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1055, N'DHL Express', 'JD008355220', '2023-12-31T02:07:00', '2024-01-01T04:39:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1056, N'DHL Express', 'JD008362551', '2024-01-05T20:28:00', '2024-01-08T05:50:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1057, N'DHL Express', NULL, '2024-01-07T18:40:00', '2024-01-10T02:08:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1058, N'Royal Mail', 'RM008379278', '2024-01-16T21:35:00', '2024-01-22T15:02:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1059, N'Royal Mail', 'RM008386339', '2024-01-28T20:41:00', '2024-02-03T03:47:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1060, N'UPS', '1Z008394839', '2024-01-31T20:26:00', '2024-02-05T18:40:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1062, N'Canada Post', 'CP008410851', '2024-02-10T06:26:00', '2024-02-18T14:15:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1063, N'DHL Express', 'JD008418832', '2024-02-21T15:06:00', '2024-02-23T14:18:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1064, N'Canada Post', 'CP008426765', '2024-02-27T03:29:00', '2024-03-01T20:27:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1065, N'DHL Express', 'JD008434178', '2024-03-09T00:58:00', '2024-03-15T11:22:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1066, N'DHL Express', 'JD008442010', '2024-03-16T20:20:00', '2024-03-19T11:32:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1067, N'Canada Post', 'CP008450471', '2024-03-30T05:12:00', '2024-04-05T00:10:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1068, N'DHL Express', 'JD008458151', '2024-04-03T12:40:00', '2024-04-08T14:23:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1070, N'Canada Post', 'CP008473638', '2024-04-17T22:48:00', '2024-04-24T06:56:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1071, N'Canada Post', NULL, '2024-04-24T18:05:00', '2024-04-27T12:25:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1072, N'La Poste', 'LP008489222', '2024-05-03T08:57:00', '2024-05-10T10:15:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1073, N'FedEx', 'FX008497656', '2024-05-08T18:09:00', '2024-05-16T21:04:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1074, N'DHL Express', 'JD008505836', '2024-05-13T13:01:00', '2024-05-18T23:23:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1075, N'Canada Post', 'CP008513122', '2024-05-17T20:50:00', '2024-05-22T06:14:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1077, N'Royal Mail', 'RM008529642', '2024-05-29T00:37:00', NULL)
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1078, N'UPS', '1Z008537237', '2024-06-04T09:48:00', '2024-06-12T06:54:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1079, N'FedEx', 'FX008545071', '2024-06-06T22:36:00', '2024-06-13T15:42:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1080, N'DHL Express', NULL, '2024-06-09T18:25:00', '2024-06-13T05:09:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1081, N'La Poste', NULL, '2024-06-10T11:30:00', '2024-06-15T11:14:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1082, N'Correos', 'PQ008568580', '2024-06-14T12:05:00', '2024-06-22T05:20:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1083, N'UPS', '1Z008577273', '2024-06-23T13:10:00', '2024-06-28T01:33:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1084, N'DHL Express', 'JD008584934', '2024-07-01T15:18:00', '2024-07-04T00:55:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1085, N'La Poste', 'LP008593022', '2024-07-01T11:36:00', '2024-07-03T01:59:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1086, N'FedEx', 'FX008600221', '2024-07-10T20:57:00', '2024-07-13T10:46:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1087, N'La Poste', 'LP008608464', '2024-07-19T01:05:00', '2024-07-20T23:13:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1088, N'Canada Post', 'CP008616200', '2024-07-27T07:03:00', '2024-08-04T21:37:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1090, N'UPS', '1Z008632312', '2024-08-09T18:23:00', '2024-08-17T07:45:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1091, N'DHL Express', 'JD008640473', '2024-08-15T08:55:00', '2024-08-23T18:21:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1093, N'DHL Express', 'JD008655867', '2024-08-29T06:14:00', '2024-09-04T00:32:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1094, N'DHL Express', 'JD008663799', '2024-09-07T10:16:00', '2024-09-14T04:57:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1095, N'DHL Express', 'JD008671953', '2024-09-11T10:04:00', '2024-09-12T20:01:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1096, N'Royal Mail', 'RM008680151', '2024-09-21T15:37:00', NULL)
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1097, N'Canada Post', 'CP008687530', '2024-10-04T11:03:00', '2024-10-11T07:45:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1098, N'Canada Post', 'CP008695274', '2024-10-13T01:41:00', '2024-10-19T14:50:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1100, N'UPS', '1Z008711651', '2024-10-28T01:42:00', '2024-11-02T15:40:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1101, N'La Poste', 'LP008719716', '2024-11-03T23:44:00', '2024-11-05T02:47:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1102, N'UPS', '1Z008726810', '2024-11-11T08:10:00', '2024-11-15T13:34:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1103, N'Correos', 'PQ008734887', '2024-11-17T07:06:00', '2024-11-24T09:15:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1104, N'La Poste', 'LP008743317', '2024-11-22T04:46:00', '2024-11-24T19:49:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1105, N'DHL Express', 'JD008750858', '2024-12-02T21:47:00', '2024-12-07T01:18:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1106, N'La Poste', 'LP008758760', '2024-12-06T17:32:00', '2024-12-14T09:59:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1107, N'Canada Post', 'CP008766861', '2024-12-09T15:34:00', '2024-12-12T17:14:00')
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1108, N'DHL Express', 'JD008774889', '2024-12-18T21:47:00', NULL)
INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES (1109, N'DHL Express', 'JD008782974', '2024-12-24T07:02:00', NULL)
GO
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (29, 6, 4, N'Solid', NULL, '2023-01-31 00:16', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (19, 3, 5, NULL, N'Great value. My partner ordered one too.', '2023-02-19 05:12', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (11, 21, 5, N'Perfect!', N'Instructions were only in German, but it''s intuitive.', '2023-02-27 23:07', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (3, 21, 5, N'Perfect!', N'Used it on a three-day trip; held up fine.', '2023-03-04 02:46', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (20, 17, 5, N'Perfect!', NULL, '2023-03-11 02:57', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (14, 17, 5, N'Excellent, sturdy, light', N'Great value. My partner ordered one too.', '2023-03-12 18:34', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (2, 18, 4, N'Would buy again', N'The colour is a bit different from the photos.', '2023-04-12 12:47', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (15, 8, 5, N'Génial, parfait', NULL, '2023-04-13 04:43', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (11, 2, 5, N'Excellent, sturdy, light', NULL, '2023-05-13 11:16', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (14, 23, 3, NULL, N'Arrived quickly and well packed.', '2023-05-19 04:27', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (16, 36, 3, N'Okay for the price', N'Instructions were only in German, but it''s intuitive.', '2023-05-22 15:25', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (7, 23, 5, NULL, N'Great value. My partner ordered one too.', '2023-05-24 18:34', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (5, 22, 3, N'Average', N'Used it on a three-day trip; held up fine.', '2023-06-02 11:47', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (18, 37, 4, N'Very good, minor quibbles', N'Très bien fait, je recommande.', '2023-06-04 00:45', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (16, 22, 3, N'Fine, nothing special', NULL, '2023-06-08 00:23', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (15, 21, 5, N'Best purchase this year', N'Arrived quickly and well packed.', '2023-06-27 18:12', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (21, 1, 4, N'Very good, minor quibbles', NULL, '2023-07-22 05:44', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (1, 3, 4, N'Would buy again', N'Instructions were only in German, but it''s intuitive.', '2023-07-22 06:23', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (7, 3, 5, N'Excellent, sturdy, light', NULL, '2023-07-22 12:09', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (30, 19, 3, N'Average', NULL, '2023-08-16 03:39', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (16, 8, 3, N'Average', N'Très bien fait, je recommande.', '2023-08-27 16:36', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (29, 24, 4, N'Very good, minor quibbles', NULL, '2023-08-28 02:49', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (17, 24, 4, N'Would buy again', N'Très bien fait, je recommande.', '2023-08-28 19:29', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (18, 24, 4, N'Solid', NULL, '2023-09-19 01:44', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (3, 20, 3, N'Fine, nothing special', N'Great value. My partner ordered one too.', '2023-10-01 17:42', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (21, 3, 5, N'Love it, "five stars"', NULL, '2023-10-22 15:02', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (14, 30, 4, NULL, NULL, '2023-11-03 07:07', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (10, 14, 4, N'Very good, minor quibbles', N'Instructions were only in German, but it''s intuitive.', '2023-11-15 21:10', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (28, 14, 4, NULL, N'Très bien fait, je recommande.', '2023-11-16 02:14', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (15, 34, 5, N'Love it, "five stars"', N'Arrived quickly and well packed.', '2023-11-16 18:01', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (21, 2, 4, NULL, N'Great value. My partner ordered one too.', '2023-11-24 08:13', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (24, 2, 3, N'Fine, nothing special', NULL, '2023-11-30 17:15', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (17, 22, 4, N'Would buy again', NULL, '2024-01-04 15:43', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (28, 6, 2, N'Meh', NULL, '2024-01-07 17:02', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (23, 6, 4, N'Solid', N'Instructions were only in German, but it''s intuitive.', '2024-01-13 05:03', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (10, 19, 4, N'Would buy again', NULL, '2024-01-13 12:18', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (3, 6, 5, N'Excellent, sturdy, light', NULL, '2024-01-14 14:32', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (29, 19, 5, N'Love it, "five stars"', NULL, '2024-01-16 17:02', 0)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (26, 18, 5, N'Excellent, sturdy, light', N'Arrived quickly and well packed.', '2024-02-06 18:42', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (7, 18, 4, N'Very good, minor quibbles', N'Great value. My partner ordered one too.', '2024-02-07 06:00', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (18, 8, 4, N'Solid', NULL, '2024-02-10 21:35', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (6, 13, 5, N'Perfect!', N'The colour is a bit different from the photos.', '2024-03-18 06:52', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (17, 21, 4, N'Would buy again', NULL, '2024-03-19 11:38', 0)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (18, 13, 3, N'Fine, nothing special', N'Arrived quickly and well packed.', '2024-03-21 08:40', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (5, 19, 5, N'Excellent, sturdy, light', NULL, '2024-03-23 14:17', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (25, 21, 5, N'Perfect!', NULL, '2024-04-16 04:44', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (13, 21, 4, N'Solid', NULL, '2024-04-19 16:56', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (4, 21, 2, N'Does the job, barely', NULL, '2024-04-21 07:46', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (14, 5, 4, NULL, NULL, '2024-05-10 21:09', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (10, 5, 4, N'Very good, minor quibbles', NULL, '2024-05-13 10:12', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (21, 15, 4, N'Solid', NULL, '2024-05-24 12:16', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (4, 27, 3, N'Average', NULL, '2024-05-31 11:17', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (7, 15, 5, N'Génial, parfait', N'The colour is a bit different from the photos.', '2024-06-01 23:22', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (9, 9, 3, N'Average', N'Arrived quickly and well packed.', '2024-06-14 23:16', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (21, 14, 5, N'Love it, "five stars"', NULL, '2024-06-18 23:58', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (4, 1, 3, N'Okay for the price', NULL, '2024-06-20 09:05', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (11, 14, 4, N'Solid', NULL, '2024-06-25 04:51', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (29, 13, 5, N'Love it, "five stars"', N'Instructions were only in German, but it''s intuitive.', '2024-07-06 22:51', 0)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (6, 6, 4, N'Would buy again', NULL, '2024-07-14 09:12', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (18, 2, 4, NULL, NULL, '2024-07-24 22:04', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (27, 16, 3, NULL, NULL, '2024-07-28 08:34', 0)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (26, 2, 4, N'Solid', NULL, '2024-07-29 19:42', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (4, 2, 2, NULL, NULL, '2024-07-31 16:08', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (21, 37, 4, N'Would buy again', NULL, '2024-08-05 10:25', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (1, 2, 5, N'Perfect!', NULL, '2024-08-06 14:01', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (19, 6, 4, N'Solid', NULL, '2024-09-08 03:05', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (25, 3, 4, N'Solid', N'Arrived quickly and well packed.', '2024-09-17 09:03', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (7, 6, 4, N'Very good, minor quibbles', N'Instructions were only in German, but it''s intuitive.', '2024-09-21 13:16', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (3, 3, 3, NULL, N'Arrived quickly and well packed.', '2024-10-01 18:16', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (14, 9, 4, N'Would buy again', NULL, '2024-10-03 21:12', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (19, 5, 4, N'Would buy again', NULL, '2024-10-24 20:22', 0)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (17, 15, 4, N'Very good, minor quibbles', NULL, '2024-10-27 22:47', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (6, 11, 4, N'Would buy again', N'Très bien fait, je recommande.', '2024-11-10 05:40', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (1, 11, 3, N'Average', NULL, '2024-11-14 13:12', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (25, 7, 5, N'Best purchase this year', N'Used it on a three-day trip; held up fine.', '2024-11-27 22:20', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (2, 11, 3, N'Okay for the price', N'Très bien fait, je recommande.', '2024-12-22 03:30', 1)
INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES (14, 12, 3, NULL, NULL, '2024-12-23 20:11', 1)
GO
-- </generated-data>

-- ---------------------------------------------------------------------------------------------------------------
-- Views
-- ---------------------------------------------------------------------------------------------------------------

-- One row per order, with or without items (an abandoned checkout has none: the LEFT JOIN keeps it).
-- Line amount = price x quantity less the line's percentage discount.
CREATE VIEW [dbo].[Order Totals]
AS
SELECT o.OrderID,
       o.CustomerID,
       o.OrderDate,
       o.Status,
       COUNT(oi.LineNumber) AS ItemCount,
       ISNULL(SUM(oi.Quantity), 0) AS Units,
       ISNULL(SUM(oi.UnitPrice * oi.Quantity * (100 - oi.DiscountPct) / 100), 0) AS Subtotal,
       o.ShippingFee,
       ISNULL(SUM(oi.UnitPrice * oi.Quantity * (100 - oi.DiscountPct) / 100), 0) + o.ShippingFee AS OrderTotal
FROM dbo.Orders AS o
LEFT JOIN dbo.[Order Items] AS oi ON oi.OrderID = o.OrderID
GROUP BY o.OrderID, o.CustomerID, o.OrderDate, o.Status, o.ShippingFee
GO

-- Every customer, buyers or not. Cancelled and returned orders do not count.
CREATE VIEW [dbo].[Customer Lifetime Value]
AS
SELECT c.CustomerID,
       c.FirstName + N' ' + c.LastName AS CustomerName,
       c.Email,
       COUNT(t.OrderID) AS Orders,
       ISNULL(SUM(t.OrderTotal), 0) AS [Total Spent],
       CAST(AVG(CAST(t.OrderTotal AS decimal(19, 4))) AS decimal(10, 2)) AS AvgOrderValue,
       MIN(t.OrderDate) AS FirstOrderDate,
       MAX(t.OrderDate) AS LastOrderDate,
       DATEDIFF(day, MIN(t.OrderDate), MAX(t.OrderDate)) AS ActiveDays,
       CASE
           WHEN SUM(t.OrderTotal) >= 1000 THEN 'Gold'
           WHEN SUM(t.OrderTotal) >= 300 THEN 'Silver'
           WHEN COUNT(t.OrderID) > 0 THEN 'Bronze'
           ELSE 'Prospect'
       END AS Tier
FROM dbo.Customers AS c
LEFT JOIN dbo.[Order Totals] AS t
       ON t.CustomerID = c.CustomerID
      AND t.Status NOT IN ('cancelled', 'returned')
GROUP BY c.CustomerID, c.FirstName, c.LastName, c.Email
GO

CREATE VIEW [dbo].[Monthly Sales]
AS
SELECT YEAR(t.OrderDate) AS [Year],
       MONTH(t.OrderDate) AS [Month],
       DATEPART(quarter, t.OrderDate) AS [Quarter],
       COUNT(*) AS Orders,
       COUNT(DISTINCT t.CustomerID) AS Customers,
       SUM(t.Units) AS Units,
       SUM(t.Subtotal) AS Revenue,
       SUM(t.Units) / COUNT(*) AS UnitsPerOrder  -- int / int: whole units, truncated
FROM dbo.[Order Totals] AS t
WHERE t.Status <> 'cancelled'
GROUP BY YEAR(t.OrderDate), MONTH(t.OrderDate), DATEPART(quarter, t.OrderDate)
GO

CREATE VIEW [dbo].[Product Performance]
AS
SELECT p.ProductID,
       p.SKU,
       p.ProductName,
       c.CategoryName,
       ISNULL(parent.CategoryName, c.CategoryName) AS Department,
       p.UnitPrice,
       p.IsActive,
       ISNULL(s.UnitsSold, 0) AS UnitsSold,
       ISNULL(s.Revenue, 0) AS Revenue,
       ISNULL(s.Revenue, 0) - ISNULL(s.UnitsSold, 0) * p.UnitCost AS GrossProfit,
       ISNULL(r.ReviewCount, 0) AS ReviewCount,
       r.AvgRating
FROM dbo.Products AS p
INNER JOIN dbo.Categories AS c ON c.CategoryID = p.CategoryID
LEFT JOIN dbo.Categories AS parent ON parent.CategoryID = c.ParentCategoryID
LEFT JOIN (
    SELECT oi.ProductID,
           SUM(oi.Quantity) AS UnitsSold,
           SUM(oi.UnitPrice * oi.Quantity * (100 - oi.DiscountPct) / 100) AS Revenue
    FROM dbo.[Order Items] AS oi
    INNER JOIN dbo.Orders AS o ON o.OrderID = oi.OrderID
    WHERE o.Status IN ('paid', 'shipped', 'delivered')
    GROUP BY oi.ProductID
) AS s ON s.ProductID = p.ProductID
LEFT JOIN (
    SELECT ProductID,
           COUNT(*) AS ReviewCount,
           CAST(AVG(CAST(Rating AS decimal(5, 2))) AS decimal(3, 2)) AS AvgRating
    FROM dbo.Reviews
    GROUP BY ProductID
) AS r ON r.ProductID = p.ProductID
GO

-- DATEDIFF counts calendar boundaries: an order placed at 23:10 and shipped at 08:00 the next morning
-- took 1 day and 9 hours to ship, whatever the elapsed time.
CREATE VIEW [dbo].[Shipping Performance]
AS
SELECT s.ShipmentID,
       s.OrderID,
       s.Carrier,
       N'Tracking ' + s.TrackingNumber AS TrackingLabel,
       o.OrderDate,
       s.ShippedDate,
       s.DeliveredDate,
       DATEDIFF(day, o.OrderDate, s.ShippedDate) AS DaysToShip,
       DATEDIFF(hour, o.OrderDate, s.ShippedDate) AS HoursToShip,
       DATEDIFF(day, s.ShippedDate, s.DeliveredDate) AS DaysInTransit,
       DATEADD(day, 5, s.ShippedDate) AS PromisedBy,
       CASE
           WHEN s.DeliveredDate IS NULL THEN 'in transit'
           WHEN s.DeliveredDate > DATEADD(day, 5, s.ShippedDate) THEN 'late'
           ELSE 'on time'
       END AS DeliveryStatus,
       CASE WHEN s.DeliveredDate > DATEADD(day, 5, s.ShippedDate) THEN 1 ELSE 0 END AS IsLate
FROM dbo.Shipments AS s
INNER JOIN dbo.Orders AS o ON o.OrderID = s.OrderID
GO

CREATE VIEW [dbo].[Carrier Scorecard]
AS
SELECT Carrier,
       COUNT(*) AS Shipments,
       SUM(CASE WHEN DeliveredDate IS NOT NULL THEN 1 ELSE 0 END) AS Delivered,
       SUM(IsLate) AS LateDeliveries,
       SUM(DaysToShip) / COUNT(*) AS AvgDaysToShip,
       MAX(DaysInTransit) AS MaxDaysInTransit,
       SUM(IsLate) * 100 / COUNT(*) AS LatePct
FROM dbo.[Shipping Performance]
GROUP BY Carrier
HAVING COUNT(*) >= 10
GO

CREATE VIEW [dbo].[Customer Segments]
AS
WITH home AS (
    SELECT CustomerID, Country
    FROM dbo.Addresses
    WHERE AddressType = 'shipping' AND IsDefault = 1
)
SELECT v.Tier,
       ISNULL(h.Country, N'Unknown') AS Country,
       COUNT(*) AS Customers,
       SUM(v.Orders) AS Orders,
       SUM(v.[Total Spent]) AS Revenue
FROM dbo.[Customer Lifetime Value] AS v
LEFT JOIN home AS h ON h.CustomerID = v.CustomerID
GROUP BY v.Tier, ISNULL(h.Country, N'Unknown')
GO

CREATE VIEW [dbo].[Top Rated Products]
AS
SELECT TOP (5)
       ProductID,
       ProductName,
       Department,
       ReviewCount,
       AvgRating
FROM dbo.[Product Performance]
WHERE ReviewCount >= 3
ORDER BY AvgRating DESC, ReviewCount DESC, ProductID
GO

-- ---------------------------------------------------------------------------------------------------------------
-- Stored procedures
-- ---------------------------------------------------------------------------------------------------------------

-- A customer's orders, unshipped ones first (NULL ShippedDate sorts first), optionally of one status.
CREATE PROCEDURE [dbo].[usp_CustomerOrders]
    @CustomerID int,
    @Status varchar(20) = 'all'
AS
BEGIN
    SET NOCOUNT ON;

    IF @Status = 'all'
    BEGIN
        SELECT t.OrderID,
               t.OrderDate,
               t.Status,
               t.ItemCount,
               t.OrderTotal,
               s.ShippedDate,
               s.Carrier + N' ' + s.TrackingNumber AS Tracking
        FROM dbo.[Order Totals] AS t
        LEFT JOIN dbo.Shipments AS s ON s.OrderID = t.OrderID
        WHERE t.CustomerID = @CustomerID
        ORDER BY s.ShippedDate, t.OrderID;
    END
    ELSE
    BEGIN
        SELECT t.OrderID,
               t.OrderDate,
               t.Status,
               t.ItemCount,
               t.OrderTotal,
               s.ShippedDate,
               s.Carrier + N' ' + s.TrackingNumber AS Tracking
        FROM dbo.[Order Totals] AS t
        LEFT JOIN dbo.Shipments AS s ON s.OrderID = t.OrderID
        WHERE t.CustomerID = @CustomerID
          AND t.Status = @Status
        ORDER BY s.ShippedDate, t.OrderID;
    END
END
GO

-- Best sellers by revenue between two dates (both inclusive), optionally in one category or department
-- (@CategoryID = 0: all).
CREATE PROCEDURE [dbo].[usp_TopProducts]
    @StartDate datetime,
    @EndDate datetime,
    @TopN int = 5,
    @CategoryID int = 0
AS
BEGIN
    SET NOCOUNT ON;

    IF @TopN IS NULL OR @TopN < 1
        SET @TopN = 5;

    SELECT TOP (@TopN)
           p.ProductID,
           p.ProductName,
           c.CategoryName,
           SUM(oi.Quantity) AS UnitsSold,
           SUM(oi.UnitPrice * oi.Quantity * (100 - oi.DiscountPct) / 100) AS Revenue,
           COUNT(DISTINCT o.CustomerID) AS Buyers
    FROM dbo.[Order Items] AS oi
    INNER JOIN dbo.Orders AS o ON o.OrderID = oi.OrderID
    INNER JOIN dbo.Products AS p ON p.ProductID = oi.ProductID
    INNER JOIN dbo.Categories AS c ON c.CategoryID = p.CategoryID
    WHERE o.OrderDate >= @StartDate
      AND o.OrderDate < DATEADD(day, 1, @EndDate)
      AND o.Status NOT IN ('cancelled', 'returned')
      AND (@CategoryID = 0 OR p.CategoryID = @CategoryID OR c.ParentCategoryID = @CategoryID)
    GROUP BY p.ProductID, p.ProductName, c.CategoryName
    ORDER BY Revenue DESC, p.ProductID;
END
GO

-- Recency / frequency / monetary scores as of a date, through two temp tables.
CREATE PROCEDURE [dbo].[usp_CustomerRfm]
    @AsOfDate datetime,
    @MinOrders int = 1
AS
BEGIN
    SET NOCOUNT ON;

    SELECT o.CustomerID,
           MAX(o.OrderDate) AS LastOrderDate,
           COUNT(*) AS OrderCount,
           SUM(t.OrderTotal) AS Revenue
    INTO #orders
    FROM dbo.Orders AS o
    INNER JOIN dbo.[Order Totals] AS t ON t.OrderID = o.OrderID
    WHERE o.OrderDate < @AsOfDate
      AND o.Status NOT IN ('cancelled', 'returned')
    GROUP BY o.CustomerID
    HAVING COUNT(*) >= @MinOrders;

    CREATE TABLE #scores (
        CustomerID int NOT NULL PRIMARY KEY,
        RecencyDays int NOT NULL,
        R int NOT NULL,
        F int NOT NULL,
        M int NOT NULL
    );

    INSERT INTO #scores (CustomerID, RecencyDays, R, F, M)
    SELECT CustomerID,
           DATEDIFF(day, LastOrderDate, @AsOfDate),
           CASE
               WHEN DATEDIFF(day, LastOrderDate, @AsOfDate) <= 90 THEN 3
               WHEN DATEDIFF(day, LastOrderDate, @AsOfDate) <= 270 THEN 2
               ELSE 1
           END,
           CASE WHEN OrderCount >= 5 THEN 3 WHEN OrderCount >= 3 THEN 2 ELSE 1 END,
           CASE WHEN Revenue >= 1000 THEN 3 WHEN Revenue >= 400 THEN 2 ELSE 1 END
    FROM #orders;

    SELECT c.CustomerID,
           c.FirstName + N' ' + c.LastName AS CustomerName,
           o.LastOrderDate,
           s.RecencyDays,
           o.OrderCount,
           o.Revenue,
           CAST(s.R AS varchar(1)) + CAST(s.F AS varchar(1)) + CAST(s.M AS varchar(1)) AS RfmCode,
           s.R + s.F + s.M AS RfmScore,
           CASE
               WHEN s.R + s.F + s.M >= 8 THEN 'champion'
               WHEN s.R = 1 THEN 'at risk'
               ELSE 'regular'
           END AS Segment
    FROM #scores AS s
    INNER JOIN #orders AS o ON o.CustomerID = s.CustomerID
    INNER JOIN dbo.Customers AS c ON c.CustomerID = s.CustomerID
    ORDER BY RfmScore DESC, o.Revenue DESC, c.CustomerID;

    DROP TABLE #scores;
    DROP TABLE #orders;
END
GO

-- Sales per shipping country and region for one year; in-store pickups have no address (Country NULL).
CREATE PROCEDURE [dbo].[Sales by Region]
    @Year int,
    @MinRevenue money = 0
AS
BEGIN
    SET NOCOUNT ON;

    SELECT a.Country,
           ISNULL(a.Region, N'(none)') AS Region,
           COUNT(DISTINCT t.CustomerID) AS Customers,
           COUNT(*) AS Orders,
           SUM(t.Subtotal) AS Revenue,
           SUM(t.ShippingFee) AS ShippingFees
    FROM dbo.[Order Totals] AS t
    INNER JOIN dbo.Orders AS o ON o.OrderID = t.OrderID
    LEFT JOIN dbo.Addresses AS a ON a.AddressID = o.ShippingAddressID
    WHERE YEAR(t.OrderDate) = @Year
      AND t.Status NOT IN ('cancelled', 'returned')
    GROUP BY a.Country, ISNULL(a.Region, N'(none)')
    HAVING SUM(t.Subtotal) >= @MinRevenue
    ORDER BY Revenue DESC, Orders DESC;
END
GO

-- Money in and out per payment method for one calendar month: payments and refunds gathered in one temp table.
CREATE PROCEDURE [dbo].[usp_PaymentSummary]
    @Year int,
    @Month int
AS
BEGIN
    SET NOCOUNT ON;

    DECLARE @Start datetime, @End datetime;
    SET @Start = DATEFROMPARTS(@Year, @Month, 1);
    SET @End = DATEADD(month, 1, @Start);

    CREATE TABLE #ledger (
        Method varchar(20) NOT NULL,
        Kind varchar(10) NOT NULL,
        Amount money NOT NULL
    );

    INSERT INTO #ledger (Method, Kind, Amount)
    SELECT Method, 'payment', Amount
    FROM dbo.Payments
    WHERE IsRefund = 0
      AND PaymentDate >= @Start
      AND PaymentDate < @End;

    INSERT INTO #ledger (Method, Kind, Amount)
    SELECT Method, 'refund', -Amount
    FROM dbo.Payments
    WHERE IsRefund = 1
      AND PaymentDate >= @Start
      AND PaymentDate < @End;

    SELECT Method,
           SUM(CASE WHEN Kind = 'payment' THEN 1 ELSE 0 END) AS Payments,
           SUM(CASE WHEN Kind = 'refund' THEN 1 ELSE 0 END) AS Refunds,
           SUM(Amount) AS NetAmount,
           MAX(Amount) AS LargestAmount
    FROM #ledger
    GROUP BY Method
    ORDER BY NetAmount DESC;

    DROP TABLE #ledger;
END
GO

-- The lines of one order, as the packing slip shows them.
CREATE PROCEDURE [dbo].[usp_OrderDetail]
    @OrderID int
AS
BEGIN
    SET NOCOUNT ON;

    SELECT oi.LineNumber,
           p.SKU + ' - ' + p.ProductName AS Item,
           oi.Quantity,
           oi.UnitPrice,
           oi.DiscountPct,
           oi.UnitPrice * oi.Quantity AS GrossAmount,
           oi.UnitPrice * oi.Quantity * (100 - oi.DiscountPct) / 100 AS LineTotal,
           CASE
               WHEN oi.DiscountPct = 0 THEN N'full price'
               ELSE N'-' + CAST(oi.DiscountPct AS nvarchar(3)) + N'%'
           END AS PriceNote,
           ISNULL(CAST(p.WeightKg * oi.Quantity AS decimal(8, 2)), 0) AS ShippingWeightKg
    FROM dbo.[Order Items] AS oi
    INNER JOIN dbo.Products AS p ON p.ProductID = oi.ProductID
    WHERE oi.OrderID = @OrderID
    ORDER BY oi.LineNumber;
END
GO
