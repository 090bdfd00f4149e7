/**
 * Spanish → English vocabulary from the official Spanish editions of the US uniform documents and
 * general bilingual health sources, so a Spanish question reaches the English row labels of an SBC
 * (and the CMS model EOC's wording). Keys are lower-case and accent-folded; the matcher also takes
 * their regular plural (and, in a noun–adjective phrase, gender) forms (./spanish-inflection.ts).
 * Every entry's source is named in the comment above its group.
 */

/** CMS, "Resumen de beneficios y cobertura" (SBC template, Spanish edition, OMB 0938-1146): row labels and questions. */
export const SPANISH_SBC_TEMPLATE_PHRASES: ReadonlyArray<readonly [string, string]> = [
  // The template's questions on the overall deductible ("el deducible total") and the out-of-pocket limit, and its
  // explanation "El límite de gastos de bolsillo es lo máximo que usted podría pagar en un año".
  ["deducible total", "overall deductible"],
  // "Usted debe pagar todos los costos hasta el monto del deducible antes de que este plan comience a pagar".
  ["comience a pagar", "deductible before this plan begins to pay"],
  ["empiece a pagar", "deductible before this plan begins to pay"],
  ["empieza a pagar", "deductible before this plan begins to pay"],
  // "Visita al consultorio" (office visit); "Atención médica no urgente cuando viaja fuera de EE. UU.".
  ["de viaje", "traveling travel"],
  ["limite de gastos de bolsillo", "out-of-pocket limit"],
  ["lo maximo que", "the most you could pay out-of-pocket limit"],
  ["lo mas que", "the most you could pay out-of-pocket limit"],
  // "¿Necesito un referido para ver a un especialista?"; "Visita al especialista"; "Consulta con su
  // proveedor de atención primaria para tratar una lesión o enfermedad"; "Atención preventiva/evaluación/vacunas".
  ["visita al especialista", "specialist visit"],
  ["proveedor de atencion primaria", "primary care visit provider"],
  ["lesion o enfermedad", "to treat an injury or illness"],
  ["atencion preventiva", "preventive care screening immunization"],
  // "Prueba de diagnóstico (radiografía, análisis de sangre)".
  ["prueba de diagnostico", "diagnostic test x-ray blood work"],
  ["analisis de laboratorio", "diagnostic test lab blood work"],
  // "Medicamentos genéricos", "Medicamentos de marca preferida / no preferida", "Medicamentos especializados".
  ["medicamento generico", "generic drugs"],
  ["marca no preferida", "non-preferred brand drugs"],
  ["medicamento especializado", "specialty drugs"],
  // "Cargo por uso de instalaciones (p. ej., centro de cirugía ambulatoria)"; "Honorarios del médico/cirujano".
  ["cargo por uso de instalaciones", "facility fee"],
  ["centro de cirugia ambulatoria", "facility fee ambulatory surgery center"],
  ["honorarios del medico", "physician/surgeon fees"],
  // "Transporte médico de emergencia"; "Atención en la sala de emergencias".
  ["transporte medico de emergencia", "emergency medical transportation ambulance"],
  // "Servicios de salud mental/conductual o por abuso de sustancias" (outpatient / inpatient).
  ["abuso de sustancias", "substance use disorder services"],
  // "Servicios profesionales de parto"; "Servicios de instalaciones de parto".
  ["servicios profesionales de parto", "childbirth/delivery professional services"],
  // "Atención de salud en el hogar"; "Servicios de rehabilitación"; "Servicios de habilitación";
  // the skilled nursing row; "Equipo médico duradero"; "Servicios de cuidados paliativos".
  ["atencion de salud en el hogar", "home health care"],
  ["servicios de rehabilitacion", "rehabilitation services"],
  ["equipo medico duradero", "durable medical equipment"],
  // "Examen de la vista para niños"; "Anteojos para niños"; "Chequeo dental para niños".
  ["anteojos para ninos", "children's glasses"],
  ["chequeo dental", "dental check-up"],
  // "Servicios excluidos": cirugía estética, cirugía bariátrica, cuidado a largo plazo, cuidado de rutina de
  // los pies, programas para bajar de peso, tratamiento de infertilidad, enfermería privada.
  ["cirugia estetica", "cosmetic surgery"],
  ["cirugia bariatrica", "bariatric surgery"],
  ["largo plazo", "long-term care"],
  ["rutina de los pies", "routine foot care"],
  ["bajar de peso", "weight loss programs"],
  ["enfermeria privada", "private-duty nursing"],
];

/** CuidadoDeSalud.gov "Glosario" / CMS "Glosario de términos médicos y de seguros" (uniform glossary, Spanish edition). */
export const SPANISH_UNIFORM_GLOSSARY_PHRASES: ReadonlyArray<readonly [string, string]> = [
  ["desembolso maximo", "out-of-pocket limit maximum"],
  ["maximo de gastos de bolsillo", "out-of-pocket limit maximum"],
  ["proveedor de la red", "network provider in-network"],
  ["proveedor participante", "participating provider"],
  ["proveedor no participante", "non-participating provider"],
  ["fuera de la red", "out-of-network non-network"],
  ["no esta en la red", "out-of-network non-network"],
  ["cantidad permitida", "allowed amount"],
  ["facturacion del saldo", "balance billing"],
  ["saldo facturado", "balance billing"],
  ["prima mensual", "monthly plan premium"],
  // "Atención de urgencia": "… lo suficientemente grave como para que una persona razonable busque atención
  // inmediata, pero no tan grave como para requerir atención en la sala de emergencias".
  ["atencion inmediata", "urgent care"],
  ["no es una emergencia", "urgent care not an emergency"],
  ["lista de medicamentos", "drug list formulary"],
];

/** Medicare.gov en español / Medicare y Usted (CMS, Spanish edition) and MedlinePlus en español: everyday wording. */
export const SPANISH_LAY_PHRASES: ReadonlyArray<readonly [string, string]> = [
  // Medicare y Usted: "pagar de su bolsillo", "costos de su bolsillo" (out-of-pocket costs).
  ["de mi bolsillo", "out-of-pocket"],
  ["de su bolsillo", "out-of-pocket"],
  ["de nuestro bolsillo", "out-of-pocket"],
  // Medicare y Usted: "Servicios para los Miembros" of the plan (the plan's Member Services).
  ["servicios para los miembros", "Member Services"],
  ["servicios al miembro", "Member Services"],
  ["numero de telefono", "phone number"],
  // MedlinePlus en español "Cómo elegir un médico de cabecera" (primary care provider).
  ["medico de cabecera", "primary care physician PCP primary care visit"],
  ["medico familiar", "primary care physician PCP primary care visit"],
  ["medico general", "primary care physician PCP primary care visit"],
  // MedlinePlus en español "Medicamentos de venta libre" (over-the-counter medicines): "sin receta".
  ["venta libre", "over-the-counter OTC"],
  ["sin receta", "over-the-counter OTC non-prescription"],
  // Medicare.gov en español "Equipo médico duradero (DME)": andadores, sillas de ruedas, camas de hospital.
  ["cama de hospital", "hospital bed durable medical equipment"],
  // MedlinePlus en español "Audífonos": aparatos auditivos (hearing aids).
  ["aparato auditivo", "hearing aids"],
  // General bilingual usage (MedlinePlus en español): frequency and time of day.
  ["cada cuanto", "how often every"],
  ["a que hora", "hours"],
];

/** Single words (same sources, noted per group). */
export const SPANISH_SBC_WORDS: Readonly<Record<string, string>> = {
  // CMS Spanish SBC template: "cirujano" (surgeon), "conductual" (behavioral), "habilitación", "chequeo".
  cirujano: "surgeon", conductual: "behavioral health", habilitacion: "habilitation services", chequeo: "check-up preventive care",
  preautorizacion: "pre-authorization prior authorization", participante: "participating", cesarea: "cesarean delivery childbirth",
  // Medicare y Usted / CuidadoDeSalud.gov: charging, spending, approval, sending.
  cobran: "charge cost", cobrar: "charge", cobra: "charge", gastar: "spend pay", gasto: "cost expense", gastos: "costs expenses",
  permiso: "approval authorization", 
  // Medicare.gov en español "Equipo médico duradero": andador (walker); MedlinePlus: pastillas (pills), sangre (blood).
  andador: "walker durable medical equipment", pastillas: "pills drugs", pastilla: "pill drug", sangre: "blood work",
  // MedlinePlus en español "Pérdida de la audición" (oír, audición) and "Anteojos" (glasses); Medicare y Usted
  // "membresías de gimnasio" (fitness memberships).
  audicion: "hearing", oir: "hearing", oigo: "hearing", sordera: "hearing loss", gimnasio: "fitness gym",
  // MedlinePlus en español "Salud dental": muelas (teeth); "Cuidado de los pies": pies (foot).
  muelas: "teeth dental", pies: "foot feet",
  // MedlinePlus en español: pediatra (pediatrician), podólogo / podiatra (podiatrist); CMS Spanish SBC template: "consultorio" (office), "transporte".
  pediatra: "pediatrician child", podologo: "podiatrist podiatry foot", podiatra: "podiatrist podiatry foot", consultorio: "office visit", transporte: "transportation",
};
