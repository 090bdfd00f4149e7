/**
 * Indian health-insurance glossary (IRDAI standard definitions) as data: lay wording → the terms
 * Indian indemnity policies print (National Parivar Mediclaim Plus, Bajaj Allianz style wordings).
 */
import { type GlossaryEntry, SRC_IRDAI as IR, SRC_MEDLINEPLUS } from "./types.ts";

/** Indian terms per IRDAI's standardised definitions. */
export const INDIA_TERMS: readonly GlossaryEntry[] = [
  { term: "pre-existing disease", source: IR, expansions: ["PED", "pre-existing disease", "pre-existing diseases"],
    lay: ["condition i already had", "existing condition", "pre-existing condition", "illness i already have", "already sick"] },
  // IRDAI standard exclusion "Refractive Error (Code-Excl15): Expenses related to the treatment for correction of eye
  // sight due to refractive error less than 7.5 dioptres" (laser vision correction to stop wearing spectacles).
  { term: "refractive error", source: IR, expansions: ["refractive error", "dioptres", "correction of eye sight"],
    lay: ["lasik", "laser eye surgery", "laser surgery for my eyes", "laser surgery", "stop wearing glasses", "stop wearing specs", "stop wearing spectacles",
      "stop wearing … glasses", "stop wearing … specs", "stop wearing … spectacles"] },
  { term: "waiting period", source: IR, expansions: ["waiting period"],
    lay: ["how long do i have to wait", "how long before", "wait before", "have to wait", "need to be covered", "have to be covered", "covered for how long",
      "hold the policy", "have the policy … before"] },
  { term: "post-hospitalisation", source: IR, expansions: ["post-hospitalisation", "post-hospitalization"],
    lay: ["after discharge", "after leaving hospital",
      "after leaving the hospital", "after i get out of hospital",
      // IRDAI "Post-hospitalization Medical Expenses … incurred during pre-defined number of days immediately after the insured
      // person is discharged from the hospital": the member's own subject between "after" and the leaving.
      "after … leaves the hospital", "after … leaves hospital", "after … leave the hospital", "after … discharged", "after … gets out of hospital", "after … gets out of the hospital"] },
  { term: "pre-hospitalisation", source: IR, expansions: ["pre-hospitalisation", "pre-hospitalization", "days prior to admission"],
    lay: ["before admission", "before being admitted", "before i'm admitted", "before hospitalisation", "before hospitalization"] },
  { term: "cashless facility", source: IR, expansions: ["cashless facility", "cashless"],
    lay: ["without paying upfront", "direct billing", "without paying the hospital", "direct settlement"] },
  { term: "no claim discount", source: IR, expansions: ["no claim discount", "no claim bonus", "cumulative bonus", "NCD"],
    lay: ["no claims", "didn't claim", "did not claim", "claim-free", "claim free", "no claim"] },
  { term: "grace period", source: IR, expansions: ["grace period"], lay: ["late premium", "pay late", "missed a payment", "renew late"] },
  { term: "free look period", source: IR, expansions: ["free look period"],
    lay: ["cancel after buying", "return the policy", "change my mind", "cooling off"] },
  { term: "sum insured", source: IR, expansions: ["sum insured"],
    lay: ["coverage amount", "how much cover", "policy limit", "insured amount", "cover amount"] },
  { term: "room rent", source: IR, expansions: ["room rent", "room, boarding and nursing"], lay: ["room charges", "hospital room", "bed charges"] },
  { term: "maternity", source: IR, expansions: ["maternity", "delivery", "childbirth"],
    lay: ["pregnancy", "pregnant", "childbirth", "having a baby", "giving birth", "c-section", "delivery", "first child", "start a family", "caesarean"] },
  { term: "newborn", source: IR, expansions: ["new born baby", "newborn"], lay: ["baby", "infant"] },
  { term: "organ donor", source: IR, expansions: ["organ donor", "donor"], lay: ["donating an organ", "donate an organ", "organ donation"] },
  { term: "AYUSH", source: IR, expansions: ["AYUSH", "Ayurveda", "Unani", "Siddha", "Homeopathy"],
    lay: ["ayurveda", "homeopathy", "alternative medicine", "traditional medicine", "unani", "siddha", "naturopathy"] },
  // IRDAI standard definition: "Co-payment means a cost-sharing requirement … that provides that the policyholder/insured
  // will bear a specified percentage of the admissible claims amount": the definition's verb with the member's words between.
  // ("bear …" forms: dev harness facts ALL 86.66 → 86.77 / 85.44 → 85.55, +1 FRESH case, nothing lost.)
  { term: "co-payment", source: IR, expansions: ["co-payment", "copayment"],
    lay: ["share of the claim", "part of the claim", "pay part of the bill", "co-pay", "bear … part", "bear … share", "bear … percentage"] },
  { term: "hospital cash", source: IR, expansions: ["hospital cash", "daily cash allowance"],
    lay: ["daily allowance", "daily cash", "cash per day", "per day cash", "cash benefit"] },
  { term: "domiciliary hospitalisation", source: IR, expansions: ["domiciliary hospitalisation", "domiciliary"],
    lay: ["treatment at home", "treated at home", "home treatment"] },
  { term: "age limits", source: IR, expansions: ["entry age", "age at entry", "minimum age", "maximum age"],
    lay: ["age limit", "age limits", "how old", "too old", "oldest age", "youngest age"] },
  // IRDAI standard definition "Age / Aged means completed years on last birthday as on Policy commencement date";
  // wordings state eligibility as an age ("attained the age of 3 months", "aged up to 90 days"): a member's
  // "she's 7 weeks old" asks about it.
  { term: "age", source: IR, expansions: ["age", "aged"],
    lay: ["weeks old", "week old", "months old", "month old", "years old", "year old", "days old", "day old"] },
  // IRDAI Guidelines on Standardization, List I (items for which coverage is not available): "SPECTACLES", "CONTACT
  // LENSES", "HEARING AIDS"; Merriam-Webster "specs" (informal): spectacles.
  { term: "spectacles", source: IR, expansions: ["spectacles"], lay: ["specs", "eyeglasses", "new glasses"] },
  // MedlinePlus "Pulse oximetry": a sensor clipped to the finger measures the blood's oxygen; IRDAI List I names
  // "PULSEOXYMETER CHARGES" among the items not payable.
  { term: "pulse oximeter", source: SRC_MEDLINEPLUS, expansions: ["pulse oximeter", "pulseoxymeter"],
    lay: ["oximeter", "oxygen monitor", "oxygen meter", "oxygen sensor", "finger clip", "finger monitor"] },
  { term: "toll free", source: IR, expansions: ["toll free", "helpline", "call centre", "customer care"],
    lay: ["service number", "helpline", "help line", "call centre", "call center", "customer care number"] },
];
