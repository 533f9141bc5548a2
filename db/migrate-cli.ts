import { applyMigrations } from "./migrate";
import { requireDatabaseUrl } from "~/runtime/env";

await applyMigrations(requireDatabaseUrl());
console.log("Database schema is up to date.");
