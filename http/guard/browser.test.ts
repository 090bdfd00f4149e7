import { describe, expect, test } from "bun:test";
import { socketOriginAllowed } from "./browser.ts";

const upgrade = (origin: string | null, host = "localhost:8080") =>
  new Request(`http://${host}/chat/ws`, { headers: { host, ...(origin === null ? {} : { origin }) } });

describe("socketOriginAllowed", () => {
  test("no Origin (not a browser) and this server's own page are allowed without CORS_ORIGINS", () => {
    expect(socketOriginAllowed(upgrade(null), [])).toBe(true);
    expect(socketOriginAllowed(upgrade("http://localhost:8080"), [])).toBe(true);
    expect(socketOriginAllowed(upgrade("https://nav.example.com", "nav.example.com"), [])).toBe(true);
  });

  test("another site, another port or a malformed Origin is refused unless listed", () => {
    expect(socketOriginAllowed(upgrade("https://evil.example"), [])).toBe(false);
    expect(socketOriginAllowed(upgrade("http://localhost:5173"), [])).toBe(false);
    expect(socketOriginAllowed(upgrade("null"), [])).toBe(false);
    expect(socketOriginAllowed(upgrade("http://localhost:5173"), ["http://localhost:5173"])).toBe(true);
    expect(socketOriginAllowed(upgrade("https://evil.example"), ["*"])).toBe(true);
  });
});
