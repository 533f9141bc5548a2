import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { createMigrationViaApi, newUser, screenshot, waitForIdleWorker } from "./helpers";

test("a user's webhook gets a signed call when their migration ends, and the account page shows it delivered", async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  const calls: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      calls.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  try {
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/chat`;
    await newUser(page, "webhook");
    await page.getByRole("link", { name: "Account" }).click();
    await page.getByLabel("Webhook URL").fill("ftp://example.com/");
    await page.getByRole("button", { name: "Add webhook" }).click();
    await expect(page.locator("#webhookUrl-error")).toContainText("https:// or http://");
    await page.getByLabel("Webhook URL").fill(hookUrl);
    await page.getByRole("button", { name: "Add webhook" }).click();
    const secret = (await page.getByTestId("webhook-secret").textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByText("None yet")).toBeVisible();

    const { id } = await createMigrationViaApi(page, { name: "Notified shop", source: { kind: "sample" } });
    await expect.poll(() => calls.length, { timeout: 150_000 }).toBe(1);
    const [call] = calls;
    const signature = `sha256=${createHmac("sha256", secret)
      .update(`${String(call!.headers["x-datamigrate-timestamp"])}.${call!.body}`)
      .digest("hex")}`;
    expect(call!.headers["x-datamigrate-signature"]).toBe(signature);
    expect(JSON.parse(call!.body)).toMatchObject({
      event: "migration.finished",
      migration: { id, name: "Notified shop", status: "succeeded" },
    });

    await page.reload();
    await expect(page.getByTestId("webhook-deliveries")).toContainText("Notified shop (succeeded)");
    await expect(page.getByTestId("webhook-delivery-state")).toContainText("delivered");
    await screenshot(page, testInfo, "70-account-webhook-1440");
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, testInfo, "71-account-webhook-390");
    await waitForIdleWorker(page);
  } finally {
    receiver.close();
  }
});
