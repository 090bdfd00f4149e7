/**
 * Renders the part of Nomad's template language (Go `text/template` + consul-template functions)
 * that Navigator's job files use, so a rehearsal produces what a Nomad client would:
 * `{{ with nomadVar "path" }}…{{ end }}`, `{{ with .KEY }}…{{ end }}`, `{{ .KEY }}`, `{{ . }}`,
 * `{{ env "NAME" }}`, and the `{{-`/`-}}` whitespace trimming of Go templates. Anything else is
 * refused with {@link TemplateError} naming the action, rather than rendered differently from Nomad.
 * A missing key renders as Go does for a map of strings: empty (so `with` skips it).
 */

import { NavigatorError } from "../../runtime/index.ts";

/** A template the renderer does not support, or a reference it cannot resolve. */
export class TemplateError extends NavigatorError<"template_invalid"> {
  readonly code = "template_invalid";
}

/** What a template can read. */
export interface TemplateContext {
  /** Nomad Variables by path: their items. */
  readonly variables: ReadonlyMap<string, Record<string, string>>;
  /** The task's environment (`env "NAME"`). */
  readonly env: Record<string, string>;
}

type Node = { kind: "text"; text: string } | { kind: "value"; expr: string } | { kind: "with"; expr: string; body: Node[] };

/**
 * Renders `source` with `context`.
 * @throws TemplateError on an unsupported action, an unbalanced `with`/`end`, or a `nomadVar`
 *   path that `context.variables` does not hold (Nomad would block the task waiting for it).
 */
export function renderTemplate(source: string, context: TemplateContext): string {
  const nodes = parseTemplate(source);
  return renderNodes(nodes, undefined, context);
}

function parseTemplate(source: string): Node[] {
  const tokens: ({ kind: "text"; text: string } | { kind: "action"; body: string })[] = [];
  let rest = source;
  while (rest.length > 0) {
    const open = rest.indexOf("{{");
    if (open < 0) {
      tokens.push({ kind: "text", text: rest });
      break;
    }
    let text = rest.slice(0, open);
    const close = rest.indexOf("}}", open);
    if (close < 0) throw new TemplateError(`unclosed action at ${JSON.stringify(rest.slice(open, open + 30))}`);
    let body = rest.slice(open + 2, close);
    rest = rest.slice(close + 2);
    if (body.startsWith("- ") || body === "-") {
      text = text.replace(/\s+$/, "");
      body = body.slice(1);
    }
    if (body.endsWith(" -")) {
      body = body.slice(0, -1);
      rest = rest.replace(/^\s+/, "");
    }
    if (text !== "") tokens.push({ kind: "text", text });
    tokens.push({ kind: "action", body: body.trim() });
  }
  const root: Node[] = [];
  const stack: Node[][] = [root];
  for (const token of tokens) {
    const top = stack[stack.length - 1] as Node[];
    if (token.kind === "text") {
      top.push(token);
      continue;
    }
    const { body } = token;
    if (body === "end") {
      if (stack.length === 1) throw new TemplateError("{{ end }} without an open {{ with }}");
      stack.pop();
    } else if (body.startsWith("with ")) {
      const node: Node = { kind: "with", expr: body.slice(5).trim(), body: [] };
      top.push(node);
      stack.push(node.body);
    } else {
      top.push({ kind: "value", expr: body });
    }
  }
  if (stack.length !== 1) throw new TemplateError("a {{ with }} is not closed by {{ end }}");
  return root;
}

function renderNodes(nodes: readonly Node[], dot: unknown, context: TemplateContext): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "value") out += stringify(evaluate(node.expr, dot, context));
    else {
      const value = evaluate(node.expr, dot, context);
      if (truthy(value)) out += renderNodes(node.body, value, context);
    }
  }
  return out;
}

function evaluate(expr: string, dot: unknown, context: TemplateContext): unknown {
  if (expr === ".") return dot;
  const field = /^\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expr);
  if (field) {
    if (!dot || typeof dot !== "object") throw new TemplateError(`{{ ${expr} }} outside a {{ with nomadVar … }}`);
    return (dot as Record<string, unknown>)[field[1] as string] ?? "";
  }
  const call = /^(nomadVar|env)\s+"([^"]*)"$/.exec(expr);
  if (call) {
    const [, fn, arg] = call as unknown as [string, string, string];
    if (fn === "env") return context.env[arg] ?? "";
    const items = context.variables.get(arg);
    if (!items) throw new TemplateError(`nomadVar "${arg}": no such variable in the rehearsal's variables files (Nomad would wait for it)`);
    return items;
  }
  throw new TemplateError(`unsupported template action {{ ${expr} }} (the rehearsal renders with, end, ., .KEY, env "X", nomadVar "P")`);
}

function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === "" || value === false) return false;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") throw new TemplateError("a template prints a whole variable; print its keys (.KEY)");
  return String(value);
}

/**
 * Parses an env file as Nomad reads a template with `env = true`: `KEY=value` lines, blank lines
 * and `#` comments skipped, the value taken verbatim after the first `=`.
 * @throws TemplateError on a line that is not `KEY=value`.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [i, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new TemplateError(`line ${i + 1} of a rendered env file is not KEY=value`);
    env[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return env;
}
