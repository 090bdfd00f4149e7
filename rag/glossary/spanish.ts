/**
 * A small Spanish → English insurance vocabulary (accent-folded, lower-case keys) so Spanish
 * questions retrieve from English documents. Terms follow the official Spanish editions of the
 * CMS "Medicare & You" handbook / Medicare.gov en español and CuidadoDeSalud.gov's glossary
 * (the Spanish Healthcare.gov): e.g. "deducible" = deductible, "coseguro" = coinsurance,
 * "sala de emergencias" = emergency room.
 * Phrases are matched before single words.
 */

import { SPANISH_MEDICARE_PHRASES, SPANISH_MEDICARE_WORDS } from "./spanish-medicare.ts";
import { SPANISH_LAY_PHRASES, SPANISH_SBC_TEMPLATE_PHRASES, SPANISH_SBC_WORDS, SPANISH_UNIFORM_GLOSSARY_PHRASES } from "./spanish-sbc.ts";

/** Source note for the Spanish vocabulary. */
export const SPANISH_SOURCE = "CuidadoDeSalud.gov glosario; Medicare y Usted (CMS, Spanish edition)";

/** Multi-word Spanish phrases → English document wording. */
export const SPANISH_PHRASES: ReadonlyArray<readonly [string, string]> = [
  ["servicio al cliente", "customer service"],
  ["sala de emergencias", "emergency room"],
  ["atencion de urgencia", "urgent care urgently needed"],
  ["atencion urgente", "urgent care urgently needed"],
  ["autorizacion previa", "prior authorization"],
  ["gastos de bolsillo", "out-of-pocket"],
  ["monto maximo de gastos de bolsillo", "maximum out-of-pocket amount"],
  ["salud mental", "mental health"],
  ["medicamentos con receta", "prescription drugs"],
  ["atencion primaria", "primary care"],
  ["medico de atencion primaria", "primary care provider PCP"],
  ["linea tty", "TTY"],
  ["hospitalizacion", "inpatient hospital stay"],
  // Spanish SBC uniform template / glossary (CMS, "Resumen de beneficios y cobertura") rows.
  ["resonancia magnetica", "imaging MRI CT/PET scans"],
  ["resonancias magneticas", "imaging MRI CT/PET scans"],
  ["terapia fisica", "physical therapy rehabilitation services"],
  ["enfermeria especializada", "skilled nursing care"],
  ["examen de la vista", "eye exam"],
  ["marca preferida", "preferred brand"],
  ["por correo", "mail order"],
  // Medicare y Usted (CMS, Spanish edition): enrollment and accessible formats.
  ["periodo de inscripcion anual", "Annual Enrollment Period"],
  ["inscripcion anual", "Annual Enrollment Period"],
  ["letra grande", "large print"],
  ["de baja", "disenroll end membership"],
  ["parte d", "Part D"],
  ["cuanto tiempo", "how long"],
  ["viajes de ida", "one-way trips transportation"],
  // CuidadoDeSalud.gov glosario "Cuidados de hospicio" (hospice): cuidados paliativos para enfermos terminales.
  ["enfermos terminales", "hospice terminally ill"],
  ["enfermo terminal", "hospice terminally ill"],
  ["enferma terminal", "hospice terminally ill"],
  ["cuidados paliativos", "hospice palliative"],
  // Medicare y Usted: "Etapa de cobertura catastrófica" (Catastrophic Coverage Stage), "no paga nada" (pay nothing).
  ["cobertura catastrofica", "Catastrophic Coverage Stage"],
  ["no pague nada", "pay nothing Catastrophic Coverage Stage"],
  ["no paga nada", "pay nothing"],
  ["permiso antes", "prior authorization"],
  ["permiso previo", "prior authorization"],
  // Medicare y Usted "Viajes fuera de los Estados Unidos" (travel outside the U.S.).
  ["fuera del pais", "outside the United States worldwide"],
  ["en el extranjero", "outside the United States worldwide"],
  ["otro pais", "foreign country outside the United States worldwide"],
  // CuidadoDeSalud.gov glosario / Spanish SBC template rows: "Si está embarazada" (If you are pregnant), "Equipo médico
  // duradero" (DME: "silla de ruedas", "muletas"), "Servicios de rehabilitación" (terapia física, del habla),
  // "Prueba de diagnóstico (radiografía, análisis de sangre)", "Sala de urgencias" (emergency room).
  ["dar a luz", "childbirth delivery"],
  ["recien nacido", "newborn new born baby"],
  ["silla de ruedas", "wheelchair durable medical equipment"],
  ["equipo medico", "durable medical equipment"],
  ["terapia del habla", "speech therapy rehabilitation services"],
  ["rayos x", "x-ray diagnostic test"],
  ["analisis de sangre", "blood work diagnostic test lab"],
  ["sala de urgencias", "emergency room"],
  ["cirugia ambulatoria", "outpatient surgery"],
  // CuidadoDeSalud.gov glosario "Atención médica en el hogar" (home health care); Medicare y Usted "área de servicio"
  // (service area), "cancelar su inscripción / dejar su plan" (disenroll, leave your plan), "diálisis" (dialysis).
  ["atencion medica en el hogar", "home health care"],
  ["en el hogar", "home health care"],
  ["en la casa", "at home home health"],
  ["en casa", "at home home health"],
  ["a domicilio", "at home home health"],
  ["area de servicio", "service area"],
  ["fuera del area", "outside the service area"],
  ["salirme del plan", "disenroll end your membership leave the plan"],
  ["salir del plan", "disenroll end your membership leave the plan"],
  ["dejar el plan", "disenroll end your membership leave the plan"],
  ["todavia no", "not yet"],
  ...SPANISH_SBC_TEMPLATE_PHRASES,
  ...SPANISH_UNIFORM_GLOSSARY_PHRASES,
  ...SPANISH_LAY_PHRASES,
  ...SPANISH_MEDICARE_PHRASES,
];

/** Single Spanish words → English document wording. */
export const SPANISH_WORDS: Readonly<Record<string, string>> = {
  telefono: "phone telephone call", numero: "number", llamar: "call", llame: "call", horario: "hours",
  servicios: "services", servicio: "service", miembros: "members", miembro: "member", afiliado: "member",
  dias: "days", dia: "day", mes: "month", meses: "months", ano: "year", anos: "years", anual: "annual yearly",
  semana: "week", semanas: "weeks", hora: "hour", horas: "hours",
  cubre: "cover covered", cubren: "cover covered", cubierto: "covered", cubiertos: "covered", cobertura: "coverage",
  pago: "pay payment copayment", pagar: "pay", pagan: "pay", cuesta: "cost copayment", costo: "cost", costos: "costs",
  precio: "price cost", gratis: "free $0", cuanto: "how much", cuantos: "how many", cuantas: "how many",
  deducible: "deductible", copago: "copayment copay", copagos: "copayments", coseguro: "coinsurance", prima: "premium",
  maximo: "maximum", limite: "limit", beneficio: "benefit", beneficios: "benefits", plan: "plan",
  suministro: "supply", insulina: "insulin", medicamento: "drug medication", medicamentos: "drugs medications",
  receta: "prescription", recetas: "prescriptions", farmacia: "pharmacy", farmacias: "pharmacies",
  generico: "generic", genericos: "generic", marca: "brand", nivel: "tier", preferida: "preferred", preferido: "preferred",
  hospital: "hospital", hospitalario: "hospital", internacion: "inpatient admission", ingreso: "admission",
  emergencia: "emergency", emergencias: "emergency", urgencia: "urgent", ambulancia: "ambulance",
  medico: "doctor physician", medicos: "doctors physicians", especialista: "specialist", especialistas: "specialists",
  remision: "referral", referido: "referral", autorizacion: "authorization", apelacion: "appeal", apelar: "appeal",
  queja: "complaint grievance", quejas: "complaints grievances", decision: "decision",
  cuidado: "care", atencion: "care", enfermeria: "nursing", especializada: "skilled", centro: "facility center",
  dental: "dental", dientes: "teeth dental", vision: "vision", anteojos: "eyeglasses glasses eyewear", lentes: "lenses glasses eyewear",
  audifonos: "hearing aids", auditivos: "hearing", quiropractico: "chiropractic", terapia: "therapy",
  embarazo: "pregnancy maternity", parto: "delivery childbirth", visita: "visit", visitas: "visits", consulta: "visit",
  examen: "exam", pruebas: "tests", laboratorio: "lab laboratory", cirugia: "surgery", equipo: "equipment",
  primaria: "primary", primer: "first", primeros: "first", adicional: "additional", adicionales: "additional",
  necesito: "need", necesita: "need", requiere: "require", incluye: "include", incluido: "included",
  // CuidadoDeSalud.gov / Medicare y Usted wording for claims, contacts and care.
  reembolso: "reimbursement payment request", correo: "mail", direccion: "address", mensual: "monthly", opcional: "optional supplemental",
  enfermera: "nurse", enfermeras: "nurses", recibo: "receipt bill", factura: "bill", reclamo: "claim", formulario: "form",
  // Spanish SBC uniform glossary / CuidadoDeSalud.gov glosario: services and people.
  acupuntura: "acupuncture", terapeuta: "therapist mental behavioral health", sesiones: "visits", sesion: "visit",
  limpieza: "cleaning", limpiezas: "cleanings", nino: "child children", ninos: "children", oculista: "eye exam vision",
  operacion: "surgery", internan: "inpatient hospital stay", internar: "inpatient hospital stay", medicinas: "drugs", medicina: "drug",
  // Medicare y Usted (CMS, Spanish edition): "asesoría gratuita" (free counseling), written requests.
  consejos: "counseling advice", asesoria: "counseling", escrito: "written", escribo: "write", fax: "fax",
  // Medicare y Usted: "Parte D", transporte a citas médicas (trips to medical appointments).
  parte: "part", fuera: "away outside", viaje: "trip transportation", viajes: "trips transportation", cita: "appointment", citas: "appointments",
  // CuidadoDeSalud.gov glosario "Diagnóstico por imágenes (tomografías computarizadas/PET, resonancias magnéticas)"
  // = Imaging (CT/PET scans, MRIs); "radiografía" = x-ray; "hospicio" = hospice.
  tomografia: "CT/PET scans imaging", tomografias: "CT/PET scans imaging", resonancia: "MRIs imaging", resonancias: "MRIs imaging",
  radiografia: "x-ray diagnostic test", radiografias: "x-rays diagnostic test", hospicio: "hospice", imagenes: "imaging",
  embarazada: "pregnant pregnancy prenatal", bebe: "baby newborn childbirth", muletas: "crutches durable medical equipment",
  oxigeno: "oxygen durable medical equipment", fisioterapia: "physical therapy rehabilitation services", urgencias: "emergency urgent",
  dentista: "dentist dental", diente: "tooth dental", psicologo: "psychologist mental health", psiquiatra: "psychiatrist mental health",
  ansiedad: "anxiety mental health", depresion: "depression mental health", hospitalizado: "hospitalized inpatient hospital stay",
  internado: "inpatient hospital stay", vacuna: "vaccine", vacunas: "vaccines", optometrista: "eye exam vision",
  // Medicare y Usted / CuidadoDeSalud.gov: membership, decisions and answers, kidney care, family members.
  cuando: "when", normalmente: "usually normally", membresia: "membership", termina: "end ends", terminar: "end", respuesta: "answer decision", respuestas: "answers decisions",
  dialisis: "dialysis", hogar: "home", casa: "home", recibido: "received", hija: "daughter child", hijo: "son child", hijos: "children",
  afiliacion: "enrollment", inscripcion: "enrollment", cancelar: "cancel disenroll", multa: "penalty", penalidad: "penalty",
  ...SPANISH_SBC_WORDS,
  ...SPANISH_MEDICARE_WORDS,
};
