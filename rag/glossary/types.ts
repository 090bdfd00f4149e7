/** One glossary entry: lay wording a patient might use, and the document terms it stands for. */
export interface GlossaryEntry {
  /** The canonical document term, e.g. `"deductible"`. */
  readonly term: string;
  /** Document wordings to add to a query when the entry matches (the term's synonyms in policies). */
  readonly expansions: readonly string[];
  /** Lay phrases (lower-case, accent-free, plain words) that trigger the entry. The term itself also triggers it. */
  readonly lay: readonly string[];
  /** Where the definition comes from (a public glossary). */
  readonly source: string;
}

/** Healthcare.gov Glossary (https://www.healthcare.gov/glossary/), also the NAIC/CMS uniform SBC glossary. */
export const SRC_HEALTHCARE_GOV = "Healthcare.gov Glossary / NAIC-CMS Uniform Glossary (SBC)";
/** Medicare.gov glossary and the CMS Evidence of Coverage model terms. */
export const SRC_MEDICARE = "Medicare.gov Glossary / CMS EOC model (Chapter 12 definitions)";
/** IRDAI (Health Insurance) Regulations standard definitions (Guidelines on Standardization, 2016). */
export const SRC_IRDAI = "IRDAI Guidelines on Standardization in Health Insurance (standard definitions)";
/**
 * The uniform SBC template (CMS/DOL "Summary of Benefits and Coverage" template and instructions,
 * 45 CFR 147.200): its "Common Medical Event" rows ("If you have a test", "If you have a hospital
 * stay", "If you are pregnant", …) and "Services You May Need" labels ("Imaging (CT/PET scans,
 * MRIs)", "Emergency medical transportation", "Facility fee (e.g., hospital room)").
 */
export const SRC_SBC_TEMPLATE = "Uniform SBC template (CMS/DOL), Common Medical Event and Services You May Need rows";
/** Common English usage (plain-language paraphrases of the defined term). */
export const SRC_PLAIN = "Plain-language usage of the defined term (see the term's own source)";
/** Wikipedia, "Medical alarm" (other names: Personal Emergency Response System, PERS, medical alert). */
export const SRC_WIKIPEDIA_MEDICAL_ALARM = "Wikipedia, Medical alarm (Personal Emergency Response System, medical alert)";
/** HHS, "Your Rights Under HIPAA" (45 CFR 164.524–164.526): see, get a copy of and ask to correct your health information. */
export const SRC_HHS_HIPAA = "HHS.gov, Your Rights Under HIPAA (access to and amendment of health information)";
/** MedlinePlus (NIH National Library of Medicine) medical encyclopedia and health topics. */
export const SRC_MEDLINEPLUS = "MedlinePlus (U.S. National Library of Medicine) health topics";
/** Merriam-Webster dictionary (ordinary and informal senses of a member's word). */
export const SRC_MERRIAM_WEBSTER = "Merriam-Webster dictionary";
/** HHS Office for Civil Rights, "Filing a Civil Rights Complaint" (discrimination by race, color, national origin, disability, age, sex, religion). */
export const SRC_HHS_OCR = "HHS.gov Office for Civil Rights, filing a civil rights (discrimination) complaint";
