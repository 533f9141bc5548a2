import { createHmac } from "node:crypto";
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type postgres from "postgres";

/**
 * Delivers the webhook outbox (`webhook_deliveries`, filled by a trigger when a migration ends): a signed JSON POST
 * per row, retried with exponential backoff, failed for good after MAX_ATTEMPTS. Written on node:http rather than
 * fetch because the address check must run on the address actually connected to (the `lookup` hook), or a name
 * that resolves to a public address when checked and a private one when fetched (DNS rebinding) reaches inside.
 */

export const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;
const BATCH = 10;

export type WebhookOptions = {
  /** Let webhooks reach loopback and private networks (a receiver on the same machine or LAN). Off by default. */
  allowPrivateNetworks?: boolean;
  /** Backoff before the second attempt; doubles for each later one. */
  firstRetryMs?: number;
};

/** What is wrong with a webhook URL as the user typed it, or null. The address is checked again on every call. */
export function webhookUrlProblem(text: string, options: WebhookOptions = {}): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "The webhook URL is not a valid URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return "The webhook URL must start with https:// or http://";
  if (url.username || url.password)
    return "The webhook URL must not carry a user name or password: use the signing secret to authenticate calls";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host) && !options.allowPrivateNetworks && isPrivateAddress(host))
    return `The webhook URL points to a private or loopback address (${host})`;
  if (/^localhost$|\.localhost$/i.test(host) && !options.allowPrivateNetworks)
    return "The webhook URL points to this machine (localhost)";
  return null;
}

const PRIVATE = new net.BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const) {
  PRIVATE.addSubnet(address, prefix, "ipv4");
}
for (const [address, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  PRIVATE.addSubnet(address, prefix, "ipv6");
}

/** Loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return PRIVATE.check(mapped[1]!, "ipv4");
  return net.isIPv6(address) ? PRIVATE.check(address, "ipv6") : PRIVATE.check(address, "ipv4");
}

/** `sha256=<hex>` of `<timestamp>.<body>` under the user's secret: what a receiver recomputes to trust a call. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

type Due = { id: string; url: string | null; payload: unknown; attempts: number; secret: string | null };

/**
 * Claims up to BATCH due deliveries (each claim counts as an attempt and holds the row for a minute, so two
 * workers never call twice at once) and delivers them. Returns how many were attempted.
 */
export async function deliverDueWebhooks(sql: postgres.Sql, options: WebhookOptions = {}): Promise<number> {
  // The URL and secret are the user's current ones: a call queued before they changed or removed the webhook goes
  // to where they want calls now, or nowhere.
  const due = await sql<Due[]>`
    update webhook_deliveries d
       set attempts = d.attempts + 1, locked_until = now() + interval '1 minute'
     where d.id in (select id from webhook_deliveries
                     where delivered_at is null and failed_at is null and next_attempt_at <= now()
                       and (locked_until is null or locked_until < now())
                     order by next_attempt_at
                     limit ${BATCH}
                     for update skip locked)
    returning d.id, d.payload, d.attempts,
              (select w.url from webhooks w where w.user_id = d.user_id) as url,
              (select w.secret from webhooks w where w.user_id = d.user_id) as secret`;
  await Promise.all(due.map((delivery) => deliverOne(sql, delivery, options)));
  return due.length;
}

async function deliverOne(sql: postgres.Sql, delivery: Due, options: WebhookOptions): Promise<void> {
  const problem =
    delivery.url === null || delivery.secret === null
      ? "the webhook was removed"
      : webhookUrlProblem(delivery.url, options);
  const outcome = problem ? { ok: false as const, error: problem, final: true } : await post(delivery, options);
  if (outcome.ok) {
    await sql`update webhook_deliveries set delivered_at = now(), locked_until = null, last_error = null where id = ${delivery.id}`;
    return;
  }
  if (outcome.final || delivery.attempts >= MAX_ATTEMPTS) {
    await sql`update webhook_deliveries set failed_at = now(), locked_until = null, last_error = ${outcome.error} where id = ${delivery.id}`;
    return;
  }
  const backoffMs = (options.firstRetryMs ?? FIRST_RETRY_MS) * 2 ** (delivery.attempts - 1);
  await sql`
    update webhook_deliveries
       set next_attempt_at = now() + ${backoffMs} * interval '1 millisecond', locked_until = null, last_error = ${outcome.error}
     where id = ${delivery.id}`;
}

function post(
  delivery: Due,
  options: WebhookOptions,
): Promise<{ ok: true } | { ok: false; error: string; final: boolean }> {
  const body = JSON.stringify(delivery.payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const url = new URL(delivery.url!);
  const lookup: net.LookupFunction = (hostname, lookupOptions, callback) =>
    dns.lookup(hostname, { ...lookupOptions, all: false }, (error, address, family) => {
      if (!error && !options.allowPrivateNetworks && isPrivateAddress(address)) {
        callback(new Error(`${hostname} resolves to a private or loopback address (${address})`), address, family);
      } else callback(error, address, family);
    });
  return new Promise((resolve) => {
    const request = (url.protocol === "https:" ? https : http).request(
      url,
      {
        method: "POST",
        lookup,
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          "content-type": "application/json",
          "user-agent": "DataMigrate-AI-Webhook/1",
          "x-datamigrate-event": "migration.finished",
          "x-datamigrate-delivery": delivery.id,
          "x-datamigrate-timestamp": timestamp,
          "x-datamigrate-signature": webhookSignature(delivery.secret!, timestamp, body),
        },
      },
      (response) => {
        response.resume(); // the answer's body is not ours to read
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve({ ok: true });
        // A redirect is not followed (it could lead anywhere) and is not retried: the URL needs fixing.
        else
          resolve({ ok: false, error: `the receiver answered HTTP ${status}`, final: status >= 300 && status < 400 });
      },
    );
    request.on("timeout", () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    request.on("error", (error) => resolve({ ok: false, error: error.message, final: false }));
    request.end(body);
  });
}

/** Runs deliveries every `intervalMs` until stopped; one round at a time, errors logged, never thrown. */
export function startWebhookDelivery(sql: postgres.Sql, options: WebhookOptions & { intervalMs?: number } = {}) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const round = async () => {
    try {
      while (!stopped && (await deliverDueWebhooks(sql, options)) > 0);
    } catch (error) {
      console.warn(`[webhooks] delivery round failed: ${(error as Error).message}`);
    }
    if (!stopped) timer = setTimeout(() => void round(), options.intervalMs ?? 5_000);
  };
  void round();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
