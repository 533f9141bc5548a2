import { randomBytes } from "node:crypto";
import fs from "node:fs";

/**
 * A generated secret kept in a file only its owner can read (0600): read it, or create it once. An existing file
 * with looser permissions is tightened, since it may predate this rule.
 */
export function readOrCreateSecret(file: string): { secret: string; created: boolean } {
  let created = false;
  try {
    // wx: never follow or overwrite a file someone else put there in the meantime.
    fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  fs.chmodSync(file, 0o600);
  return { secret: fs.readFileSync(file, "utf8").trim(), created };
}
