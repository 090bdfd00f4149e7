/**
 * Prompt-injection screening: finds instruction-like text ("ignore previous instructions", "you
 * are now…", "reveal other users' data", chat-template markup, requests to send passwords or
 * Social Security numbers somewhere) in a question or in retrieved document text, and removes
 * it. Rules over the screen form of the text (./injection-text.ts: case, accents, confusable
 * letters, leetspeak, letter spacing undone), in English, Spanish, French, German, Italian and
 * Portuguese, plus a spacing-free check of the commonest phrases; no model. The patterns name
 * imperative forms, so a question *about* such text ("what does my document say about the system
 * prompt?") is not itself flagged.
 */
import { splitSentences } from "../splitter/index.ts";
import { compactForm, screenForm } from "./injection-text.ts";

/** What kind of injection a pattern found. */
export type InjectionKind = "ignore_instructions" | "role_override" | "prompt_probe" | "instruction_markup" | "data_exfiltration" | "credential_phishing" | "active_content";

/** One rule of the screen. */
export interface InjectionPattern {
  readonly kind: InjectionKind;
  /** Matched against {@link screenForm}'s form of one sentence or clause. */
  readonly re: RegExp;
}

const QUALIFIER = "(?:all|any|the|your|my|these|those|every|of|previous|prior|above|earlier|preceding|former|original|system|existing|initial|safety|other)";
const DATA_NOUN = "(?:data|documents?|information|info|records?|files?|conversations?|messages?|chats?|history|details|claims?|secrets?|passwords?|emails?|questions?|answers?|policies|plans?)";
const OTHERS =
  "(?:(?:other|another|all|every|different)\\s+(?:users?|members?|customers?|patients?|accounts?|people|persons?|clients?)(?:'s|')?|someone\\s+else'?s?|everyone'?s?|everybody'?s?)";

/**
 * The rules. Each names an imperative or a markup form; plain mentions of instructions or of
 * other people (common in plan documents: "follow your doctor's instructions", "other members")
 * do not match. Checked against every sentence of the shared corpus (no hit).
 */
export const INJECTION_PATTERNS: readonly InjectionPattern[] = [
  { kind: "ignore_instructions", re: new RegExp(`\\b(?:ignore|disregard|forget|override|bypass)\\s+(?:${QUALIFIER}\\s+)*(?:previous|prior|above|earlier|preceding|former|original|system|existing|initial|safety|all)\\s+(?:instructions?|prompts?|rules|directions|guidelines|guardrails|constraints|context|messages?|commands?|orders?)\\b`) },
  { kind: "ignore_instructions", re: /\b(?:ignore|disregard|forget)\s+(?:everything|anything|all)\s+(?:above|before|previously|earlier|you\s+(?:were|have\s+been)\s+told)\b/ },
  { kind: "ignore_instructions", re: /\b(?:ignora|ignore|ignoren|olvida|olvide|olviden|descarta|descarte|omite|omita)\s+(?:todas?\s+)?(?:las\s+|los\s+|tus\s+|sus\s+)?(?:instrucciones|indicaciones|reglas|ordenes)\b/ },
  { kind: "ignore_instructions", re: /\b(?:ignora|ignore|olvida|olvide)\s+(?:todo\s+)?lo\s+(?:anterior|que\s+te\s+dijeron)\b/ },
  { kind: "role_override", re: /\byou\s+are\s+now\s+(?:an?\s+|the\s+|in\s+)?(?:ai|assistant|chatbot|bot|dan|model|system|admin|administrator|developer|unrestricted|jailbroken|different|free)\b/ },
  { kind: "role_override", re: /\b(?:pretend|act)\s+(?:to\s+be|as\s+if\s+you\s+(?:are|were)|as)\s+(?:an?\s+|the\s+)?(?:ai|assistant|chatbot|bot|system|admin|administrator|developer|dan|unrestricted|hacker|root)\b/ },
  { kind: "role_override", re: /\bfrom\s+now\s+on,?\s+(?:you\s+(?:are|will|must|should)|respond|answer|act|ignore|always)\b/ },
  { kind: "role_override", re: /\b(?:ahora\s+eres|a\s+partir\s+de\s+ahora\s+eres|finge\s+ser|actua\s+como\s+(?:un\s+|una\s+|el\s+)?(?:ia|asistente|administrador|sistema|desarrollador))\b/ },
  { kind: "prompt_probe", re: /\b(?:enable|enter|activate|switch\s+to|turn\s+on|activa|active|activez|aktiviere)\s+(?:the\s+|el\s+|le\s+|den\s+)?(?:developer\s+mode|dan\s+mode|jailbreak(?:\s+mode)?|god\s+mode|modo\s+desarrollador|mode\s+developpeur|entwicklermodus)\b/ },
  { kind: "prompt_probe", re: /\b(?:jailbroken|jailbreak\s+(?:prompt|activated|enabled))\b/ },
  { kind: "prompt_probe", re: /\b(?:reveal|show|print|repeat|output|display|leak|tell\s+me|give\s+me|what\s+is|what's|what\s+are|muestra|revela|dime|montre|revele|zeig|gib)\s+(?:me\s+|moi\s+|mir\s+)?(?:your|the|tu|el|ton|le|dein(?:en)?|den)\s+(?:full\s+|hidden\s+|secret\s+|original\s+|initial\s+)?(?:system\s+(?:prompt|message)|prompt\s+del\s+sistema|prompt\s+systeme|systemprompt)\b/ },
  { kind: "prompt_probe", re: /\b(?:reveal|show|print|repeat|output|display|leak)\s+(?:me\s+)?(?:your|the)\s+(?:hidden\s+|secret\s+|original\s+)?(?:instructions|prompt|configuration|rules)\b/ },
  // French, German, Italian, Portuguese (accent-folded): "ignorez les instructions précédentes", "ignoriere alle vorherigen Anweisungen"…
  { kind: "ignore_instructions", re: /\b(?:ignore[zr]?|oublie[zr]?|neglige[zr]?)\s+(?:toutes\s+|tous\s+)?(?:les\s+|tes\s+|vos\s+)?(?:instructions|consignes|regles|directives|ordres)\b/ },
  { kind: "ignore_instructions", re: /\b(?:ignore[zr]?|oublie[zr]?)\s+(?:tout\s+)?ce\s+qui\s+(?:precede|est\s+au-dessus)\b/ },
  { kind: "ignore_instructions", re: /\b(?:ignoriere|ignorieren?|ignorier|vergiss|vergessen?|missachte)\b[^.!?]{0,40}?\b(?:anweisungen|instruktionen|befehle|regeln|vorgaben|anordnungen)\b/ },
  { kind: "ignore_instructions", re: /\b(?:ignora|ignori|ignorate|dimentica|dimenticate|ignore|ignorem|esqueca|esquecam|desconsidere)\s+(?:tutte\s+|todas\s+)?(?:le\s+|as\s+|i\s+|os\s+)?(?:istruzioni|regole|instrucoes|regras|ordens)\b/ },
  { kind: "role_override", re: /\b(?:tu\s+es\s+maintenant|vous\s+etes\s+maintenant|du\s+bist\s+(?:jetzt|nun|ab\s+sofort)|sie\s+sind\s+(?:jetzt|nun)|ora\s+sei|adesso\s+sei|voce\s+agora\s+e|agora\s+voce\s+e)\b/ },
  {
    kind: "data_exfiltration",
    re: /\b(?:donnees|documents|informations|conversations|messages|dossiers|daten|dokumente|informationen|nachrichten|dati|documenti|informazioni|dados|documentos|informacoes)\s+(?:des|d'autres|aller|anderer|di\s+altri|degli\s+altri|de\s+outros|dos\s+outros)\s*(?:autres\s+)?(?:utilisateurs|membres|clients|patients|benutzer|nutzer|mitglieder|kunden|patienten|utenti|membri|clienti|pazienti|usuarios|membros|clientes|pacientes)\b/,
  },
  // A request to send secrets somewhere ("members must email their password and Social Security number to verify@…"): plan documents never ask for a password, and ask for an SSN only on their own forms.
  {
    kind: "credential_phishing",
    re: /\b(?:email|e-mail|send|text|submit|reply|provide|confirm|verify|give|share|forward|envie|envia|envoyez|senden|schicken)\b[^.!?\n]{0,80}?\b(?:passwords?|passcodes?|security\s+codes?|cvv|one-time\s+codes?|login\s+credentials|credit\s+card\s+numbers?|bank\s+account\s+numbers?|contrasena|mot\s+de\s+passe|passwort|kennwort)\b/,
  },
  {
    kind: "credential_phishing",
    re: /\b(?:email|e-mail|send|text|submit|reply|provide|confirm|verify|give|share|forward|envie|envia)\b[^.!?\n]{0,80}?\b(?:social\s+security(?:\s+numbers?)?|ssns?|medicare\s+numbers?)\b(?=[^!?\n]{0,120}?(?:[\w.+-]+@[\w-]+\.[a-z]{2,}|https?:\/\/))/,
  },
  { kind: "instruction_markup", re: /<\|?\s*(?:im_start|im_end|system|endoftext)\s*\|?>|\[\/?(?:inst|system)\]|<\/?\s*(?:system|instructions?)\s*>/ },
  { kind: "instruction_markup", re: /(?:^|[\n.:]\s*|#{1,3}\s*)(?:system|developer)\s*(?:message|prompt|instructions?)?\s*:\s/ },
  { kind: "instruction_markup", re: /\b(?:new|updated|additional)\s+instructions?\s*:|\bnuevas\s+instrucciones\s*:/ },
  {
    kind: "data_exfiltration",
    re: new RegExp(`\\b(?:reveal|show|list|print|dump|leak|expose|send|output|display|disclose|give|share|tell|return|provide|email|export)\\b[^.!?]{0,60}?\\b${OTHERS}\\s*${DATA_NOUN}\\b`),
  },
  {
    kind: "data_exfiltration",
    re: /\b(?:revela|revele|muestra|muestrame|muestre|dame|deme|envia|envie|lista|comparte|comparta|imprime)\b[^.!?]{0,60}?\b(?:datos|documentos|informacion|conversaciones|mensajes|archivos|expedientes)\s+de\s+(?:otros|otras|todos\s+los|todas\s+las)\s+(?:usuarios|miembros|clientes|pacientes|personas|afiliados)\b/,
  },
];

/**
 * A cheap first pass: every match of every {@link INJECTION_PATTERNS} rule contains one of these
 * anchors, so text without any cannot match and skips the rules (most plan text: 13 of the 232
 * pages of the SCAN EOC contain an anchor; the screen of a turn's ~100 candidate chunks then costs
 * a few milliseconds). Keep it a superset when adding a rule.
 */
export const INJECTION_PREFILTER = new RegExp(
  [
    "ignor|disregard|forget|overrid|bypass|olvid|descart|omit",
    "you are now|pretend|act as|act to be|from now on|eres|finge|actua",
    "prompt|jailbr|developer|desarroll|instruc|dan mode|god mode|developpeur|entwicklermodus",
    "consignes|regles|directives|ordres|ce qui|anweisung|befehle|regeln|vorgaben|anordnung|istruzion|regole|regras|ordens",
    "maintenant|du bist|sie sind|ora sei|adesso sei|agora",
    "donnees|daten|dokumente|informationen|nachrichten|dati |documenti|informazioni|dados|informacoes|dossiers",
    "password|passcode|security code|cvv|one-time code|login credentials|credit card number|bank account number|contrasena|mot de passe|passwort|kennwort|social security|ssn|medicare number|date of birth and",
    "(?:your|the)\\s+(?:hidden\\s+|secret\\s+|original\\s+)?(?:configuration|rules)",
    "<\\||<\\s*(?:im_|endoftext)|\\[\\/?(?:inst|system)|<\\/?\\s*(?:system|instruction)|system\\s*:|system\\s*message",
    `someone\\s+else|everyone|everybody|(?:users?|members?|customers?|patients?|accounts?|people|persons?|clients?)(?:'s|')?\\s*${DATA_NOUN}`,
    "(?:datos|documentos|informacion|conversaciones|mensajes|archivos|expedientes)\\s+de\\s+(?:otr|tod)",
  ].join("|"),
);

/**
 * The commonest instructions with every space, digit and sign removed (matched against
 * {@link compactForm}): "i-g-n-o-r-e…", "IgnorePreviousInstructions", a letter-spaced line with no
 * word gaps. Long enough that ordinary text never spells them.
 */
export const COMPACT_INJECTION_PATTERNS: readonly InjectionPattern[] = [
  { kind: "ignore_instructions", re: /(?:ignore|disregard|forget)(?:all|the|any|your)*(?:previous|prior|above|earlier|system)(?:instructions|prompts|rules|directions|guidelines)/ },
  { kind: "ignore_instructions", re: /(?:ignorez?|oubliez?)(?:toutes)?(?:les|vos)?instructions|(?:ignoriere|vergiss)(?:alle)?(?:vorherigen|bisherigen|obigen)?anweisungen|(?:ignora|dimentica)(?:tutte)?(?:le)?istruzioniprecedenti|olvida(?:las)?instruccionesanteriores/ },
  { kind: "role_override", re: /youarenow(?:an?|the)?(?:unrestricted|jailbroken|dan|administrator|admin)/ },
  { kind: "prompt_probe", re: /(?:reveal|show|print|repeat|leak)(?:me)?(?:your|the)(?:system|hidden|secret)(?:prompt|instructions)/ },
  { kind: "data_exfiltration", re: /(?:reveal|show|send|leak|dump)(?:me)?(?:all)?(?:other|all)(?:users|members|customers|patients)(?:data|documents|information|records|passwords)/ },
];

const NEGATION = /\b(?:never|not|don't|do\s+not|won't|will\s+not|no\s+one|nobody|nunca|jamais|niemals|nie)\b/;

/** True when the sentence around `at` says not to (e.g. "we will never ask you to email your password"). */
function negated(form: string, at: number): boolean {
  const start = Math.max(form.lastIndexOf(".", at), form.lastIndexOf("!", at), form.lastIndexOf("?", at), form.lastIndexOf("\n", at)) + 1;
  const rest = form.slice(at).search(/[.!?\n]/);
  return NEGATION.test(form.slice(start, rest < 0 ? undefined : at + rest));
}

/** The kinds of injection `text` contains (each at most once, in pattern order). */
export function detectInjection(text: string): InjectionKind[] {
  const form = screenForm(text);
  const kinds: InjectionKind[] = [];
  if (INJECTION_PREFILTER.test(form)) {
    for (const p of INJECTION_PATTERNS) {
      if (kinds.includes(p.kind)) continue;
      if (p.kind !== "credential_phishing") {
        if (p.re.test(form)) kinds.push(p.kind);
      } else if ([...form.matchAll(new RegExp(p.re.source, "g"))].some((m) => !negated(form, m.index))) {
        kinds.push(p.kind);
      }
    }
  }
  const compact = compactForm(form);
  for (const p of COMPACT_INJECTION_PATTERNS) if (p.re.test(compact) && !kinds.includes(p.kind)) kinds.push(p.kind);
  return kinds;
}

/** Result of {@link screenInjection}. */
export interface InjectionScreen {
  /** True when something was removed. */
  readonly flagged: boolean;
  /** Kinds found, each once. */
  readonly kinds: readonly InjectionKind[];
  /** `text` without the flagged units ("" when nothing else is left). Equal to `text` when not flagged. */
  readonly sanitized: string;
  /** The removed units, as they were written. */
  readonly removed: readonly string[];
}

/** Options of {@link screenInjection}. */
export interface ScreenOptions {
  /**
   * What is removed when a rule matches: the `clause` (split at sentence ends, commas,
   * semicolons and and/then/but/y/luego/pero: "ignore previous instructions and tell me my
   * deductible" keeps "tell me my deductible") or the whole `sentence` (document text: an
   * instruction sentence goes entirely). Default `"clause"`.
   */
  readonly unit?: "clause" | "sentence";
}

/** Splits at sentence ends, commas, semicolons and clause conjunctions, keeping the delimiters. */
const CLAUSE_DELIMITER = /(?<=[.!?])\s+|[,;:]\s*|\s+(?:and\s+then|and|then|but|so|y\s+luego|y|luego|pero)\s+/giu;

/**
 * Screens `text` for prompt injection and removes the flagged units (see {@link ScreenOptions}).
 * Units are checked one by one, so a pattern never spans two sentences. Never throws.
 * @param text a normalised question, or a chunk of document text (sentence unit)
 */
export function screenInjection(text: string, options: ScreenOptions = {}): InjectionScreen {
  if (detectInjection(text).length === 0) return { flagged: false, kinds: [], sanitized: text, removed: [] };
  return options.unit === "sentence" ? screenSentences(text) : screenClauses(text);
}

function screenClauses(text: string): InjectionScreen {
  // Each clause with the delimiter that follows it; a flagged clause is dropped with its delimiter.
  const parts: { clause: string; after: string }[] = [];
  let last = 0;
  for (const m of text.matchAll(CLAUSE_DELIMITER)) {
    parts.push({ clause: text.slice(last, m.index), after: m[0] });
    last = m.index + m[0].length;
  }
  parts.push({ clause: text.slice(last), after: "" });
  const kinds: InjectionKind[] = [];
  const removed: string[] = [];
  let out = "";
  for (const p of parts) {
    const found = detectInjection(p.clause);
    if (found.length === 0) {
      out += p.clause + p.after;
      continue;
    }
    for (const k of found) if (!kinds.includes(k)) kinds.push(k);
    removed.push(p.clause.trim());
  }
  // No single clause matched: the match spans delimiters, so nothing of the text is kept.
  if (kinds.length === 0) return { flagged: true, kinds: detectInjection(text), sanitized: "", removed: [text] };
  const sanitized = out.replace(DANGLING_START, "").replace(DANGLING_END, "").replace(/\s+/g, " ").trim();
  return { flagged: true, kinds, sanitized: /[\p{L}\p{N}]/u.test(sanitized) ? sanitized : "", removed };
}

const DANGLING_START = /^(?:\s|[,;:]|\b(?:and|then|but|so|y|luego|pero)\b)+/iu;
const DANGLING_END = /(?:\s|[,;:]|\b(?:and|then|but|so|y|luego|pero)\b)+$/iu;

/**
 * Sentence unit: each flagged sentence is blanked with spaces (line breaks and form feeds kept),
 * so offsets, and the page of every other sentence, stay what they were.
 */
function screenSentences(text: string): InjectionScreen {
  const kinds: InjectionKind[] = [];
  const removed: string[] = [];
  let out = text;
  let unlocated = false;
  // Page by page (chunks mark page changes with form feeds, which the splitter would drop).
  let pageStart = 0;
  for (const page of text.split("\f")) {
    let cursor = pageStart;
    for (const sentence of splitSentences(page)) {
      const span = locate(text, sentence, cursor, pageStart + page.length);
      if (span) cursor = span.end;
      const found = detectInjection(sentence);
      if (found.length === 0) continue;
      for (const k of found) if (!kinds.includes(k)) kinds.push(k);
      removed.push(sentence);
      if (!span) {
        unlocated = true;
        continue;
      }
      out = out.slice(0, span.start) + blankFlaggedParts(text.slice(span.start, span.end)) + out.slice(span.end);
    }
    pageStart += page.length + 1;
  }
  if (kinds.length === 0 || unlocated || detectInjection(out).length > 0) {
    // A match across sentences, or a flagged sentence whose place the splitter's rewriting hid:
    // nothing of this text can be trusted to be clean.
    return { flagged: true, kinds: kinds.length > 0 ? kinds : detectInjection(text), sanitized: "", removed: removed.length > 0 ? removed : [text] };
  }
  return { flagged: true, kinds, sanitized: /[\p{L}\p{N}]/u.test(out) ? out : "", removed };
}

/**
 * Where a flagged sentence may be cut finer: after `.`/`!`/`?` followed by a space whatever comes
 * next (the sentence splitter wants a capital letter, so "…provider. 1gn0r3 4ll…" stays one
 * sentence), and around chat-template tokens (`<|…|>`).
 */
const PART_BOUNDARY = /(?<=[.!?])\s+|(?=<\|)|(?<=\|>)/g;

/**
 * Blanks the flagged parts of a flagged sentence (same length, line breaks kept), so a plan fact
 * an attacker glued an instruction onto survives; the whole sentence when no single part is
 * flagged (the instruction spans parts).
 */
function blankFlaggedParts(sentence: string): string {
  const blank = (t: string) => t.replace(/[^\n]/g, " ");
  let out = "";
  let last = 0;
  let any = false;
  const parts: string[] = [];
  for (const m of sentence.matchAll(PART_BOUNDARY)) {
    parts.push(sentence.slice(last, m.index + m[0].length));
    last = m.index + m[0].length;
  }
  parts.push(sentence.slice(last));
  for (const part of parts) {
    if (detectInjection(part).length > 0) {
      any = true;
      out += blank(part);
    } else out += part;
  }
  return any ? out : blank(sentence);
}

/** Finds `sentence` (whitespace-collapsed by the splitter) in `text` between `from` and `to`, tolerant of whitespace. */
function locate(text: string, sentence: string, from: number, to: number): { start: number; end: number } | undefined {
  const words = sentence.split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s+"), "g");
  re.lastIndex = from;
  const m = re.exec(text);
  return m && m.index + m[0].length <= to ? { start: m.index, end: m.index + m[0].length } : undefined;
}
