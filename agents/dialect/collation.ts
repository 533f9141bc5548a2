import { quoteIdent } from "./postgres";

/**
 * SQL Server collations as PostgreSQL ICU collations (docs/t-sql/statements/collations.md,
 * docs/t-sql/statements/windows-collation-name-transact-sql.md).
 *
 * A SQL Server database almost always runs under a case-insensitive, accent-sensitive collation (`*_CI_AS`):
 * `=`, IN, GROUP BY, DISTINCT, ORDER BY, LIKE, CHARINDEX and REPLACE all ignore case. PostgreSQL gets the same
 * comparisons from a nondeterministic ICU collation at strength level 2 (`und-u-ks-level2`); level 1 also ignores
 * accents (`_AI`), `kc-true` keeps case apart at level 1 (`_CS_AI`); case-sensitive, accent-sensitive (`_CS_AS`)
 * is ICU's default tertiary strength, deterministic; `_BIN`/`_BIN2` compare code points (`"C"`).
 *
 * The collations are objects of the target database: the dbt project creates the ones it uses in an
 * `on-run-start` hook and the validation sandbox before it builds the models (`collationSetupSql`), each with a
 * `create collation if not exists`, under the names `collationName` gives.
 */

export type PgCollation = {
  /** Name of the PostgreSQL collation (unquoted). */
  name: string;
  /** The SQL Server collation name it was made for (what a model's output column records, OutputColumn.collation). */
  tsql: string;
  /** `create collation if not exists …`, or undefined for a collation every PostgreSQL has (`"C"`). */
  create?: string;
  /** Case-insensitive: regular expressions (which need a deterministic collation) run with the `i` flag. */
  caseInsensitive: boolean;
  /** Accent-insensitive: no regular-expression form compares like it. */
  accentInsensitive: boolean;
  deterministic: boolean;
  /** The ICU locale whose order it follows (without its strength); undefined for a binary collation. */
  locale?: string;
};

/** The collation SQL Server databases use by default (SQL_Latin1_General_CP1_CI_AS / Latin1_General_CI_AS). */
export const DEFAULT_TSQL_COLLATION = "Latin1_General_CI_AS";

/**
 * The language part of a Windows collation name → ICU locale. Latin1_General is the Unicode root order; the
 * other names follow Windows' language for each collation designator; the traditional Spanish order treats
 * `ch` and `ll` as letters of their own (ICU's `co-trad`), German phone book order sorts ä as ae (`co-phonebk`).
 */
const LOCALES: Record<string, string> = {
  latin1_general: "und",
  traditional_spanish: "es-u-co-trad",
  modern_spanish: "es",
  mexican_trad_spanish: "es-u-co-trad",
  french: "fr",
  german_phonebook: "de-u-co-phonebk",
  danish_norwegian: "da",
  norwegian: "nb",
  finnish_swedish: "sv",
  icelandic: "is",
  turkish: "tr",
  azeri_latin: "az",
  polish: "pl",
  czech: "cs",
  slovak: "sk",
  slovenian: "sl",
  hungarian: "hu",
  hungarian_technical: "hu",
  croatian: "hr",
  romanian: "ro",
  albanian: "sq",
  estonian: "et",
  latvian: "lv",
  lithuanian: "lt",
  cyrillic_general: "ru",
  ukrainian: "uk",
  macedonian_fyrom: "mk",
  greek: "el",
  hebrew: "he",
  arabic: "ar",
  thai: "th",
  vietnamese: "vi",
  japanese: "ja",
  korean_wansung: "ko",
  chinese_prc: "zh",
  chinese_taiwan_stroke: "zh-u-co-stroke",
  hindi: "hi",
  indic_general: "hi",
  welsh: "cy",
  maltese: "mt",
  kazakh: "kk",
  uzbek_latin: "uz",
  tatar: "tt",
};

/**
 * The PostgreSQL collation for a SQL Server collation name (any case), or undefined when the name is not one
 * this table knows (the caller flags it for review).
 */
export function pgCollation(tsqlName: string, options: { rootWhenUnknown?: boolean } = {}): PgCollation | undefined {
  let name = tsqlName.trim().toLowerCase();
  if (name === "database_default") name = DEFAULT_TSQL_COLLATION.toLowerCase();
  // SQL collations: SQL_Latin1_General_CP1_CI_AS → the Windows collation of the same language and sensitivity.
  name = name
    .replace(/^sql_/, "")
    .replace(/_cp\d+/, "")
    .replace(/_pref/, "");
  const parts = name.split("_");
  const flags = new Set<string>();
  while (parts.length && /^(ci|cs|ai|as|ks|ws|vss|sc|utf8|bin|bin2|\d+)$/.test(parts[parts.length - 1]!))
    flags.add(parts.pop()!);
  const locale = LOCALES[parts.join("_")] ?? (options.rootWhenUnknown ? "und" : undefined);
  if (!locale) return undefined;
  const tsql = tsqlName.trim();
  if (flags.has("bin") || flags.has("bin2"))
    return { name: "C", tsql, caseInsensitive: false, accentInsensitive: false, deterministic: true };
  if (!flags.has("ci") && !flags.has("cs")) return undefined;
  const caseInsensitive = flags.has("ci");
  const accentInsensitive = flags.has("ai");
  const strength = accentInsensitive
    ? caseInsensitive
      ? "ks-level1"
      : "ks-level1-kc-true"
    : caseInsensitive
      ? "ks-level2"
      : undefined;
  const icu = strength ? (locale.includes("-u-") ? `${locale}-${strength}` : `${locale}-u-${strength}`) : locale;
  const deterministic = strength === undefined;
  const pgName = `tsql_${locale.replace(/-u-co-/, "_").replace(/-/g, "_")}_${caseInsensitive ? "ci" : "cs"}_${accentInsensitive ? "ai" : "as"}`;
  return {
    name: pgName,
    tsql,
    create: `create collation if not exists ${quoteIdent(pgName)} (provider = icu, locale = '${icu}', deterministic = ${deterministic})`,
    caseInsensitive,
    accentInsensitive,
    deterministic,
    locale,
  };
}

/**
 * The order a collation puts two characters in (negative, zero, positive), as ICU sorts them for its locale and
 * sensitivity, or undefined for a binary collation (code point order). What a LIKE range `[x-y]` spans depends on it
 * (docs: like-transact-sql.md, "In range searches, the characters included in the range may vary depending on the
 * sorting rules of the collation").
 */
export function collationOrder(pg: PgCollation): ((a: string, b: string) => number) | undefined {
  if (!pg.locale) return undefined;
  const sensitivity = pg.accentInsensitive
    ? pg.caseInsensitive
      ? "base"
      : "case"
    : pg.caseInsensitive
      ? "accent"
      : "variant";
  return new Intl.Collator(pg.locale, { sensitivity, caseFirst: "lower" }).compare;
}

/** The database default's PostgreSQL collation. */
export function defaultPgCollation(): PgCollation {
  return pgCollation(DEFAULT_TSQL_COLLATION)!;
}

/**
 * The collation a table's text column compares under: its declared one (COLLATE in CREATE TABLE; a language this
 * table does not know compares like the Unicode root order with the same case and accent sensitivity), else the
 * database default.
 */
export function columnPgCollation(declared: string | undefined): PgCollation {
  return (
    (declared !== undefined ? pgCollation(declared, { rootWhenUnknown: true }) : undefined) ?? defaultPgCollation()
  );
}

/** `collate "<default>"`: the database default's clause (what translated literal comparisons use). */
export function defaultCollationClause(): string {
  return collateClause(defaultPgCollation());
}

/** ` collate "<name>"` for a table column whose values are text (its staging collation), else "". */
export function stagingCollation(column: { type: { name: string }; collation?: string }): string {
  return /^(n?(var)?char|n?text|sysname)$/i.test(column.type.name)
    ? ` ${collateClause(columnPgCollation(column.collation))}`
    : "";
}

/** `collate "<name>"` for a collation. */
export function collateClause(c: PgCollation): string {
  return `collate ${quoteIdent(c.name)}`;
}

/**
 * The `create collation` statements for every translator collation the SQL texts name (`collate "tsql_…"` or bare),
 * in a stable order: what the sandbox runs before building models and the dbt project runs on-run-start.
 */
export function collationSetupSql(sqlTexts: Iterable<string>): string[] {
  const names = new Set<string>();
  // Quoted as emitted, or bare as the project's model files lay it out (agents/dbt/layout.ts).
  for (const text of sqlTexts) for (const m of text.matchAll(/collate "?(tsql_[a-z0-9_]+)\b/g)) names.add(m[1]!);
  return [...names]
    .sort()
    .map((n) => createStatementFor(n))
    .filter((s): s is string => s !== undefined);
}

const BY_PG_NAME = new Map<string, string>();

function createStatementFor(pgName: string): string | undefined {
  if (!BY_PG_NAME.size) {
    for (const language of Object.keys(LOCALES)) {
      for (const flags of ["ci_as", "ci_ai", "cs_as", "cs_ai"]) {
        const c = pgCollation(`${language}_${flags}`);
        if (c?.create) BY_PG_NAME.set(c.name, c.create);
      }
    }
  }
  return BY_PG_NAME.get(pgName);
}
