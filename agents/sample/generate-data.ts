/**
 * Writes the data section of ecommerce.sql: the rows of the sample shop, generated from a fixed seed so the
 * script (and therefore agents/sample/expected) never changes unless this file does.
 *
 *   npx tsx agents/sample/generate-data.ts          rewrites the section between the markers in ecommerce.sql
 *   npx tsx agents/sample/generate-data.ts --check  exits 1 when ecommerce.sql is out of date
 *
 * The INSERTs mix the forms SSMS and hand-written install scripts use, on purpose: per-row `INSERT [t] (…)`
 * under `SET IDENTITY_INSERT … ON`, `INSERT INTO … VALUES (…), (…)` batches, and per-row inserts that leave the
 * IDENTITY column to the server (Payments, Shipments, Reviews: their ids are assigned 1, 2, 3… in script
 * order, which one-statement-per-row guarantees). Date literals come in five spellings, all read under
 * `SET DATEFORMAT mdy`: `3/7/2022`, `06/01/2021`, `3/14/2024 10:15:32`, `20240314 10:20:00`,
 * `2024-03-15T08:00:00` and `2024-03-20 18:45`.
 *
 * Money amounts are built from whole cents and whole percentages, so every amount the views compute is exact
 * at 4 decimals: the expected results never depend on how an engine rounds money.
 */
import fs from "node:fs";
import path from "node:path";
import { tsqlString } from "~/agents/escape";
import { mulberry32 } from "./random";

export const DATA_BEGIN = "-- <generated-data>";
export const DATA_END = "-- </generated-data>";

const scriptPath = path.join(import.meta.dirname, "ecommerce.sql");

// ---------------------------------------------------------------------------------------------------------------
// Deterministic randomness

class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let r = this.next() * total;
    for (const item of items) {
      r -= weight(item);
      if (r < 0) return item;
    }
    return items[items.length - 1]!;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Time, in whole minutes since the Unix epoch (UTC arithmetic: SQL Server datetime has no time zone).

const MINUTE = 1;
const HOUR = 60;
const DAY = 24 * HOUR;

function at(y: number, m: number, d: number, hh = 0, mm = 0): number {
  return Date.UTC(y, m - 1, d, hh, mm) / 60_000;
}

function parts(t: number) {
  const d = new Date(t * 60_000);
  return {
    y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    hh: d.getUTCHours(),
    mi: d.getUTCMinutes(),
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** `3/7/2022` (date only, m/d/yyyy without padding). */
const mdyDate = (t: number) => {
  const p = parts(t);
  return `${p.m}/${p.d}/${p.y}`;
};
/** `06/01/2021` (zero-padded mm/dd/yyyy). */
const mdyPadded = (t: number) => {
  const p = parts(t);
  return `${pad(p.m)}/${pad(p.d)}/${p.y}`;
};
/** `3/14/2024 10:15:32`. Seconds come from the id so that times are not all on the minute. */
const mdyDateTime = (t: number, seconds: number) => {
  const p = parts(t);
  return `${p.m}/${p.d}/${p.y} ${pad(p.hh)}:${pad(p.mi)}:${pad(seconds)}`;
};
/** `20240314 10:20:00` (unseparated ISO date). */
const compact = (t: number) => {
  const p = parts(t);
  return `${p.y}${pad(p.m)}${pad(p.d)} ${pad(p.hh)}:${pad(p.mi)}:00`;
};
/** `2024-03-15T08:00:00` (ISO 8601, independent of DATEFORMAT). */
const isoT = (t: number) => {
  const p = parts(t);
  return `${p.y}-${pad(p.m)}-${pad(p.d)}T${pad(p.hh)}:${pad(p.mi)}:00`;
};
/** `2024-03-20 18:45` (yyyy-mm-dd is ymd under DATEFORMAT mdy). */
const isoSpace = (t: number) => {
  const p = parts(t);
  return `${p.y}-${pad(p.m)}-${pad(p.d)} ${pad(p.hh)}:${pad(p.mi)}`;
};

// ---------------------------------------------------------------------------------------------------------------
// Money in whole cents (percent discounts make ten-thousandths; those are kept as exact strings).

const money = (cents: number) => {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${pad(abs % 100)}`;
};

/** Amount in ten-thousandths of a unit (money's own resolution) → plain decimal text. */
const money4 = (units: number) => {
  const abs = Math.abs(units);
  const text = `${units < 0 ? "-" : ""}${Math.floor(abs / 10000)}.${pad(abs % 10000, 4)}`;
  return text.replace(/0{1,2}$/, ""); // 53.9730 → 53.973, 12.5000 → 12.50: how a person would type it
};

// ---------------------------------------------------------------------------------------------------------------
// SQL literals

type Value = null | number | { n: string } | { s: string } | { raw: string };
const N = (s: string): Value => ({ n: s });
const S = (s: string): Value => ({ s });
const RAW = (raw: string): Value => ({ raw });

function literal(v: Value): string {
  if (v === null) return "NULL";
  if (typeof v === "number") return String(v);
  if ("n" in v) return tsqlString(v.n);
  if ("s" in v) return `'${v.s.replaceAll("'", "''")}'`;
  return v.raw;
}

const row = (values: Value[]) => `(${values.map(literal).join(", ")})`;
const columnList = (columns: string[]) => `(${columns.map((c) => `[${c}]`).join(", ")})`;

// ---------------------------------------------------------------------------------------------------------------
// Reference data, written by hand

type Category = { id: number; name: string; parent: number | null; description: string | null };
const CATEGORIES: Category[] = [
  { id: 1, name: "Outdoor", parent: null, description: "Gear for trails, camps and rivers" },
  { id: 2, name: "Electronics", parent: null, description: "Audio, wearables and power on the go" },
  { id: 3, name: "Home & Kitchen", parent: null, description: null },
  { id: 4, name: "Camping", parent: 1, description: "Tents, sleeping bags, stoves" },
  { id: 5, name: "Hiking", parent: 1, description: "Footwear, packs and poles" },
  { id: 6, name: "Audio", parent: 2, description: null },
  { id: 7, name: "Wearables", parent: 2, description: "Watches and bands" },
  { id: 8, name: "Coffee & Tea", parent: 3, description: 'Brewing, grinding, "third wave" beans' },
  { id: 9, name: "Cookware", parent: 3, description: "Pans, pots, knives" },
];

type Product = {
  id: number;
  sku: string;
  name: string;
  category: number;
  price: number; // cents, 2024 list price
  cost: number; // cents
  weight: string | null; // decimal(6,2)
  active: boolean;
  launch: number;
  /** Mean review rating, for generating reviews. */
  quality: number;
  popularity: number;
};

const PRODUCTS: Product[] = [
  {
    id: 1,
    sku: "TR-TENT-2P",
    name: "Ridgeline 2-Person Tent",
    category: 4,
    price: 24900,
    cost: 13250,
    weight: "2.35",
    active: true,
    launch: at(2021, 3, 1),
    quality: 4.4,
    popularity: 3,
  },
  {
    id: 2,
    sku: "TR-BAG-M5",
    name: "Summit Down Sleeping Bag -5 °C",
    category: 4,
    price: 21900,
    cost: 10400,
    weight: "1.10",
    active: true,
    launch: at(2021, 9, 15),
    quality: 4.1,
    popularity: 2,
  },
  {
    id: 3,
    sku: "TR-STOVE",
    name: "Sólo Camp Stove",
    category: 4,
    price: 8950,
    cost: 4100,
    weight: "0.95",
    active: true,
    launch: at(2022, 4, 1),
    quality: 4.6,
    popularity: 3,
  },
  {
    id: 4,
    sku: "TR-LAMP",
    name: "Lumen 400 Lantern",
    category: 4,
    price: 3499,
    cost: 1240,
    weight: "0.30",
    active: true,
    launch: at(2022, 5, 20),
    quality: 3.2,
    popularity: 4,
  },
  {
    id: 5,
    sku: "TR-MUG",
    name: "Enamel Mug, 350 ml",
    category: 4,
    price: 1200,
    cost: 310,
    weight: "0.18",
    active: true,
    launch: at(2020, 11, 2),
    quality: 4.0,
    popularity: 6,
  },
  {
    id: 6,
    sku: "HK-POLE",
    name: "Trekking Poles, Carbon (pair)",
    category: 5,
    price: 11900,
    cost: 5500,
    weight: "0.48",
    active: true,
    launch: at(2021, 2, 10),
    quality: 4.3,
    popularity: 2,
  },
  {
    id: 7,
    sku: "HK-SOCK",
    name: "Edelweiß Merino Socks",
    category: 5,
    price: 1850,
    cost: 525,
    weight: "0.10",
    active: true,
    launch: at(2020, 10, 1),
    quality: 4.7,
    popularity: 7,
  },
  {
    id: 8,
    sku: "HK-PACK",
    name: "Daypack 28 L",
    category: 5,
    price: 7995,
    cost: 3300,
    weight: "0.85",
    active: true,
    launch: at(2021, 6, 1),
    quality: 3.9,
    popularity: 3,
  },
  {
    id: 9,
    sku: "HK-BOOT",
    name: "Alpenglühen Hiking Boots",
    category: 5,
    price: 16500,
    cost: 7800,
    weight: "1.40",
    active: true,
    launch: at(2022, 8, 8),
    quality: 4.5,
    popularity: 2,
  },
  {
    id: 10,
    sku: "HK-MAP",
    name: "Trail Map Set — Pyrénées",
    category: 5,
    price: 2400,
    cost: 600,
    weight: null,
    active: true,
    launch: at(2022, 1, 12),
    quality: 3.6,
    popularity: 2,
  },
  {
    id: 11,
    sku: "EL-HP-01",
    name: "Aurora Wireless Headphones",
    category: 6,
    price: 19999,
    cost: 8800,
    weight: "0.26",
    active: true,
    launch: at(2022, 10, 3),
    quality: 4.2,
    popularity: 3,
  },
  {
    id: 12,
    sku: "EL-SPK-02",
    name: "Pocket Bluetooth Speaker",
    category: 6,
    price: 4999,
    cost: 1950,
    weight: "0.35",
    active: true,
    launch: at(2021, 4, 19),
    quality: 3.4,
    popularity: 4,
  },
  {
    id: 13,
    sku: "EL-EAR-03",
    name: 'Studio Earbuds "Pro"',
    category: 6,
    price: 12900,
    cost: 5100,
    weight: "0.06",
    active: true,
    launch: at(2023, 2, 1),
    quality: 3.8,
    popularity: 3,
  },
  {
    id: 14,
    sku: "EL-CBL-04",
    name: "USB-C Cable 2 m",
    category: 2,
    price: 999,
    cost: 180,
    weight: "0.05",
    active: true,
    launch: at(2020, 6, 1),
    quality: 4.0,
    popularity: 6,
  },
  {
    id: 15,
    sku: "EL-WCH-05",
    name: "Trailhead GPS Watch",
    category: 7,
    price: 29900,
    cost: 14100,
    weight: "0.07",
    active: true,
    launch: at(2022, 3, 14),
    quality: 4.5,
    popularity: 2,
  },
  {
    id: 16,
    sku: "EL-BND-06",
    name: "Fitness Band Lite",
    category: 7,
    price: 3990,
    cost: 1400,
    weight: "0.03",
    active: false,
    launch: at(2020, 1, 20),
    quality: 2.6,
    popularity: 3,
  },
  {
    id: 17,
    sku: "EL-SLV-07",
    name: '15" Laptop Sleeve',
    category: 2,
    price: 3400,
    cost: 1100,
    weight: "0.32",
    active: true,
    launch: at(2021, 8, 30),
    quality: 4.1,
    popularity: 3,
  },
  {
    id: 18,
    sku: "EL-PWR-08",
    name: "Solar Power Bank 20000 mAh",
    category: 2,
    price: 5900,
    cost: 2400,
    weight: "0.41",
    active: true,
    launch: at(2022, 6, 6),
    quality: 3.3,
    popularity: 4,
  },
  {
    id: 19,
    sku: "HM-PRESS",
    name: "Café Press 1 L",
    category: 8,
    price: 4200,
    cost: 1500,
    weight: "0.70",
    active: true,
    launch: at(2021, 1, 5),
    quality: 4.4,
    popularity: 4,
  },
  {
    id: 20,
    sku: "HM-GRND",
    name: "Burr Coffee Grinder",
    category: 8,
    price: 11900,
    cost: 5200,
    weight: "1.90",
    active: true,
    launch: at(2022, 2, 2),
    quality: 4.8,
    popularity: 2,
  },
  {
    id: 21,
    sku: "HM-BEAN",
    name: "Single-Origin Beans, Huila 1 kg",
    category: 8,
    price: 2750,
    cost: 1175,
    weight: "1.00",
    active: true,
    launch: at(2022, 9, 1),
    quality: 4.3,
    popularity: 6,
  },
  {
    id: 22,
    sku: "HM-TEA",
    name: "Matcha Starter Kit",
    category: 8,
    price: 3600,
    cost: 1290,
    weight: "0.40",
    active: true,
    launch: at(2023, 1, 9),
    quality: 3.7,
    popularity: 2,
  },
  {
    id: 23,
    sku: "HM-PAN",
    name: "Cast Iron Skillet 26 cm",
    category: 9,
    price: 5495,
    cost: 2100,
    weight: "2.60",
    active: true,
    launch: at(2020, 9, 9),
    quality: 4.6,
    popularity: 3,
  },
  {
    id: 24,
    sku: "HM-TORCH",
    name: "Crème Brûlée Torch",
    category: 9,
    price: 2999,
    cost: 950,
    weight: "0.25",
    active: true,
    launch: at(2021, 11, 11),
    quality: 3.9,
    popularity: 2,
  },
  {
    id: 25,
    sku: "HM-KNIFE",
    name: "Santoku Knife 18 cm",
    category: 9,
    price: 8900,
    cost: 3000,
    weight: "0.22",
    active: true,
    launch: at(2022, 7, 1),
    quality: 4.7,
    popularity: 2,
  },
  {
    id: 26,
    sku: "HM-POT",
    name: "Dutch Oven 5.5 L",
    category: 9,
    price: 13900,
    cost: 6600,
    weight: "5.40",
    active: true,
    launch: at(2021, 10, 1),
    quality: 4.4,
    popularity: 1,
  },
  {
    id: 27,
    sku: "HM-BOARD",
    name: "Olive Wood Board",
    category: 9,
    price: 4500,
    cost: 1700,
    weight: null,
    active: true,
    launch: at(2022, 11, 20),
    quality: 4.0,
    popularity: 2,
  },
  {
    id: 28,
    sku: "HM-CNDL",
    name: "Beeswax Candle Set",
    category: 3,
    price: 2200,
    cost: 650,
    weight: "0.60",
    active: true,
    launch: at(2021, 12, 1),
    quality: 3.5,
    popularity: 3,
  },
  {
    id: 29,
    sku: "TR-HAMM",
    name: "Ultralight Hammock",
    category: 1,
    price: 6400,
    cost: 2500,
    weight: "0.55",
    active: true,
    launch: at(2022, 4, 25),
    quality: 4.2,
    popularity: 2,
  },
  {
    id: 30,
    sku: "TR-FLTR",
    name: "Water Filter Bottle",
    category: 1,
    price: 3900,
    cost: 1450,
    weight: "0.28",
    active: false,
    launch: at(2020, 5, 5),
    quality: 3.0,
    popularity: 3,
  },
];

/** Discontinued products (IsActive = 0) sell only until this date. */
const DISCONTINUED_AFTER = at(2023, 9, 30);

const FIRST_NAMES = [
  "José",
  "Zoë",
  "François",
  "Åsa",
  "Jürgen",
  "Chloé",
  "Siobhán",
  "Renée",
  "Björn",
  "Noémie",
  "Mateo",
  "Priya",
  "Liam",
  "Olivia",
  "Ethan",
  "Sofia",
  "Lucas",
  "Hannah",
  "Kenji",
  "Amara",
  "Ines",
  "Malik",
  "Léa",
  "Tomás",
  "Aoife",
  "Greta",
  "Rafael",
  "Yuki",
  "Camille",
  "Oskar",
];
const LAST_NAMES = [
  "García",
  "Müller",
  "O'Brien",
  "Dubois",
  "Nguyen",
  "Kowalski",
  "Søndergaard",
  "Fernández",
  "Smith",
  "Johnson",
  "Rossi",
  "Núñez",
  "Lefèvre",
  "Schmidt",
  "Tanaka",
  "Okafor",
  "Brennan",
  "Lindqvist",
  "Moreau",
  "Costa",
];

type Place = { country: string; city: string; region: string | null; postal: () => string; carriers: string[] };
const PLACES: Place[] = [
  { country: "United States", city: "Seattle", region: "WA", postal: () => "98101", carriers: ["UPS", "FedEx"] },
  { country: "United States", city: "Portland", region: "OR", postal: () => "97205", carriers: ["UPS", "FedEx"] },
  { country: "United States", city: "Denver", region: "CO", postal: () => "80202", carriers: ["UPS", "FedEx"] },
  { country: "United States", city: "Austin", region: "TX", postal: () => "78701", carriers: ["UPS", "FedEx"] },
  { country: "Canada", city: "Montréal", region: "QC", postal: () => "H2X 1Y4", carriers: ["Canada Post"] },
  { country: "Canada", city: "Vancouver", region: "BC", postal: () => "V6B 1A1", carriers: ["Canada Post"] },
  { country: "Germany", city: "München", region: null, postal: () => "80331", carriers: ["DHL Express"] },
  { country: "Germany", city: "Köln", region: null, postal: () => "50667", carriers: ["DHL Express"] },
  { country: "France", city: "Lyon", region: null, postal: () => "69002", carriers: ["La Poste"] },
  { country: "France", city: "Paris", region: "Île-de-France", postal: () => "75011", carriers: ["La Poste"] },
  { country: "Spain", city: "Sevilla", region: "Andalucía", postal: () => "41004", carriers: ["Correos"] },
  {
    country: "United Kingdom",
    city: "Edinburgh",
    region: "Scotland",
    postal: () => "EH1 1YZ",
    carriers: ["Royal Mail", "DHL Express"],
  },
  { country: "Japan", city: "Sapporo", region: "Hokkaidō", postal: () => "060-0001", carriers: ["DHL Express"] },
];

const STREETS = [
  "Pine Street",
  "Rue de la Paix",
  "Königstraße",
  "Calle de Alcalá",
  "Maple Avenue",
  "Harbour Road",
  "Chemin des Vignes",
  "Elm Court",
  "Via Roma",
  "Lakeview Drive",
  "Rue Saint-Denis",
  "Old Mill Lane",
];

const COUPONS = [
  { code: "WELCOME10", pct: 10, from: at(2023, 1, 1), to: at(2024, 12, 31) },
  { code: "SUMMER20", pct: 20, from: at(2023, 6, 1), to: at(2023, 8, 31) },
  { code: "BLACKFRIDAY25", pct: 25, from: at(2023, 11, 24), to: at(2023, 11, 28) },
  { code: "SPRING15", pct: 15, from: at(2024, 3, 1), to: at(2024, 5, 31) },
  { code: "VIP30", pct: 30, from: at(2024, 11, 1), to: at(2024, 12, 31) },
];

const REVIEW_TITLES: Record<number, string[]> = {
  1: ["Broke on day two", "Not as described", "Disappointed, returning it"],
  2: ["Meh", "Does the job, barely", "Expected more"],
  3: ["Okay for the price", "Average", "Fine, nothing special"],
  4: ["Solid", "Very good, minor quibbles", "Would buy again"],
  5: ["Perfect!", "Best purchase this year", 'Love it, "five stars"', "Génial, parfait", "Excellent, sturdy, light"],
};
const REVIEW_BODIES = [
  "Arrived quickly and well packed.",
  "Used it on a three-day trip; held up fine.",
  "The colour is a bit different from the photos.",
  "Great value. My partner ordered one too.",
  "Instructions were only in German, but it's intuitive.",
  "Très bien fait, je recommande.",
];

const CARRIER_PREFIX: Record<string, string> = {
  UPS: "1Z",
  FedEx: "FX",
  "Canada Post": "CP",
  "DHL Express": "JD",
  "La Poste": "LP",
  Correos: "PQ",
  "Royal Mail": "RM",
};

// ---------------------------------------------------------------------------------------------------------------
// Generated rows

type Customer = {
  id: number;
  first: string;
  last: string;
  email: string;
  phone: string | null;
  signup: number;
  vip: boolean;
  optIn: boolean;
  weight: number;
};
type Address = {
  id: number;
  customer: number;
  type: "billing" | "shipping";
  line1: string;
  line2: string | null;
  place: Place;
  postal: string | null;
  isDefault: boolean;
};
type Line = { line: number; product: number; quantity: number; price: number; pct: number };
type Status = "pending" | "paid" | "shipped" | "delivered" | "cancelled" | "returned";
type Order = {
  id: number;
  customer: number;
  date: number;
  seconds: number;
  status: Status;
  address: Address | null;
  coupon: string | null;
  fee: number;
  notes: string | null;
  lines: Line[];
};
type Payment = { order: number; date: number; method: string; amount: number /* ten-thousandths */; refund: boolean };
type Shipment = { order: number; carrier: string; tracking: string | null; shipped: number; delivered: number | null };
type Review = {
  product: number;
  customer: number;
  rating: number;
  title: string | null;
  body: string | null;
  date: number;
  verified: boolean;
};

const ascii = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ß/g, "ss")
    .replace(/ø/g, "o")
    .replace(/Ø/g, "O")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();

/** Line amount in ten-thousandths: UnitPrice * Quantity * (100 - DiscountPct) / 100, exact. */
export const lineAmount = (l: Line) => l.price * l.quantity * (100 - l.pct);

export function generateData(seed = 20240601) {
  const rnd = new Random(seed);

  // Customers: 40, unique names. 37 has no address (in-store pickups), 38 only ever cancels,
  // 39 and 40 never order (the view's 'Prospect' tier).
  const customers: Customer[] = [];
  const usedNames = new Set<string>();
  for (let id = 1; id <= 40; id++) {
    let first: string;
    let last: string;
    do {
      first = rnd.pick(FIRST_NAMES);
      last = rnd.pick(LAST_NAMES);
    } while (usedNames.has(`${first} ${last}`));
    usedNames.add(`${first} ${last}`);
    const phoneRoll = rnd.float();
    customers.push({
      id,
      first,
      last,
      email: `${ascii(first)}.${ascii(last)}${id}@example.com`,
      phone: id === 12 ? "" : phoneRoll < 0.2 ? null : `+1 555 01${pad(rnd.int(0, 99))}`,
      signup: at(2022, 1, 3) + rnd.int(0, 540) * DAY,
      vip: rnd.chance(0.15),
      optIn: rnd.chance(0.55),
      weight: id <= 8 ? 5 : id <= 24 ? 2.5 : id <= 37 ? 1 : 0,
    });
  }

  // Addresses: a default shipping address for everyone but customer 37, sometimes a second shipping
  // address and a billing address.
  const addresses: Address[] = [];
  const defaultShipping = new Map<number, Address>();
  for (const c of customers) {
    if (c.id === 37) continue;
    const place = rnd.pick(PLACES);
    const make = (type: Address["type"], isDefault: boolean, where?: Place): Address => {
      const p = where ?? place;
      const line2Roll = rnd.float();
      const address: Address = {
        id: addresses.length + 1,
        customer: c.id,
        type,
        line1: `${rnd.int(1, 250)} ${rnd.pick(STREETS)}`,
        line2: line2Roll < 0.6 ? null : line2Roll < 0.9 ? `Apt ${rnd.int(1, 40)}${rnd.pick(["A", "B", "C"])}` : "",
        place: p,
        postal: p.country === "Japan" && rnd.chance(0.5) ? null : p.postal(),
        isDefault,
      };
      addresses.push(address);
      return address;
    };
    defaultShipping.set(c.id, make("shipping", true));
    if (rnd.chance(0.15)) make("shipping", false, rnd.pick(PLACES));
    if (rnd.chance(0.4)) make("billing", true);
  }

  // Orders: about 110 between January 2023 and December 2024, ids from 1001, in date order.
  const orders: Order[] = [];
  const orderDates: number[] = [];
  let t = at(2023, 1, 4, 9, 12);
  while (t < at(2024, 12, 20)) {
    orderDates.push(t);
    t += rnd.int(2, 11) * DAY + rnd.int(-5 * HOUR, 5 * HOUR);
    // Keep the time of day between 07:00 and 23:00.
    const p = parts(t);
    if (p.hh < 7 || p.hh >= 23) t = at(p.y, p.m, p.d, rnd.int(8, 21), rnd.int(0, 59));
  }
  // Fixed orders that the procedures' runs are about (see generate-expected.ts).
  orderDates.push(at(2024, 6, 30, 21, 47)); // on usp_TopProducts' @EndDate: counts only because of DATEADD(day, 1, …)
  orderDates.push(at(2024, 12, 22, 10, 5), at(2024, 12, 27, 16, 40), at(2024, 12, 30, 22, 58));
  orderDates.sort((a, b) => a - b);

  const buyers = customers.filter((c) => c.weight > 0);
  let cancelledForCustomer38 = false;
  for (const [index, date] of orderDates.entries()) {
    const id = 1001 + index;
    let customer = rnd.weighted(buyers, (c) => (c.id === 38 ? 0 : c.weight)).id;
    if (!cancelledForCustomer38 && date > at(2024, 2, 1)) {
      customer = 38;
      cancelledForCustomer38 = true;
    }
    if (date >= at(2024, 12, 22)) customer = 3; // customer 3's latest orders are still open
    if (index === 20 || index === 75 || index === 88) customer = 37; // in-store pickups: no shipping address

    let status: Status;
    const roll = rnd.float();
    if (customer === 38) status = "cancelled";
    else if (date >= at(2024, 12, 29)) status = "pending";
    else if (date >= at(2024, 12, 25)) status = "paid";
    else if (date >= at(2024, 12, 12)) status = roll < 0.7 ? "shipped" : "paid";
    else status = roll < 0.78 ? "delivered" : roll < 0.85 ? "cancelled" : roll < 0.92 ? "returned" : "shipped";
    if (customer === 37 && (status === "shipped" || status === "returned")) status = "delivered";
    if (index === 30 && customer !== 38) status = "pending"; // a checkout abandoned in 2023, never cleaned up
    // The order on usp_TopProducts' @EndDate (2024-06-30 21:47): delivered, four hammocks, so that it reaches the
    // run's top 5 only when the whole @EndDate day is included.
    const endDateOrder = date === at(2024, 6, 30, 21, 47);
    if (endDateOrder) {
      if (customer === 38 || customer === 37) customer = 5;
      status = "delivered";
    }

    const coupon = endDateOrder
      ? null
      : rnd.chance(0.2)
        ? (COUPONS.find((c) => c.from <= date && date < c.to + DAY && rnd.chance(0.8)) ?? null)
        : null;
    const lines: Line[] = [];
    // Pending orders are checkouts whose items were never saved: no lines at all (the views' LEFT JOIN case).
    const emptyCart = status === "pending";
    if (endDateOrder) {
      lines.push({ line: 1, product: 29, quantity: 4, price: PRODUCTS[28]!.price, pct: 0 });
    } else if (!emptyCart) {
      const count = rnd.weighted([1, 2, 3, 4], (n) => [4, 4, 2, 1][n - 1]!);
      const chosen = new Set<number>();
      while (chosen.size < count) {
        const product = rnd.weighted(PRODUCTS, (p) => (p.active || date <= DISCONTINUED_AFTER ? p.popularity : 0));
        if (date < product.launch) continue;
        chosen.add(product.id);
      }
      for (const productId of chosen) {
        const product = PRODUCTS[productId - 1]!;
        // 2023 prices were about 8 % lower (whole cents).
        const price = date < at(2024, 1, 1) ? Math.round((product.price * 92) / 100) : product.price;
        const sale = rnd.chance(0.12) ? rnd.pick([10, 15]) : 0;
        lines.push({
          line: lines.length + 1,
          product: productId,
          quantity: rnd.weighted([1, 2, 3, 4, 6], (q) => [10, 5, 2, 1, 0.5][[1, 2, 3, 4, 6].indexOf(q)]!),
          price,
          pct: coupon ? coupon.pct : sale,
        });
      }
    }
    const subtotal = lines.reduce((sum, l) => sum + lineAmount(l), 0); // ten-thousandths
    const address = defaultShipping.get(customer) ?? null;
    const fee = !address || lines.length === 0 ? 0 : subtotal >= 150 * 10000 ? 0 : rnd.pick([499, 750, 995]);
    const notes = rnd.chance(0.1)
      ? rnd.pick([
          "Please leave at the door",
          "Gift — wrap, please",
          "Call before delivery, the bell's broken",
          "Deliver after 5 pm",
        ])
      : null;
    orders.push({
      id,
      customer,
      date,
      seconds: rnd.int(0, 59),
      status,
      address,
      coupon: coupon?.code ?? null,
      fee,
      notes,
      lines,
    });
  }

  const total = (o: Order) => o.lines.reduce((sum, l) => sum + lineAmount(l), 0) + o.fee * 100;
  const subtotalOf = (o: Order) => o.lines.reduce((sum, l) => sum + lineAmount(l), 0);

  // Shipments for everything that left the warehouse; in-store pickups (no address) have none.
  const shipments: Shipment[] = [];
  const shipmentOf = new Map<number, Shipment>();
  for (const o of orders) {
    if (!["shipped", "delivered", "returned"].includes(o.status) || !o.address) continue;
    const carrier = rnd.pick(o.address.place.carriers);
    const shipped = o.date + rnd.int(3 * HOUR, 4 * DAY);
    const delivered = o.status === "shipped" ? null : shipped + rnd.int(1 * DAY, 9 * DAY);
    const s: Shipment = {
      order: o.id,
      carrier,
      tracking: rnd.chance(0.1)
        ? null
        : `${CARRIER_PREFIX[carrier]}${String(o.id * 7919 + rnd.int(0, 999)).padStart(9, "0")}`,
      shipped,
      delivered,
    };
    shipments.push(s);
    shipmentOf.set(o.id, s);
  }

  // Payments: one per paid order (a few split between a gift card and a card), refunds for returns and for
  // some cancellations. Listed in payment-date order, as a payment system would have written them.
  const payments: Payment[] = [];
  for (const o of orders) {
    if (o.status === "pending" || o.lines.length === 0) continue;
    if (o.status === "cancelled" && rnd.chance(0.5)) continue; // cancelled before payment
    const amount = total(o);
    const paidAt = o.date + rnd.int(1, 55) * MINUTE;
    if (amount > 60 * 10000 && rnd.chance(0.12)) {
      payments.push({ order: o.id, date: paidAt, method: "gift_card", amount: 25 * 10000, refund: false });
      payments.push({ order: o.id, date: paidAt + 1, method: "card", amount: amount - 25 * 10000, refund: false });
    } else {
      const method = rnd.weighted(
        ["card", "paypal", "bank_transfer", "gift_card"],
        (m) => ({ card: 6, paypal: 3, bank_transfer: 1.2, gift_card: 0.6 })[m]!,
      );
      payments.push({ order: o.id, date: paidAt, method, amount, refund: false });
    }
    if (o.status === "cancelled") {
      payments.push({ order: o.id, date: paidAt + rnd.int(2 * HOUR, 2 * DAY), method: "card", amount, refund: true });
    } else if (o.status === "returned") {
      const back = (shipmentOf.get(o.id)?.delivered ?? o.date + 5 * DAY) + rnd.int(3 * DAY, 14 * DAY);
      payments.push({ order: o.id, date: back, method: "card", amount: subtotalOf(o), refund: true });
    }
  }
  payments.sort((a, b) => a.date - b.date || a.order - b.order);

  // Reviews from delivered lines, one per (product, customer), plus a few unverified ones.
  const reviews: Review[] = [];
  const reviewed = new Set<string>();
  const addReview = (product: Product, customer: number, date: number, verified: boolean) => {
    const key = `${product.id}/${customer}`;
    if (reviewed.has(key)) return;
    reviewed.add(key);
    const noise = rnd.pick([-1.2, -0.6, 0, 0, 0.3, 0.6]);
    const rating = Math.max(1, Math.min(5, Math.round(product.quality + noise)));
    reviews.push({
      product: product.id,
      customer,
      rating,
      title: rnd.chance(0.85) ? rnd.pick(REVIEW_TITLES[rating]!) : null,
      body: rnd.chance(0.45) ? rnd.pick(REVIEW_BODIES) : null,
      date,
      verified,
    });
  };
  for (const o of orders) {
    const delivered = o.status === "delivered" ? (shipmentOf.get(o.id)?.delivered ?? o.date + DAY) : null;
    if (delivered === null) continue;
    for (const l of o.lines) {
      if (rnd.chance(0.42))
        addReview(PRODUCTS[l.product - 1]!, o.customer, delivered + rnd.int(1 * DAY, 20 * DAY), true);
    }
  }
  for (let i = 0; i < 6; i++) {
    addReview(
      rnd.pick(PRODUCTS),
      rnd.int(1, 36),
      at(2024, rnd.int(1, 11), rnd.int(1, 28), rnd.int(8, 22), rnd.int(0, 59)),
      false,
    );
  }
  reviews.sort((a, b) => a.date - b.date || a.product - b.product);

  return { customers, addresses, orders, payments, shipments, reviews };
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering

const bit = (b: boolean) => (b ? 1 : 0);

export function renderData(seed?: number): string {
  const { customers, addresses, orders, payments, shipments, reviews } = generateData(seed);
  const out: string[] = [];
  const batch = (lines: string[]) => out.push(...lines, "GO");

  out.push(
    "-- Data below is generated by agents/sample/generate-data.ts (fixed seed): edit that file, not this section.",
  );

  // Categories and Products: SSMS "Generate Scripts" style, one INSERT per row without INTO.
  const categoryColumns = ["CategoryID", "CategoryName", "ParentCategoryID", "Description"];
  batch([
    "SET IDENTITY_INSERT [dbo].[Categories] ON",
    ...CATEGORIES.map(
      (c) =>
        `INSERT [dbo].[Categories] ${columnList(categoryColumns)} VALUES ${row([c.id, N(c.name), c.parent, c.description === null ? null : N(c.description)])}`,
    ),
    "SET IDENTITY_INSERT [dbo].[Categories] OFF",
  ]);
  const productColumns = [
    "ProductID",
    "SKU",
    "ProductName",
    "CategoryID",
    "UnitPrice",
    "UnitCost",
    "WeightKg",
    "IsActive",
    "LaunchDate",
  ];
  batch([
    "SET IDENTITY_INSERT [dbo].[Products] ON",
    ...PRODUCTS.map(
      (p) =>
        `INSERT [dbo].[Products] ${columnList(productColumns)} VALUES ${row([
          p.id,
          S(p.sku),
          N(p.name),
          p.category,
          RAW(money(p.price)),
          RAW(money(p.cost)),
          p.weight === null ? null : RAW(p.weight),
          bit(p.active),
          S(mdyPadded(p.launch)),
        ])}`,
    ),
    "SET IDENTITY_INSERT [dbo].[Products] OFF",
  ]);

  const customerColumns = [
    "CustomerID",
    "FirstName",
    "LastName",
    "Email",
    "Phone",
    "SignupDate",
    "IsVip",
    "MarketingOptIn",
  ];
  batch([
    "SET IDENTITY_INSERT [dbo].[Customers] ON",
    ...customers.map(
      (c) =>
        `INSERT [dbo].[Customers] ${columnList(customerColumns)} VALUES ${row([
          c.id,
          N(c.first),
          N(c.last),
          N(c.email),
          c.phone === null ? null : S(c.phone),
          S(mdyDate(c.signup)),
          bit(c.vip),
          bit(c.optIn),
        ])}`,
    ),
    "SET IDENTITY_INSERT [dbo].[Customers] OFF",
  ]);

  // Addresses: one multi-row INSERT INTO under IDENTITY_INSERT.
  const addressColumns = [
    "AddressID",
    "CustomerID",
    "AddressType",
    "Line1",
    "Line2",
    "City",
    "Region",
    "Postal Code",
    "Country",
    "IsDefault",
  ];
  batch([
    "SET IDENTITY_INSERT [dbo].[Addresses] ON",
    `INSERT INTO [dbo].[Addresses] ${columnList(addressColumns)}`,
    "VALUES",
    ...addresses.map(
      (a, i) =>
        `    ${row([
          a.id,
          a.customer,
          S(a.type),
          N(a.line1),
          a.line2 === null ? null : N(a.line2),
          N(a.place.city),
          a.place.region === null ? null : N(a.place.region),
          a.postal === null ? null : S(a.postal),
          N(a.place.country),
          bit(a.isDefault),
        ])}${i < addresses.length - 1 ? "," : ""}`,
    ),
    "SET IDENTITY_INSERT [dbo].[Addresses] OFF",
  ]);

  batch([
    "INSERT INTO [dbo].[Coupons] ([CouponCode], [DiscountPct], [ValidFrom], [ValidTo])",
    "VALUES",
    ...COUPONS.map(
      (c, i) =>
        `    ${row([S(c.code), c.pct, S(mdyDate(c.from)), S(mdyDate(c.to))])}${i < COUPONS.length - 1 ? "," : ""}`,
    ),
  ]);

  const orderColumns = [
    "OrderID",
    "CustomerID",
    "OrderDate",
    "Status",
    "ShippingAddressID",
    "CouponCode",
    "ShippingFee",
    "Notes",
  ];
  batch([
    "SET IDENTITY_INSERT [dbo].[Orders] ON",
    ...orders.map(
      (o) =>
        `INSERT [dbo].[Orders] ${columnList(orderColumns)} VALUES ${row([
          o.id,
          o.customer,
          S(mdyDateTime(o.date, o.seconds)),
          S(o.status),
          o.address ? o.address.id : null,
          o.coupon === null ? null : S(o.coupon),
          RAW(money(o.fee)),
          o.notes === null ? null : N(o.notes),
        ])}`,
    ),
    "SET IDENTITY_INSERT [dbo].[Orders] OFF",
  ]);

  // Order Items: multi-row INSERT INTO in chunks of 100 rows (SQL Server allows up to 1000 per statement).
  const itemRows = orders.flatMap((o) =>
    o.lines.map((l) => row([o.id, l.line, l.product, l.quantity, RAW(money(l.price)), l.pct])),
  );
  for (let i = 0; i < itemRows.length; i += 100) {
    const chunk = itemRows.slice(i, i + 100);
    batch([
      "INSERT INTO [dbo].[Order Items] ([OrderID], [LineNumber], [ProductID], [Quantity], [UnitPrice], [DiscountPct])",
      "VALUES",
      ...chunk.map((r, j) => `    ${r}${j < chunk.length - 1 ? "," : ""}`),
    ]);
  }

  // Identity assigned by the server from here on: one statement per row keeps the ids in script order.
  batch(
    payments.map(
      (p) =>
        `INSERT INTO [dbo].[Payments] ([OrderID], [PaymentDate], [Method], [Amount], [IsRefund]) VALUES ${row([
          p.order,
          S(compact(p.date)),
          S(p.method),
          RAW(money4(p.amount)),
          bit(p.refund),
        ])}`,
    ),
  );
  batch(
    shipments.map(
      (s) =>
        `INSERT INTO [dbo].[Shipments] ([OrderID], [Carrier], [TrackingNumber], [ShippedDate], [DeliveredDate]) VALUES ${row(
          [
            s.order,
            N(s.carrier),
            s.tracking === null ? null : S(s.tracking),
            S(isoT(s.shipped)),
            s.delivered === null ? null : S(isoT(s.delivered)),
          ],
        )}`,
    ),
  );
  batch(
    reviews.map(
      (r) =>
        `INSERT INTO [dbo].[Reviews] ([ProductID], [CustomerID], [Rating], [Title], [Body], [ReviewDate], [IsVerifiedPurchase]) VALUES ${row(
          [
            r.product,
            r.customer,
            r.rating,
            r.title === null ? null : N(r.title),
            r.body === null ? null : N(r.body),
            S(isoSpace(r.date)),
            bit(r.verified),
          ],
        )}`,
    ),
  );
  return out.join("\n");
}

/** ecommerce.sql with its data section replaced by `data`. */
export function withData(script: string, data: string): string {
  const begin = script.indexOf(DATA_BEGIN);
  const end = script.indexOf(DATA_END);
  if (begin < 0 || end < begin) throw new Error(`ecommerce.sql has no ${DATA_BEGIN} … ${DATA_END} section`);
  return `${script.slice(0, begin + DATA_BEGIN.length)}\n${data}\n${script.slice(end)}`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const current = fs.readFileSync(scriptPath, "utf8");
  const next = withData(current, renderData());
  if (process.argv.includes("--check")) {
    if (next !== current) {
      console.error("agents/sample/ecommerce.sql is out of date: run npx tsx agents/sample/generate-data.ts");
      process.exit(1);
    }
  } else {
    fs.writeFileSync(scriptPath, next);
    console.log(`wrote ${path.relative(process.cwd(), scriptPath)}`);
  }
}
