/**
 * The web page in a real browser (Debian's chromium through playwright-core): a member signs up,
 * uploads SBC_Kaiser.pdf, waits for "Complete" (dropping it again is refused in plain words), asks for the deductible, sees "$1,000" with a
 * citation, opens it and sees page 1 of their PDF beside the cited text; Spanish, conversations,
 * 360 px and labels are checked; a second member's browser cannot open the first one's file,
 * and that member deletes their account.
 * Screenshots (desktop and 360 px) go to a temporary folder whose paths are printed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { launchBrowser, requireChromium, type TestBrowser } from "./support/browser.ts";
import { corpusPath, requireCorpus, startTestServer, TEST_PASSWORD, uniqueEmail, type TestServer } from "./support/server.ts";

const KAISER = "SBC_Kaiser.pdf";
const corpus = requireCorpus([KAISER]);
const chromium = requireChromium();
const ready = corpus.available && chromium.available;
/** Ingestion of one SBC plus a chat answer on a loaded 2-core machine stay well inside this. */
const STEP_TIMEOUT_MS = 120_000;

test("chromium and the shared corpus are available (fails under CI=true when missing, skips otherwise)", () => {
  for (const check of [corpus, chromium]) {
    if (check.available) continue;
    if (check.mustFail) throw new Error(check.reason);
    console.warn(check.reason);
  }
});

/** Signs up in the page's form and waits for the signed-in view. */
async function signUp(page: Page, email: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.locator("#app-view").waitFor({ state: "visible" });
}

/** Every visible control has an accessible name (a label, aria-label or text). */
async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("button, input, textarea, select, a[href]")]
      .filter((e) => e.offsetParent !== null)
      .filter((e) => {
        const labelled = (e as HTMLInputElement).labels?.length || e.getAttribute("aria-label") || e.getAttribute("aria-labelledby");
        return !labelled && !(e.textContent ?? "").trim();
      })
      .map((e) => e.outerHTML.slice(0, 120)),
  );
}

describe.skipIf(!ready)("the web page in chromium", () => {
  let server: TestServer;
  let first: TestBrowser;
  let second: TestBrowser | undefined;
  let screens: string;

  beforeAll(async () => {
    server = await startTestServer();
    first = await launchBrowser();
    screens = await mkdtemp(path.join(tmpdir(), "navigator-screens-"));
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await server?.close();
  }, 60_000);

  test("sign up, upload, ask, open the cited page; Spanish; conversations; 360 px; another member gets 404", async () => {
    const page = await first.context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => void (m.type() === "error" && consoleErrors.push(m.text())));
    const otherOrigins: string[] = [];
    page.on("request", (r) => void (!r.url().startsWith(server.url) && !r.url().startsWith("ws://127.0.0.1") && !/^(data|blob):/.test(r.url()) && otherOrigins.push(r.url())));

    await page.goto(`${server.url}/`);
    await page.getByRole("heading", { name: "Sign in or create an account" }).waitFor();
    const firstLoadBytes = await page.evaluate(() =>
      (performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")) as PerformanceResourceTiming[]).reduce((sum, e) => sum + e.transferSize, 0),
    );
    console.log(`first load of / transferred ${firstLoadBytes} bytes`);
    expect(firstLoadBytes).toBeGreaterThan(0);
    expect(await unlabelledControls(page)).toEqual([]);

    // A weak password is refused in plain words.
    await page.getByLabel("Email").fill(uniqueEmail("weak"));
    await page.getByLabel(/^Password/).fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.locator("#auth-error", { hasText: /8 characters/ }).waitFor(); // the server's words, shown as they are

    const email = uniqueEmail("browser");
    await signUp(page, email);
    expect(page.url()).toBe(`${server.url}/`);

    // Upload by picking the file; progress comes from the socket, then "Complete: N pages, M passages".
    await page.getByLabel("Add plan documents (PDF)").setInputFiles(corpusPath(KAISER));
    const item = page.locator("#document-list li", { hasText: KAISER });
    await item.waitFor();
    await page.locator("#document-list li[data-status=complete]", { hasText: "Complete" }).waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await item.textContent()).toMatch(/Complete: \d+ pages?, \d+ passages/);

    // Dropping the same PDF again: refused, and said in plain words.
    const pdfBase64 = Buffer.from(await Bun.file(corpusPath(KAISER)).arrayBuffer()).toString("base64");
    const dropped = await page.evaluateHandle(([b64, name]) => {
      const bytes = Uint8Array.from(atob(b64!), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name!, { type: "application/pdf" }));
      return transfer;
    }, [pdfBase64, KAISER]);
    await page.locator("#drop-zone").dispatchEvent("drop", { dataTransfer: dropped });
    await page.locator("#document-list li[data-status=failed]", { hasText: "You have already added this document." }).waitFor({ timeout: STEP_TIMEOUT_MS });

    // Ask; the streamed answer ends with citations as links.
    await page.getByLabel(/Your question/).fill("What is my deductible?");
    await page.getByLabel(/Your question/).press("Enter");
    const answer = page.locator("#messages li.msg.assistant").last();
    await answer.locator("a.cite").first().waitFor({ timeout: STEP_TIMEOUT_MS });
    const answerText = (await answer.textContent()) ?? "";
    expect(answerText).toContain("$1,000");
    expect(answerText).toMatch(/\[\d+\]/);

    // The citation opens the member's own PDF at the cited page, with the cited text beside it.
    const citation = answer.locator("p a.cite").first();
    const citedLabel = (await citation.getAttribute("aria-label")) ?? "";
    expect(citedLabel).toMatch(new RegExp(`${KAISER.replace(".", "\\.")}, page 1$`));
    await citation.focus(); // by keyboard: a citation is a link, Enter opens it
    await page.keyboard.press("Enter");
    await page.locator("#viewer-canvas[data-rendered-page='1']").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await page.locator("#viewer-page").textContent()).toMatch(/^Page 1 of \d+$/);
    expect(((await page.locator("#cited-text").textContent()) ?? "").length).toBeGreaterThan(20);
    expect(await page.locator("#cited-text").isVisible()).toBe(true);
    const inked = await page.evaluate(() => {
      const canvas = document.getElementById("viewer-canvas") as HTMLCanvasElement;
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 3]! > 0) dark++;
      return dark;
    });
    expect(inked).toBeGreaterThan(1000); // the page was drawn, not a blank canvas
    const desktopShot = path.join(screens, "desktop-citation.png");
    await page.screenshot({ path: desktopShot });
    console.log(`screenshot (desktop, 1280 px, cited page open): ${desktopShot}`);
    await page.keyboard.press("Escape");
    await page.locator("#viewer").waitFor({ state: "hidden" });

    // Spanish: the answer comes back in Spanish, marked lang="es".
    await page.getByLabel(/Your question/).fill("¿Cuánto es mi deducible?");
    await page.getByRole("button", { name: "Ask", exact: true }).click();
    const spanish = page.locator("#messages li.msg.assistant[lang=es]").last();
    await spanish.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await spanish.textContent()).toContain("$1,000");

    // Suggested questions are buttons; the conversation is listed and reopens with its citations.
    const conversation = page.locator("#conversation-list button").first();
    await conversation.waitFor();
    await page.getByRole("button", { name: "New conversation" }).click();
    expect(await page.locator("#messages li").count()).toBe(0);
    await conversation.click();
    await page.locator("#messages li.msg.assistant a.cite").first().waitFor();
    expect(await page.locator("#messages li.msg.user").count()).toBe(2);

    // A question the documents do not answer: the not-found text, and the nearest passages listed
    // under their own label, never as citations; one opens its page like a source.
    await page.getByLabel(/Your question/).fill("Does my plan cover Zolgensma gene therapy?");
    await page.getByLabel(/Your question/).press("Enter");
    const notFound = page.locator("#messages li.msg.assistant").last();
    await notFound.locator(".nearest-passages").waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await notFound.locator(".nearest-passages").textContent()).toStartWith("Closest passages (no answer found)");
    expect(await notFound.locator("p").first().textContent()).toStartWith("I couldn't find that in your documents. These pages came closest:");
    expect(await notFound.locator("a.cite").count()).toBe(0);
    const nearestLabels = await notFound.locator("a.nearest-source").allTextContents();
    expect(nearestLabels.length).toBeGreaterThan(0);
    expect(new Set(nearestLabels).size).toBe(nearestLabels.length); // one link per page
    await notFound.locator("a.nearest-source").first().click();
    await page.locator("#viewer").waitFor();
    expect(await page.locator("#viewer-title").textContent()).toStartWith(KAISER);
    await page.keyboard.press("Escape");
    await page.locator("#viewer").waitFor({ state: "hidden" });

    // 360 px: nothing wider than the screen; screenshot.
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await unlabelledControls(page)).toEqual([]);
    const phoneShot = path.join(screens, "phone-360.png");
    await page.screenshot({ path: phoneShot, fullPage: true });
    console.log(`screenshot (360 px, signed in, conversation reopened): ${phoneShot}`);

    // Nothing came from another origin; the token is never in a URL.
    expect(otherOrigins).toEqual([]);
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem("navigator.session") ?? "{}").token as string);
    expect(token.length).toBeGreaterThan(20);
    expect(page.url()).not.toContain(token);
    const documentId = (await page.locator("#document-list li[data-status=complete]").first().getAttribute("data-document-id"))!;
    const fileUrl = `${server.url}/api/v2/documents/${documentId}/file`;
    // The list names the plan as the server found it (its plan_name), else the file name.
    const planName = await page.evaluate(
      async ([url, t]) => ((await (await fetch(url!, { headers: { authorization: `Bearer ${t}` } })).json()) as { plan_name: string | null }).plan_name,
      [`${server.url}/api/v2/documents/${documentId}`, token],
    );
    expect(await page.locator("#document-list li[data-status=complete] .doc-name").textContent()).toBe(planName ?? KAISER);

    // A second member, in another browser, cannot open the first member's file.
    second = await launchBrowser({ width: 360, height: 780 });
    const other = await second.context.newPage();
    await other.goto(`${server.url}/`);
    await signUp(other, uniqueEmail("other"));
    const status = await other.evaluate(async (url) => {
      const token = JSON.parse(sessionStorage.getItem("navigator.session") ?? "{}").token as string;
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: await res.text() };
    }, fileUrl);
    expect(status.status).toBe(404);
    expect(JSON.parse(status.body).code).toBe("not_found");
    const direct = await other.goto(fileUrl);
    expect(direct?.status()).toBe(401); // no token in a URL, so a bare link opens nothing

    // The second member deletes their account (after confirming): signed out, their token refused.
    await other.goto(`${server.url}/`);
    await other.locator("#app-view").waitFor({ state: "visible" });
    const otherToken = await other.evaluate(() => JSON.parse(sessionStorage.getItem("navigator.session") ?? "{}").token as string);
    other.once("dialog", (dialog) => void dialog.accept());
    await other.getByRole("button", { name: "Delete my account" }).click();
    await other.locator("#notice", { hasText: "Your account and everything in it were deleted." }).waitFor();
    expect(await other.locator("#auth-view").isVisible()).toBe(true);
    const refused = await fetch(`${server.url}/api/v2/documents`, { headers: { authorization: `Bearer ${otherToken}` } });
    expect(refused.status).toBe(401);

    // Delete the document (after confirming): its line goes.
    page.once("dialog", (dialog) => void dialog.accept());
    await page.locator("#document-list li[data-status=complete]").getByRole("button", { name: /^Delete / }).click();
    await page.locator("#document-list li[data-status=complete]").waitFor({ state: "detached" });
    const afterDelete = await page.evaluate(
      async ([url, t]) => (await fetch(url!, { headers: { authorization: `Bearer ${t}` } })).status,
      [fileUrl, token],
    );
    expect(afterDelete).toBe(404); // gone for its owner too

    // Sign out: back to the form, nothing kept in the tab.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in or create an account" }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("navigator.session"))).toBeNull();
    // The only failed requests are the deliberate ones: the weak password's 422, the duplicate's
    // 409 and the deleted file's 404.
    expect(consoleErrors.filter((e) => !/status of (422|409|404)/.test(e))).toEqual([]);
    expect(consoleErrors.length).toBeLessThanOrEqual(3);
  }, 400_000);
});
