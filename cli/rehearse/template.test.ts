import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnvFile, renderTemplate, TemplateError } from "./template.ts";

const vars = new Map([["nomad/jobs/navigator", { JWT_SECRET: "s3cret", DATABASE_URL: "postgres://db/nav" }]]);
const context = { variables: vars, env: { NOMAD_PORT_http: "8123" } };

describe("renderTemplate", () => {
  test("renders present keys, skips missing ones, trims like Go templates", () => {
    const out = renderTemplate(
      '{{- with nomadVar "nomad/jobs/navigator" }}\n{{- with .JWT_SECRET }}JWT_SECRET={{ . }}{{ end }}\n{{ with .S3_BUCKET }}S3_BUCKET={{ . }}{{ end }}\n{{ with .DATABASE_URL }}DATABASE_URL={{ . }}{{ end }}\n{{- end }}\n',
      context,
    );
    expect(out).toBe("JWT_SECRET=s3cret\n\nDATABASE_URL=postgres://db/nav\n");
    expect(parseEnvFile(out)).toEqual({ JWT_SECRET: "s3cret", DATABASE_URL: "postgres://db/nav" });
  });

  test("env and direct keys", () => {
    expect(renderTemplate('port {{ env "NOMAD_PORT_http" }} {{ with nomadVar "nomad/jobs/navigator" }}{{ .JWT_SECRET }}{{ end }}', context)).toBe("port 8123 s3cret");
  });

  test("refuses what it does not implement, and a variable it does not have", () => {
    expect(() => renderTemplate("{{ range .Tuples }}{{ end }}", context)).toThrow(TemplateError);
    expect(() => renderTemplate('{{ with nomadVar "nomad/jobs/other" }}{{ end }}', context)).toThrow(/no such variable/);
    expect(() => renderTemplate("{{ with .X }}", context)).toThrow(/not closed/);
    expect(() => parseEnvFile("NOT A LINE")).toThrow(TemplateError);
  });

  test("renders every template of deploy/nomad/navigator.nomad.hcl's api group to the secrets it names", () => {
    const text = readFileSync(join(import.meta.dir, "../../deploy/nomad/navigator.nomad.hcl"), "utf8");
    const data = /data\s+=\s+<<-EOT\n([\s\S]*?)\n\s*EOT/.exec(text)?.[1]?.replace(/^ {10}/gm, "") ?? "";
    expect(parseEnvFile(renderTemplate(data, context))).toEqual({ JWT_SECRET: "s3cret", DATABASE_URL: "postgres://db/nav" });
  });
});
