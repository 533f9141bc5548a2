import { decode, encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { endSession } from "~/server/auth/sessions";
import { sessionCookie, startTestApi, TEST_SECRET, type TestApi } from "~/server/testing";

/** A session cookie is only as good as its server-side session (server/auth/sessions.ts). */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const me = async (cookie: string) => (await fetch(`${api.apiUrl}/api/trpc/auth.me`, { headers: { cookie } })).status;

async function tokenOf(cookie: string) {
  return decode({ token: cookie.slice(cookie.indexOf("=") + 1), secret: TEST_SECRET, salt: "authjs.session-token" });
}

describe("sign-out invalidates the session on the server", () => {
  it("after sign-out the old cookie is refused (401) on the very next request; the user's other sessions keep working", async () => {
    const user = await api.user("sign-out");
    const laptop = await sessionCookie(api.db, user.id);
    const phone = await sessionCookie(api.db, user.id);
    expect(await me(laptop)).toBe(200);

    // What next-auth's signOut event does with the signed-out cookie's token (server/auth/config.ts).
    await endSession(api.db, await tokenOf(laptop));
    expect(await me(laptop)).toBe(401);
    expect(await me(phone)).toBe(200);
  });

  it("a validly signed cookie without a live session id (issued before sessions, or for another user's session) is refused", async () => {
    const [a, b] = [await api.user("claims-a"), await api.user("claims-b")];
    const withoutSession = `authjs.session-token=${await encode({ token: { sub: a.id }, secret: TEST_SECRET, salt: "authjs.session-token", maxAge: 3600 })}`;
    expect(await me(withoutSession)).toBe(401);
    const bSession = (await tokenOf(await sessionCookie(api.db, b.id)))!.sid;
    const borrowed = `authjs.session-token=${await encode({ token: { sub: a.id, sid: bSession }, secret: TEST_SECRET, salt: "authjs.session-token", maxAge: 3600 })}`;
    expect(await me(borrowed)).toBe(401);
  });
});
