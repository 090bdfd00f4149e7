/**
 * The profile of a plan document from its own first pages: which regulated form it is, the plan's
 * name, the insurer, plan type, coverage period and language.
 *
 * Forms and where they print their identity:
 * - US SBC (uniform template, 45 CFR 147.200): the running header "Insurer: Plan name" (the insurer
 *   is often a logo image, leaving ": Plan name"), then "Summary of Benefits and Coverage: What this
 *   Plan Covers & What … Costs", "Coverage Period: …", "Coverage for: … | Plan Type: …".
 * - Medicare Advantage EOC (CMS model EOC): the cover's largest line is the plan name; the text says
 *   "This plan, X, is offered by Y".
 * - Indian policy wordings (IRDAI): the insurer's registered name heads page 1 ("… Insurance Co.
 *   Ltd." / "… Company Limited"), with "Policy Wording(s)", the product's UIN and the product name.
 * When the insurer's name is an image, the web address in the text stands in for it (source `url`),
 * then the file name (source `filename`).
 */
import { cellText } from "./geometry.ts";
import type { PositionedItem, PositionedPage } from "./positions.ts";
import type { DocumentKind, DocumentProfile, ProfileSource } from "./types.ts";

/** Pages read for the profile (the cover and the page after it). */
export const PROFILE_PAGES = 3;

const SBC_TITLE = /Summary of Benefits and Coverage/i;
const EOC_TITLE = /Evidence of Coverage/i;
const POLICY_WORDING = /\bPolicy\s+Wordings?\b|\bUIN\b|\bIRDAI\b|Insurance Regulatory and Development Authority/i;
const COMPANY = /\b(?:Insurance|Assurance)\b.*\b(?:Co\.|Company|Ltd\.?|Limited)(?=\W|$)/i;
const URL = /\b(?:https?:\/\/)?www\.([a-z0-9-]+(?:\.[a-z0-9-]+)*?\.(?:com|org|net|gov|edu|in|us|info))/i;

interface Line {
  readonly text: string;
  readonly h: number;
  readonly y: number;
}

/** Lines of a page in reading order, with the largest font size on each line. */
export function pageLines(page: PositionedPage): Line[] {
  const items = [...page.items].sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: PositionedItem[][] = [];
  for (const it of items) {
    const g = groups[groups.length - 1];
    if (g && Math.abs(g[0]!.y - it.y) < 0.4 * Math.min(g[0]!.h, it.h)) g.push(it);
    else groups.push([it]);
  }
  return groups.map((g) => ({
    text: cellText(g),
    h: Math.max(...g.map((it) => it.h)),
    y: g[0]!.y,
  }));
}

const clean = (s: string | undefined | null) => {
  const t = (s ?? "").replace(/\s+/g, " ").replace(/^[\s:|–-]+|[\s:|–-]+$/g, "").trim();
  return t === "" ? null : t;
};

/** Words of a file name, without extension, form words or years: "SBC_Kaiser2.pdf" → "Kaiser2". */
export function fileNameWords(filename: string): string | null {
  const base = filename.replace(/\.[a-z0-9]{1,5}$/i, "").replace(/[_+]+/g, " ");
  return clean(base.replace(/\b(?:SBC|EOC|policy|wordings?|20\d\d(?:-20\d\d)?)\b/gi, " "));
}

/** ISO 639-1 language of `text` by its commonest function words: "es" when Spanish ones dominate, else "en". */
export function detectLanguage(text: string): string {
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  const es = count(/\b(?:el|los|las|que|para|por|con|una|del|su|sus|usted)\b/gi);
  const en = count(/\b(?:the|and|of|to|for|you|your|is|are|with)\b/gi);
  return es > en ? "es" : "en";
}

function kindOf(text: string): DocumentKind {
  if (SBC_TITLE.test(text)) return "sbc";
  if (EOC_TITLE.test(text)) return "eoc";
  if (POLICY_WORDING.test(text)) return "policy_wording";
  return "other";
}

interface Found {
  planName: string | null;
  insurer: string | null;
  planType: string | null;
  coveragePeriod: string | null;
}

function sbcIdentity(lines: readonly Line[]): Found {
  const titleAt = lines.findIndex((l) => SBC_TITLE.test(l.text));
  const above = lines
    .slice(0, Math.max(0, titleAt))
    .map((l) => clean(l.text.replace(/\s*Coverage Period\b.*$/i, "")))
    .filter((t): t is string => t !== null && !/^\d+ of \d+$/.test(t));
  let insurer: string | null = null;
  let planName: string | null = null;
  const withColon = above.find((t) => t.includes(":"));
  if (withColon) {
    const line = withColon;
    const i = line.indexOf(":");
    insurer = clean(line.slice(0, i));
    planName = clean(line.slice(i + 1));
  } else if (above.length >= 2 && !above[above.length - 1]!.includes(above[0]!) && !above[0]!.includes(above[above.length - 1]!)) {
    insurer = above[0]!;
    planName = above[above.length - 1]!;
  } else if (above.length >= 1) planName = above[above.length - 1]!;
  const all = lines.map((l) => l.text).join("\n");
  const period = all.match(/Coverage Period:\s*(.*?)(?=\s*Coverage for\b|\s*\||\n|$)/i)?.[1];
  const planType = all.match(/Plan Type:\s*([^|\n]+?)\s*(?:\||\n|$)/i)?.[1];
  return {
    planName,
    insurer,
    planType: clean(planType),
    coveragePeriod: period && /\d/.test(period) ? clean(period) : null,
  };
}

function eocIdentity(lines: readonly Line[], text: string): Found {
  const cover = lines.slice(0, 12);
  const biggest = [...cover].sort((a, b) => b.h - a.h)[0];
  const planName = clean(biggest?.text.replace(/\s*[-–:]?\s*(?:\d{4}\s+)?(?:Medicare\s+)?Evidence of Coverage.*$/i, ""));
  const insurer = clean(text.match(/\boffered by\s+([A-Z][\w&'. -]{2,60}?)(?=[.,;(]|\s+This\b|$)/m)?.[1]);
  const planType = clean(planName?.match(/\(([A-Z][A-Za-z -]{1,15})\)/)?.[1] ?? text.match(/\b(HMO|PPO|PFFS|HMO-POS)\b/)?.[1]);
  const year = text.match(/January 1\s*[–-]\s*December 31,\s*(\d{4})/i);
  const coverYear = text.match(/\b(20\d\d)\s+(?:Medicare\s+)?Evidence of Coverage|Evidence of Coverage\s+(20\d\d)\b/i);
  return {
    planName,
    insurer,
    planType,
    coveragePeriod: year ? clean(year[0]) : clean(coverYear?.[1] ?? coverYear?.[2]),
  };
}

function policyIdentity(lines: readonly Line[]): Found {
  const top = lines.slice(0, 15);
  const insurer = clean(top.find((l) => COMPANY.test(l.text) && l.text.split(" ").length <= 8)?.text);
  const formAt = top.findIndex((l) => /^\s*Policy\s+Wordings?\s*$/i.test(l.text));
  const candidates = top.filter(
    (l) => l.text !== insurer && l.text.split(" ").length <= 8 && !/\bUIN\b|\bCIN\b|Regn|Issuing Office|www\.|@|Call at|^\s*Policy\s+Wordings?\s*$|SECTION|PREAMBLE/i.test(l.text),
  );
  let planName: string | null = null;
  if (formAt > 0) planName = clean([...top.slice(0, formAt)].reverse().find((l) => candidates.includes(l))?.text);
  if (!planName) planName = clean([...candidates].sort((a, b) => b.h - a.h)[0]?.text);
  return { planName, insurer, planType: null, coveragePeriod: null };
}

/**
 * Reads the profile of a document from its first pages' positioned text.
 * @param input.filename the uploaded file name (last fallback for the plan name and insurer)
 * @param input.pages positioned pages; only the first {@link PROFILE_PAGES} are read
 */
export function detectProfile(input: { filename: string; pages: readonly PositionedPage[] }): DocumentProfile {
  const first = input.pages.slice(0, PROFILE_PAGES);
  const lines = first.flatMap(pageLines);
  const text = lines.map((l) => l.text).join("\n");
  const kind = kindOf(lines.slice(0, 40).map((l) => l.text).join("\n"));
  const page1 = first[0] ? pageLines(first[0]) : [];
  const found =
    kind === "sbc" ? sbcIdentity(page1) : kind === "eoc" ? eocIdentity(page1, text) : kind === "policy_wording" ? policyIdentity(page1) : { planName: null, insurer: null, planType: null, coveragePeriod: null };
  let insurer: string | null = found.insurer;
  let insurerSource: ProfileSource | null = insurer ? "text" : null;
  if (!insurer) {
    const domain = text.match(URL)?.[1]?.toLowerCase();
    if (domain) [insurer, insurerSource] = [domain, "url"];
  }
  const fromFile = fileNameWords(input.filename);
  if (!insurer && fromFile) [insurer, insurerSource] = [fromFile, "filename"];
  let planName = found.planName;
  let planNameSource: ProfileSource | null = planName ? "text" : null;
  if (!planName && fromFile) [planName, planNameSource] = [fromFile, "filename"];
  return {
    kind,
    planName,
    planNameSource,
    insurer,
    insurerSource,
    planType: found.planType,
    coveragePeriod: found.coveragePeriod,
    language: detectLanguage(text),
  };
}
