import type { IncomingMessage } from "node:http";
import { CLIENT_ADDRESS_HEADER } from "~/server/rate-limit/client-address";

/**
 * What our server tells Next about a request, through its headers (Next-side code sees only those), always
 * overwriting what the client sent under the same names:
 * - the client's address as we determined it (server/rate-limit/client-address.ts), for the sign-in limits;
 * - the response's CSP, from which Next takes the script nonce it puts on every script it renders;
 * - the request's path and query, so a signed-out page request can send its user to sign in and back.
 */
export const REQUEST_PATH_HEADER = "x-datamigrate-path";

export function prepareForNext(req: IncomingMessage, facts: { clientAddress: string; csp: string }): void {
  req.headers[CLIENT_ADDRESS_HEADER] = facts.clientAddress;
  req.headers["content-security-policy"] = facts.csp;
  req.headers[REQUEST_PATH_HEADER] = req.url ?? "/";
  delete req.headers["content-security-policy-report-only"];
}
