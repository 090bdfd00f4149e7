import { describe, expect, test } from "bun:test";
import { describeOperations, isAuthenticatedPath } from "./openapi.ts";
import { inlineDisposition } from "./routes/document-file.ts";

describe("describeOperations", () => {
  const generated = {
    paths: {
      "/api/v2/auth/login": { post: { summary: "Log in", responses: { "200": { description: "ok" } } } },
      "/api/v2/documents/{id}": {
        get: { summary: "One", responses: { "200": { description: "ok" } } },
        delete: { summary: "Delete" },
      },
      "/health": { get: { summary: "Health", responses: { "200": { description: "ok" } } } },
    },
    components: { schemas: {} },
  };

  test("bearer on authenticated operations only; error statuses name their codes; the input is unchanged", () => {
    const before = structuredClone(generated);
    const spec = describeOperations(generated) as any;
    expect(generated).toEqual(before);
    expect(spec.components.schemas.Error.required).toEqual(["code", "message"]);
    expect(spec.paths["/api/v2/auth/login"].post.security).toBeUndefined();
    expect(spec.paths["/api/v2/auth/login"].post.responses["401"].description).toBe("`invalid_credentials`");
    const one = spec.paths["/api/v2/documents/{id}"].get;
    expect(one.security).toEqual([{ bearer: [] }]);
    expect(one.responses["401"].description).toBe("`missing_token`, `invalid_token`, `token_expired`");
    expect(one.responses["404"].description).toBe("`not_found`");
    expect(one.responses["503"].description).toBe("`database_unavailable` (with `Retry-After`)");
    expect(one.responses["404"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Error" });
    expect(spec.paths["/api/v2/documents/{id}"].delete.responses["204"]).toBeDefined();
    expect(Object.keys(spec.paths["/health"].get.responses)).toEqual(["200"]);
  });

  test("which paths need a token", () => {
    expect(isAuthenticatedPath("/chat")).toBe(true);
    expect(isAuthenticatedPath("/api/v2/upload")).toBe(true);
    expect(isAuthenticatedPath("/api/v2/auth/register")).toBe(false);
    expect(isAuthenticatedPath("/api/v2/auth/login")).toBe(false);
    expect(isAuthenticatedPath("/api/v2/auth/logout")).toBe(true);
    expect(isAuthenticatedPath("/api/v2/account")).toBe(true);
    expect(isAuthenticatedPath("/health")).toBe(false);
  });
});

describe("inlineDisposition", () => {
  test("inline, an ASCII fallback without quotes or backslashes, and the exact name per RFC 8187", () => {
    expect(inlineDisposition("SBC_Kaiser.pdf")).toBe(`inline; filename="SBC_Kaiser.pdf"; filename*=UTF-8''SBC_Kaiser.pdf`);
    expect(inlineDisposition('Plan "Ñ"\\(1).pdf')).toBe(`inline; filename="Plan ____(1).pdf"; filename*=UTF-8''Plan%20%22%C3%91%22%5C%281%29.pdf`);
  });
});
