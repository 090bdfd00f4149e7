/**
 * Facets of an insurance question that a follow-up swaps ("…in network?" → "and out of
 * network?"): groups of mutually exclusive values, each with its English and Spanish wordings
 * (Healthcare.gov / CuidadoDeSalud.gov glossary terms). Used by the rule-based rewriter.
 */

/** One value of a facet group and the phrases that express it (lower case, accent-free). */
export interface Facet {
  /** The group the value belongs to; two values of one group exclude each other. */
  readonly group: "network" | "provider" | "cost" | "coverage_tier" | "drug_tier" | "pharmacy";
  readonly value: string;
  readonly phrases: readonly string[];
  /**
   * The documents' own English wording, used when a follow-up's English fragment brings this
   * value in: plan documents hyphenate "out-of-network", and retrieval matches the compound.
   */
  readonly canonical?: string;
}

/** The facet values, longest phrases first within each value. */
export const FACETS: readonly Facet[] = [
  { group: "network", value: "out_of_network", canonical: "out-of-network", phrases: ["outside of the network", "outside the network", "out of network", "out-of-network", "non-network", "non-participating", "nonparticipating", "fuera de la red"] },
  { group: "network", value: "in_network", canonical: "in-network", phrases: ["inside the network", "in network", "in-network", "participating", "dentro de la red", "en la red"] },
  { group: "provider", value: "specialist", phrases: ["specialist visits", "specialist visit", "specialists", "specialist", "especialistas", "especialista"] },
  { group: "provider", value: "primary_care", phrases: ["primary care physician", "family doctor", "family physician", "medico de familia", "primary care provider", "primary care doctor", "primary care visit", "primary care", "pcp", "medico de atencion primaria", "atencion primaria", "medico de cabecera"] },
  { group: "provider", value: "urgent_care", phrases: ["urgent care center", "urgent care", "atencion de urgencia", "atencion urgente"] },
  { group: "provider", value: "emergency_room", phrases: ["emergency room", "emergency care", "sala de emergencias"] },
  { group: "provider", value: "telehealth", phrases: ["telehealth", "virtual visit", "video visit", "telemedicine", "telemedicina"] },
  { group: "cost", value: "out_of_pocket_limit", phrases: ["out-of-pocket maximum", "out of pocket maximum", "out-of-pocket limit", "out of pocket limit", "maximum out-of-pocket amount", "maximum out-of-pocket", "limite de gastos de bolsillo", "maximo de gastos de bolsillo"] },
  { group: "cost", value: "deductible", phrases: ["deductible", "deducible"] },
  { group: "cost", value: "copay", phrases: ["copayment", "co-pay", "copay", "copago"] },
  { group: "cost", value: "coinsurance", phrases: ["coinsurance", "coseguro"] },
  { group: "cost", value: "premium", phrases: ["premium", "prima"] },
  { group: "coverage_tier", value: "individual", phrases: ["individual", "self-only", "per person", "single", "por persona"] },
  { group: "coverage_tier", value: "family", phrases: ["family", "familia", "familiar"] },
  { group: "drug_tier", value: "generic", phrases: ["generic drugs", "generic drug", "generics", "generic", "genericos", "generico"] },
  { group: "drug_tier", value: "brand", phrases: ["preferred brand", "brand-name drugs", "brand name drugs", "brand-name", "brand name", "brand", "de marca"] },
  { group: "drug_tier", value: "specialty", phrases: ["specialty drugs", "specialty drug", "especializados"] },
  { group: "pharmacy", value: "mail_order", phrases: ["mail-order", "mail order", "por correo"] },
  { group: "pharmacy", value: "retail", phrases: ["retail pharmacy", "retail", "farmacia minorista"] },
];

/** A facet phrase found in a text: where (offsets in that text) and which value. */
export interface FacetHit {
  readonly facet: Facet;
  readonly start: number;
  readonly end: number;
  /** The text as written. */
  readonly text: string;
}

const ACCENT_CLASS: Readonly<Record<string, string>> = { a: "[aáà]", e: "[eéè]", i: "[iíì]", o: "[oóò]", u: "[uúüù]", n: "[nñ]" };

/** A case- and accent-insensitive regex for `phrase`, on word boundaries; spaces and hyphens are interchangeable. */
export function phrasePattern(phrase: string): RegExp {
  const body = [...phrase]
    .map((ch) => (ch === " " || ch === "-" ? "[\\s-]+" : (ACCENT_CLASS[ch] ?? ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))))
    .join("");
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, "giu");
}

const PATTERNS: readonly { facet: Facet; re: RegExp }[] = FACETS.flatMap((facet) => facet.phrases.map((p) => ({ facet, re: phrasePattern(p) })));

/**
 * Facet phrases in `text`, longest first where they overlap ("out of network" wins over a
 * shorter phrase inside it), ordered by position.
 */
export function findFacets(text: string): FacetHit[] {
  const all: FacetHit[] = [];
  for (const { facet, re } of PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) all.push({ facet, start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  all.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: FacetHit[] = [];
  for (const h of all) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept.sort((a, b) => a.start - b.start);
}
