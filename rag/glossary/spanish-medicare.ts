/**
 * Spanish → English wording of Medicare's own Spanish publications for what a member asks about a
 * plan's rules: hospital discharge, reviews and complaints, treatments, deadlines, amounts per day
 * or per month. Keys are lower-case and accent-folded (the matcher also takes their regular number
 * and gender forms and an optional article, ./spanish-inflection.ts; words of five letters or more
 * match by Snowball stem too, ./expand.ts). Every entry's source is named in the comment above its
 * group; none is taken from an eval question.
 */

/** Multi-word Spanish phrases → English document wording. */
export const SPANISH_MEDICARE_PHRASES: ReadonlyArray<readonly [string, string]> = [
  // CMS-10065 "Mensaje importante de Medicare sobre sus derechos" (Spanish edition of the Important Message
  // from Medicare): "su fecha de alta" (discharge date), "si cree que le están dando de alta demasiado pronto"
  // (if you think you are being discharged too soon), "pedir una revisión inmediata" (immediate review).
  ["de alta", "discharge discharged"],
  ["fecha de alta", "discharge date"],
  ["demasiado pronto", "too soon"],
  ["revision inmediata", "immediate review"],
  // Medicare y Usted (CMS, Spanish edition), "Presentar una queja (queja formal)": complaint = grievance;
  // "apelación rápida" (fast appeal), "queja rápida" (fast complaint).
  ["queja formal", "grievance complaint"],
  ["presentar una queja", "make a complaint file a grievance"],
  ["apelacion rapida", "fast appeal expedited"],
  ["queja rapida", "fast complaint expedited grievance"],
  // Medicare y Usted: premiums and limits written "al mes" / "por mes" (per month), "al año" (per year).
  ["por mes", "per month monthly"],
  ["al mes", "per month monthly"],
  ["por ano", "per year each year"],
  ["al ano", "per year each year"],
  // General bilingual usage (Medicare.gov en español "¿Qué tan pronto…?"): speed and deadlines.
  ["que tan rapido", "how quickly how fast deadline"],
  ["que tan pronto", "how soon deadline"],
  ["de rutina", "routine"],
  // Medicare y Usted: "viajes fuera de los Estados Unidos" (travel outside the U.S.), "emergencia médica" (medical emergency).
  ["estados unidos", "United States U.S."],
  ["fuera de los estados unidos", "outside the United States worldwide"],
  ["emergencia medica", "medical emergency"],
  // CMS "Resumen de beneficios y cobertura" (Spanish SBC template): "Sus derechos a continuar la cobertura"
  // (Your rights to continue coverage).
  ["continuar la cobertura", "continue coverage"],
];

/** Single Spanish words → English document wording. */
export const SPANISH_MEDICARE_WORDS: Readonly<Record<string, string>> = {
  // CMS-10065 (Spanish edition) and Medicare y Usted: review, decisions, denials, answers.
  revision: "review", revisiones: "reviews", negar: "deny denied", nego: "denied", negaron: "denied", niega: "denies denied",
  denegacion: "denial denied", contestar: "respond answer", contesta: "respond answer", responder: "respond answer",
  // Medicare y Usted: "tratamiento" (treatment), "seguro médico" (health insurance), "lista" (list), "dinero" (money),
  // "cantidad" (amount), "programado" (scheduled), "antes/después" (before/after), "cada" (each), "veces" (times).
  tratamiento: "treatment", tratamientos: "treatments", seguro: "insurance coverage", lista: "list", dinero: "money",
  cantidad: "amount", programada: "scheduled planned", programado: "scheduled planned", antes: "before", despues: "after",
  cada: "each per", veces: "times", paga: "pay pays", pronto: "soon",
  // Medicare.gov en español: "nivel de especialidad" / "medicamentos de especialidad" (specialty tier, specialty
  // drugs); "programa" (program). Written out because a Snowball stem would read them as "especialista"
  // (specialist) and "programado" (scheduled).
  especialidad: "specialty", programa: "program", programas: "programs",
  // Spanish SBC template "Sus derechos a continuar la cobertura"; Medicare y Usted "seguro de su empleo" (employer coverage).
  continuar: "continue", seguir: "continue", trabajo: "job employment work", empleo: "employment job",
};
