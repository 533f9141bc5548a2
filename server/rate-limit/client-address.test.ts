import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

const request = (peer: string | undefined, forwardedFor?: string) =>
  ({
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
    socket: { remoteAddress: peer },
  }) as never;

describe("client address", () => {
  it("without TRUST_PROXY it is the TCP peer, whatever X-Forwarded-For claims", () => {
    expect(clientAddress(request("203.0.113.5", "1.2.3.4"), 0)).toBe("203.0.113.5");
    expect(clientAddress(request("::ffff:203.0.113.5"), 0)).toBe("203.0.113.5");
  });

  it("behind N trusted proxies it is the entry N places from the right; entries the client wrote further left are ignored", () => {
    // client forged "6.6.6.6", the proxy appended the address it saw (198.51.100.9); the proxy is the peer.
    expect(clientAddress(request("10.0.0.1", "6.6.6.6, 198.51.100.9"), 1)).toBe("198.51.100.9");
    expect(clientAddress(request("10.0.0.2", "6.6.6.6, 198.51.100.9, 10.0.0.1"), 2)).toBe("198.51.100.9");
    // Fewer entries than trusted proxies: the leftmost there is.
    expect(clientAddress(request("10.0.0.1"), 1)).toBe("10.0.0.1");
  });

  it("counts IPv6 per /64, so rotating addresses inside one subscriber's block does not help", () => {
    expect(clientAddress(request("2001:db8:1:2:aaaa::1"), 0)).toBe("2001:db8:1:2::/64");
    expect(clientAddress(request("2001:db8:1:2:bbbb:cccc:dddd:eeee"), 0)).toBe("2001:db8:1:2::/64");
    expect(clientAddress(request("2001:db8::1"), 0)).toBe("2001:db8:0:0::/64");
  });

  it("anything that is not an address (no peer, garbage in a forwarded header) is 'unknown'", () => {
    expect(clientAddress(request(undefined), 0)).toBe("unknown");
    expect(clientAddress(request("10.0.0.1", "not-an-ip"), 1)).toBe("unknown");
  });
});
