import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { getScriptNonceFromHeaders } from "next/dist/server/app-render/get-script-nonce-from-header";
import { CLIENT_ADDRESS_HEADER } from "~/server/rate-limit/client-address";
import { prepareForNext } from "./next-request";
import { contentSecurityPolicy } from "./security-headers";

describe("what the server tells Next about a request", () => {
  it("overwrites a client's own client-address and CSP request headers with ours, and Next reads our nonce from them", () => {
    const req = {
      headers: {
        [CLIENT_ADDRESS_HEADER]: "203.0.113.99", // forged by the client
        "content-security-policy": "script-src 'nonce-forged'",
        "content-security-policy-report-only": "script-src 'nonce-forged-too'",
      },
    } as unknown as IncomingMessage;
    const csp = contentSecurityPolicy("page", { nonce: "c29tZSBub25jZSB2YWx1ZQ==" });
    prepareForNext(req, { clientAddress: "198.51.100.1", csp });
    expect(req.headers[CLIENT_ADDRESS_HEADER]).toBe("198.51.100.1");
    expect(req.headers["content-security-policy-report-only"]).toBeUndefined();
    // Next's own parser (what its app renderer calls) finds our nonce.
    expect(getScriptNonceFromHeaders(req.headers)).toBe("c29tZSBub25jZSB2YWx1ZQ==");
  });
});
