import { isIP } from "node:net";
import type { IncomingMessage } from "node:http";

/**
 * The address rate limits and the sign-in lockout count per.
 *
 * Without a proxy (TRUST_PROXY=0, the default) it is the TCP peer's address: X-Forwarded-For is ignored, since
 * any client can write it. Behind N proxies that each append to X-Forwarded-For (TRUST_PROXY=N), it is the entry
 * N places from the right of "X-Forwarded-For, peer": the address the outermost trusted proxy saw. Entries
 * further left were written by the client and are never believed.
 *
 * IPv6 addresses count per /64, the block one subscriber gets, so rotating addresses inside it does not help.
 */
/**
 * The request header our HTTP server sets to the client's address before Next sees the request (overwriting
 * whatever a client sent under that name), for code that only gets Next's view of the request (sign-in).
 */
export const CLIENT_ADDRESS_HEADER = "x-datamigrate-client-address";

/** What a request whose address cannot be read counts as (one shared bucket; never a "known" sign-in address). */
export const UNKNOWN_CLIENT_ADDRESS = "unknown";

export function clientAddress(req: Pick<IncomingMessage, "headers" | "socket">, trustProxy: number): string {
  const peer = req.socket.remoteAddress ?? UNKNOWN_CLIENT_ADDRESS;
  if (trustProxy <= 0) return normalise(peer);
  const forwarded = [req.headers["x-forwarded-for"]]
    .flat()
    .filter((v): v is string => typeof v === "string")
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return normalise(chain[Math.max(0, chain.length - 1 - trustProxy)]!);
}

function normalise(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (isIP(address) !== 6) return isIP(address) === 4 ? address : UNKNOWN_CLIENT_ADDRESS;
  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head, tail] = address.split("%")[0]!.split("::") as [string, string | undefined];
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.map((g) => (parseInt(g, 16) || 0).toString(16));
}
