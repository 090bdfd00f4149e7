/**
 * US health-insurance glossary (ACA SBCs and Medicare EOCs) as data. Each entry maps lay wording
 * to the terms the documents print. Definitions follow Healthcare.gov's glossary and Medicare.gov;
 * the lay phrases are ordinary paraphrases of those definitions (e.g. Healthcare.gov defines the
 * deductible as "the amount you pay ... before your insurance plan starts to pay").
 */
import { type GlossaryEntry, SRC_HEALTHCARE_GOV as HC, SRC_HHS_HIPAA, SRC_HHS_OCR, SRC_MEDICARE as MC, SRC_MEDLINEPLUS, SRC_MERRIAM_WEBSTER, SRC_SBC_TEMPLATE as SBC, SRC_WIKIPEDIA_MEDICAL_ALARM } from "./types.ts";

/** US terms: cost sharing, access rules, services, contacts. */
export const US_TERMS: readonly GlossaryEntry[] = [
  { term: "deductible", source: HC, expansions: ["deductible"],
    lay: ["before insurance kicks in", "before the insurance kicks in", "before my insurance kicks in", "kicks in", "before insurance pays", "before the insurance pays",
      "before the plan pays", "before my plan pays", "before the plan starts paying", "before coverage starts", "pay first before"] },
  { term: "out-of-pocket limit", source: HC,
    expansions: ["out-of-pocket limit", "maximum out-of-pocket", "out-of-pocket maximum", "MOOP", "the most you could pay"],
    lay: ["most i'd pay", "most id pay", "most i would pay",
      "most i will pay", "most i have to pay", "out of pocket", "out-of-pocket max", "cap on what i pay",
      "cap on my costs", "maximum i pay", "maximum i would pay", "worst case", "spending limit", "oop max",
      // Healthcare.gov "Out-of-pocket maximum/limit — The most you have to pay for covered services in a plan year":
      // the definition's wording with the member's own words in the gap ("the most we would ever have to pay")
      "most i … pay", "most i … paying", "most we … pay", "most we … paying", "most you … pay", "most one person … pay", "most one person … pays",
      // Merriam-Webster "on the hook": "in a position of responsibility or obligation" (to pay); "max", short for maximum
      "most … on the hook", "max … on the hook", "max i … pay", "max we … pay"] },
  { term: "copayment", source: HC, expansions: ["copayment", "copay"],
    lay: ["copay", "co-pay", "flat fee", "fixed fee", "fixed amount", "how much do i pay"] },
  { term: "coinsurance", source: HC, expansions: ["coinsurance"],
    lay: ["percentage i pay", "percent i pay", "percent of the cost", "share of the cost", "my share"] },
  { term: "prior authorization", source: HC,
    expansions: ["prior authorization", "preauthorization", "precertification", "approval in advance"],
    lay: ["pre-approval", "preapproval", "pre approval", "pre-approved", "approved first", "approval before", "approved beforehand",
      "permission before", "permission in advance", "pre-authorization", "pre-authorisation", "pre-certification", "ok in advance"] },
  { term: "referral", source: HC, expansions: ["referral", "specialist"],
    lay: ["specialist referral", "referred", "permission to see a specialist", "note from my doctor", "see a specialist"] },
  { term: "emergency room", source: HC, expansions: ["emergency room", "emergency care", "emergency"],
    lay: ["er", "e.r.", "a&e", "casualty", "emergency department", "ed visit"] },
  { term: "urgent care", source: MC, expansions: ["urgent care", "urgently needed services", "urgently needed care"],
    lay: ["walk-in clinic", "walk in clinic", "after-hours clinic", "urgently needed"] },
  { term: "prescription drugs", source: HC, expansions: ["prescription drugs", "drug", "drugs"],
    lay: ["drugs", "meds", "medication", "medications", "medicine", "medicines", "pills", "prescriptions", "rx"] },
  { term: "premium", source: HC, expansions: ["premium"],
    lay: ["monthly payment", "monthly fee", "monthly bill", "monthly cost of the plan", "pay for the policy", "pay for the plan"] },
  { term: "primary care", source: HC, expansions: ["primary care physician", "primary care provider", "PCP", "primary care visit"],
    lay: ["family doctor", "regular doctor", "gp", "general practitioner", "family physician"] },
  { term: "specialist", source: HC, expansions: ["specialist", "specialist visit"],
    lay: ["heart doctor", "skin doctor", "cardiologist", "dermatologist", "orthopedist"] },
  { term: "inpatient hospital", source: MC, expansions: ["inpatient hospital stay", "inpatient hospital care", "inpatient"],
    lay: ["hospital stay", "stay in the hospital", "admitted to the hospital", "hospitalized", "hospitalised", "overnight in hospital"] },
  { term: "outpatient surgery", source: HC, expansions: ["outpatient surgery", "outpatient facility", "ambulatory surgical center"],
    lay: ["same-day surgery", "same day surgery", "day surgery"] },
  // Medicare.gov "Durable medical equipment (DME) coverage" lists canes, commode chairs, crutches, hospital beds,
  // nebulizers, oxygen equipment, patient lifts, CPAP devices, walkers, wheelchairs and scooters; its "Seat lift
  // equipment" page covers the lift mechanism of a lift chair (https://www.medicare.gov/coverage/durable-medical-equipment-dme-coverage).
  { term: "durable medical equipment", source: HC, expansions: ["durable medical equipment", "DME"],
    lay: ["wheelchair", "walker", "crutches", "medical equipment", "hospital bed at home", "oxygen equipment", "hospital bed",
      "lift chair", "seat lift", "patient lift", "commode chair", "nebulizer", "cpap", "mobility scooter", "oxygen tank"] },
  { term: "skilled nursing facility", source: MC, expansions: ["skilled nursing facility", "SNF"],
    lay: ["nursing home", "rehab facility", "rehabilitation facility", "nursing facility"] },
  { term: "hospice", source: MC, expansions: ["hospice", "terminally ill"],
    // Medicare.gov "Hospice care": care for the terminally ill (life expectancy of 6 months or less) that focuses on comfort ("comfort care"), palliative care
    lay: ["end of life care", "end-of-life care", "terminal illness", "terminally ill", "dying", "comfort care", "palliative care", "palliative",
      "last months", "final months", "months to live"] },
  // Healthcare.gov "Home Health Care — Health care services and supplies a doctor decides you may receive in
  // your home under a plan of care" (a nurse or therapist visiting the house).
  { term: "home health care", source: HC, expansions: ["home health care", "home health agency"],
    lay: ["nurse at home", "care at home", "home nurse", "nurse … to the house", "nurse … the house", "nurse … our house", "nurse … at home",
      "come to the house", "come by the house", "coming to the house", "visits at home", "visit at home"] },
  { term: "vision", source: HC, expansions: ["eyewear", "eyeglasses", "contact lenses", "frames", "vision"],
    lay: ["glasses", "spectacles", "contacts", "eye exam", "lenses", "eyesight", "eye doctor", "eye test", "optometrist"] },
  // Medicare.gov "Hearing & balance exams" / "Hearing aids": hearing loss, hearing aids and their fitting.
  { term: "hearing aids", source: MC, expansions: ["hearing aids", "hearing aid", "hearing"],
    lay: ["hearing device", "hearing devices", "hearing loss", "hard of hearing", "can't hear", "cant hear", "barely hear", "losing my hearing", "losing his hearing", "losing her hearing",
      // Merriam-Webster: an "aide" is a person who helps; "hearing aide" is the device misspelt.
      "hearing aide", "hearing aides"] },
  { term: "dental", source: HC, expansions: ["dental", "dentist"], lay: ["teeth", "tooth", "dentist", "cleaning"] },
  { term: "mental health", source: HC, expansions: ["mental health", "behavioral health", "psychotherapy"],
    lay: ["therapy", "therapist", "counseling", "counselling", "psychotherapist", "talk therapy", "psychiatrist", "psychologist", "depression", "anxiety"] },
  { term: "chiropractic", source: MC, expansions: ["chiropractic", "chiropractor", "manipulation of the spine"],
    lay: ["chiropractor", "back adjustment", "spinal adjustment", "spine adjustment"] },
  { term: "appeal", source: MC, expansions: ["appeal", "grievance", "coverage decision"],
    lay: ["dispute", "contest", "challenge a decision", "challenge the decision", "denied", "denial", "complain", "complaint", "turned down"] },
  // The SBC template's "Language Access Services" lines name each language in its own words
  // ("Para obtener asistencia en Español, llame al …"; 45 CFR 147.200(a)(5), CMS/DOL SBC instructions).
  { term: "language access services", source: SBC, expansions: ["language access services", "Español", "asistencia"],
    lay: ["in spanish", "spanish speaker", "spanish speaking", "help in spanish", "assistance in spanish"] },
  // Contact tables state hours as times and days ("8 a.m. to 8 p.m., 7 days a week", "Monday through
  // Friday"), never the word "hours" (CMS EOC model, Chapter 2 contact tables).
  { term: "hours of operation", source: MC, expansions: ["a.m.", "p.m.", "7 days a week", "Monday through Friday"],
    lay: ["what hours", "which hours", "opening hours", "business hours", "office hours", "hours of operation", "is open", "are open", "open on weekends", "what time"] },
  { term: "member services", source: MC, expansions: ["member services", "customer service", "phone", "call"],
    lay: ["customer service", "customer care", "helpline", "help line", "contact number", "phone number", "who do i call", "number to call"] },
  // CMS EOC model, Chapter 2 contact tables: each contact's rows are "CALL", "TTY", "FAX", "WRITE" (a postal
  // address, mostly a "P.O. Box") and "WEBSITE"; a member asks where to mail or send something.
  { term: "mailing address", source: MC, expansions: ["write", "P.O. Box"],
    lay: ["mailing address", "postal address", "address to send", "address to mail", "where do i mail", "where do i send", "where to mail", "where to send", "mail it", "mail a", "mail the", "send it by mail"] },
  // Medicare.gov, "Costs for Medicare drug coverage" (catastrophic coverage): once a member's yearly spending on covered
  // Part D drugs reaches the limit ($2,000 in 2025), the member has no copayment or coinsurance on Part D drugs for the rest of the
  // calendar year; the CMS EOC model calls it the "Catastrophic Coverage Stage".
  { term: "catastrophic coverage", source: MC, expansions: ["Catastrophic Coverage Stage", "pay nothing"],
    lay: ["stop paying for … drugs", "stop paying for … medicines", "stop paying for … prescriptions", "stop paying for them",
      "drugs become free", "medicines become free", "prescriptions become free"] },
  // Wikipedia "Medical alarm": an alarm worn to summon help, also called a Personal Emergency Response System (PERS) or
  // medical alert; Medicare Advantage EOCs chart it as "Personal Emergency Response System".
  { term: "personal emergency response system", source: SRC_WIKIPEDIA_MEDICAL_ALARM, expansions: ["Personal Emergency Response System", "PERS"],
    lay: ["medical alert", "medical alarm", "alert button", "alert buttons", "panic button", "emergency button", "help button",
      "button you wear", "buttons you wear", "button … wear", "pendant", "fall alert", "fall detector", "life alert"] },
  // CMS Medicare Managed Care Manual, Chapter 4 (supplemental benefits): meals for a short duration after an inpatient
  // stay, delivered to the home; EOCs chart them as "Meals" / "Meal benefit"; a member asks for food sent to the house.
  { term: "meal benefit", source: MC, expansions: ["meals", "meal"],
    lay: ["send food", "sends food", "food delivered", "deliver food", "food delivery", "food to my house", "food to the house", "meals delivered", "meal delivery", "can't cook", "cant cook"] },
  { term: "formulary", source: MC, expansions: ["drug list", "formulary"], lay: ["drug list", "list of covered drugs", "covered drugs list"] },
  { term: "preventive care", source: HC, expansions: ["preventive care", "screening", "annual wellness visit"],
    lay: ["checkup", "check-up", "annual physical", "physical exam", "wellness visit"] },
  { term: "over-the-counter", source: MC, expansions: ["over-the-counter", "OTC"], lay: ["otc", "non-prescription", "store-bought"] },
  { term: "annual limit", source: HC, expansions: ["overall annual limit", "annual limit", "lifetime limit"],
    lay: ["cap on what the plan pays", "maximum the plan pays", "most the plan pays"] },
  { term: "telehealth", source: MC, expansions: ["telehealth", "virtual visit"],
    lay: ["video visit", "virtual visit", "online doctor", "video call with a doctor", "telemedicine"] },
  { term: "laboratory tests", source: HC, expansions: ["lab tests", "laboratory services", "diagnostic test"],
    lay: ["blood test", "blood work", "bloodwork", "lab work", "labs", "lab test", "lab tests"] },
  { term: "ambulance", source: MC, expansions: ["ambulance services", "ambulance"], lay: ["ambulance ride", "paramedics"] },
  // Healthcare.gov: "Emergency Medical Transportation — Ambulance services for an emergency medical condition."
  { term: "emergency medical transportation", source: HC, expansions: ["emergency medical transportation", "ambulance"], lay: ["ambulance", "ambulances"] },
  // SBC template: "If you have a test — Imaging (CT/PET scans, MRIs)".
  { term: "imaging", source: SBC, expansions: ["imaging", "CT/PET scans, MRIs"], lay: ["mri", "mris", "ct scan", "cat scan", "pet scan", "scans"] },
  // Healthcare.gov "Diagnostic Test — Tests to figure out what your health problem is. For example, an x-ray …"; SBC "Diagnostic test (x-ray, blood work)".
  { term: "diagnostic test", source: HC, expansions: ["diagnostic test", "x-ray", "blood work"], lay: ["x-ray", "x-rays", "xray", "xrays"] },
  // Healthcare.gov "Hospitalization — Care in a hospital that requires admission as an inpatient and usually requires an overnight stay"; SBC "If you have a hospital stay — Facility fee (e.g., hospital room)".
  { term: "hospitalization", source: HC, expansions: ["hospital stay", "facility fee", "hospital room", "inpatient"], lay: ["hospitalization", "hospitalisation", "overnight stay", "admitted", "admission"] },
  // Healthcare.gov "Rehabilitation Services — … physical and occupational therapy, speech-language pathology …".
  { term: "rehabilitation services", source: HC, expansions: ["rehabilitation services", "rehabilitation"],
    lay: ["rehab", "physical therapy", "occupational therapy", "speech therapy", "physiotherapy", "physical therapist", "physio", "speech therapist"] },
  // SBC template: "If you are pregnant — Office visits; Childbirth/delivery professional services; Childbirth/delivery facility services".
  { term: "childbirth", source: SBC, expansions: ["childbirth/delivery", "childbirth", "delivery", "maternity", "pregnant"],
    lay: ["pregnant", "pregnancy", "having a baby", "give birth", "giving birth", "maternity", "prenatal", "newborn"] },
  // SBC template: "If you are pregnant — Prenatal and postnatal care" (2013–2015 SBCs; Office visits in later
  // ones); Healthcare.gov "Pregnancy & newborn care": care before and after the birth.
  { term: "prenatal and postnatal care", source: SBC, expansions: ["prenatal and postnatal care", "prenatal", "postnatal"],
    lay: ["before and after the birth", "before and after birth", "before and after the baby", "while she's expecting", "while i'm expecting",
      "we're expecting", "she's expecting", "i'm expecting", "pregnancy checkups", "prenatal checkups", "prenatal visits", "checkups while pregnant"] },
  // Healthcare.gov "Skilled Nursing Care — Services from licensed nurses in your own home or in a nursing home"; SBC "Skilled nursing care".
  { term: "skilled nursing care", source: HC, expansions: ["skilled nursing care", "skilled nursing"], lay: ["nursing home", "licensed nurse", "nursing care"] },
  // Medicare.gov coverage pages name vaccines "shots": "Flu shots", "Shingles shot", "Pneumococcal shots",
  // "Hepatitis B shots" (https://www.medicare.gov/coverage/flu-shots, …/shingles-shot); the EOC prints vaccine/immunizations.
  { term: "vaccine", source: MC, expansions: ["vaccine", "vaccination", "immunizations"], lay: ["shot", "shots", "flu shot", "shingles shot"] },
  // Medicare.gov "Opioid use disorder treatment services": Part B covers OUD treatment in opioid treatment programs
  // (OTPs), including FDA-approved medications "like methadone" (https://www.medicare.gov/coverage/opioid-use-disorder-treatment-services).
  { term: "opioid treatment program", source: MC, expansions: ["opioid treatment program", "opioid use disorder"], lay: ["methadone"] },
  // Medicare.gov "Gym memberships & fitness programs": Original Medicare doesn't cover them; some Medicare Advantage
  // plans do (https://www.medicare.gov/coverage/gym-memberships-fitness-programs).
  { term: "fitness program", source: MC, expansions: ["fitness program", "fitness"], lay: ["gym", "gym membership", "gym memberships"] },
  // Medicare.gov glossary "Advance directive — A written document stating how you want medical decisions to be made if you
  // lose the ability to make them for yourself. It may include a living will and a durable power of attorney for health care."
  { term: "advance directive", source: MC, expansions: ["advance directive", "advance directives"],
    lay: ["living will", "living wills", "durable power of attorney for health care", "power of attorney for health care"] },
  // Medicare.gov "Special Enrollment Periods": "If you move … to a new address that isn't in your plan's service area"
  // (https://www.medicare.gov/basics/get-started-with-medicare/get-more-coverage/joining-a-plan/special-enrollment-periods).
  // The term is the move itself: a question that only names the service area ("dialysis outside the service area")
  // asks about care there, not about a Special Enrollment Period.
  { term: "moving out of the service area", source: MC, expansions: ["service area", "special enrollment period"], lay: ["move", "moving", "moved"] },
  // Medicare.gov "Travel outside the U.S.": care "in a foreign country", and "on a cruise ship" in some situations
  // (https://www.medicare.gov/coverage/travel-outside-the-u-s). "abroad", "overseas", "foreign", "out of the country",
  // "another country" as lay words were measured (harness, with the retriever's lay bridge): dev hit@5/facts per
  // document · library 94.5/80.2 · 93.7/79.2 → 94.4/80.2 · 93.6/79.2 (multi_hop hit lower), members4–6 unchanged; not kept.
  { term: "travel outside the U.S.", source: MC, expansions: ["outside the United States", "outside the U.S.", "worldwide"],
    lay: ["cruise", "cruise ship", "foreign country", "outside the u.s", "outside the us"] },
  // Medicare.gov glossary "Workers' compensation — An insurance plan that employers are required to have to cover
  // employees who get sick or injured on the job."
  { term: "workers' compensation", source: MC, expansions: ["workers' compensation", "workers compensation"],
    lay: ["on the job", "at work", "at my job", "work injury", "work-related", "workplace injury", "injured at work", "hurt at work"] },
  // Medicare.gov "Second surgical opinions": a second opinion is when a different doctor reviews your condition
  // before surgery (https://www.medicare.gov/coverage/second-surgical-opinions).
  { term: "second opinion", source: MC, expansions: ["second opinion", "second medical opinion"],
    lay: ["another opinion", "another doctor's opinion", "different doctor's opinion", "another doctor … look", "different doctor … look", "another doctor … review"] },
  // Medicare.gov glossary "Disenroll/Disenrollment — The process of ending your membership in a Medicare health plan";
  // the EOC's chapter "Ending your membership in the plan".
  { term: "disenroll", source: MC, expansions: ["disenroll", "end your membership", "ending your membership"],
    lay: ["kick me out", "kick me off", "drop me", "drops me", "dropped from", "cancel my membership", "end my membership"] },
  // CMS EOC model, Chapter 7 "Asking us to pay our share of a bill you have received for covered medical
  // services or drugs": "ask us to pay you back" (reimbursement), sending the bill and receipts. ("pay me back"
  // shares the document's own words and needs no entry.)
  { term: "asking us to pay you back", source: MC, expansions: ["pay you back", "request for payment", "submit your claim", "reimbursement"],
    lay: ["paid back", "get reimbursed", "reimburse me", "get my money back"] },
  // The SBC template's excluded / other covered services lists name "Bariatric surgery"; NIDDK "Bariatric Surgery"
  // (https://www.niddk.nih.gov/health-information/weight-management/bariatric-surgery) and MedlinePlus "Weight Loss
  // Surgery" call it weight-loss surgery and name its kinds (gastric bypass, gastric sleeve, adjustable gastric band).
  { term: "bariatric surgery", source: SBC, expansions: ["bariatric surgery"],
    lay: ["weight loss surgery", "weight-loss surgery", "surgery to lose weight", "stomach stapling", "gastric bypass", "gastric sleeve", "sleeve gastrectomy",
      "gastric band", "lap band", "lap-band"] },
  // Medicare.gov glossary "End-Stage Renal Disease (ESRD) — Permanent kidney failure that requires a regular course of
  // dialysis or a kidney transplant."
  { term: "End-Stage Renal Disease", source: MC, expansions: ["End-Stage Renal Disease", "ESRD"],
    lay: ["kidney failure", "kidneys failed", "kidneys have failed", "kidneys are failing", "failed kidneys", "permanent kidney failure"] },
  // Medicare.gov "Caregivers" (https://www.medicare.gov/caregivers): resources for people who help take care of
  // someone with Medicare; the EOC charts "Caregiver training" for the unpaid caregiver of a member.
  { term: "caregiver", source: MC, expansions: ["caregiver", "caregivers"],
    lay: ["take care of my", "takes care of my", "taking care of my", "look after my", "looks after my", "looking after my", "caring for my", "care for my"] },
  // SBC template "If your child needs dental or eye care"; Healthcare.gov glossary "Dependent — A child or other
  // individual for whom a parent … may claim a personal exemption": a member's son or daughter is the plan's child.
  { term: "dependent child", source: SBC, expansions: ["child", "children"],
    lay: ["my son", "my sons", "my daughter", "my daughters", "our son", "our sons", "our daughter", "our daughters", "my kid", "my kids", "our kid", "our kids", "my boy", "my girl", "his son", "her son", "his daughter", "her daughter"] },
  // Medicare.gov "What Medicare Advantage Plans cover": some plans also cover extra benefits "like ... transportation
  // to doctor visits"; the SBC template's row is "Emergency medical transportation", the EOC charts "Transportation"
  // and counts "one-way trips". A member asks for a ride: Merriam-Webster "ride" (noun) "a trip on horseback or by vehicle".
  { term: "transportation", source: MC, expansions: ["transportation", "trip", "trips"],
    lay: ["ride", "rides", "a lift to", "get to my appointment", "get to my appointments", "get to the doctor", "get to my doctor", "get to the hospital"] },
  // Merriam-Webster "shrink" (noun, informal): "a clinical psychiatrist or psychologist" (short for "headshrinker");
  // the SBC template's event "If you have mental health, behavioral health, or substance abuse needs".
  { term: "mental health specialist", source: SBC, expansions: ["mental health", "behavioral health"], lay: ["shrink", "headshrinker", "head doctor"] },
  // Merriam-Webster "shell out" (phrasal verb, informal): "to pay (money)"; Healthcare.gov "Cost sharing — The share of
  // costs covered by your insurance that you pay out of your own pocket" (deductibles, coinsurance, copayments).
  { term: "cost sharing", source: HC, expansions: ["you pay", "cost sharing", "copayment", "coinsurance"],
    lay: ["shell out", "shelling out", "fork out", "fork over", "cough up", "on the hook"] },
  // The SBC template's excluded / other covered services lists name "Infertility treatment"; MedlinePlus "Infertility"
  // names in vitro fertilization (IVF) among its treatments.
  { term: "infertility treatment", source: SBC, expansions: ["infertility treatment", "infertility"],
    lay: ["fertility", "fertility treatment", "fertility treatments", "ivf", "in vitro fertilization", "in-vitro fertilization", "trouble getting pregnant"] },
  // The SBC template's event "If you have mental health, behavioral health, or substance abuse needs — Outpatient services /
  // Inpatient services"; MedlinePlus "Alcohol Use Disorder (AUD) Treatment" (a substance use disorder).
  { term: "substance use disorder services", source: SBC, expansions: ["substance use disorder", "substance abuse", "chemical dependency"],
    lay: ["drinking problem", "problem with drinking", "his drinking", "her drinking", "my drinking", "alcoholism", "alcoholic", "get sober", "getting sober",
      "stay sober", "addiction", "addicted", "detox"] },
  // HHS "Your Rights Under HIPAA": "You can ask to change any wrong information in your file or add information to your
  // file if it's incomplete" (the right to amend, 45 CFR 164.526); EOCs' privacy notices: "amend your health information".
  { term: "amend health information", source: SRC_HHS_HIPAA, expansions: ["amend", "amendment", "health information", "medical records"],
    lay: ["medical file", "health file", "my file", "medical chart", "wrong information", "incorrect information", "correct my records", "fix my records",
      "correct my medical records", "fix my medical records", "wrong in my records", "mistake in my records"] },
  // Merriam-Webster "braces" (plural): an orthodontic appliance to straighten teeth; EOCs and SBCs say "orthodontics".
  { term: "orthodontics", source: SRC_MERRIAM_WEBSTER, expansions: ["orthodontics", "orthodontic"], lay: ["braces", "straighten teeth", "straighten his teeth", "straighten her teeth", "straighten my teeth"] },
  // Medicare.gov, "What Medicare Part D drug plans cover": drugs not covered include those "used for the treatment of
  // sexual or erectile dysfunction"; MedlinePlus "Erectile dysfunction" names sildenafil (Viagra), tadalafil (Cialis).
  { term: "erectile dysfunction", source: MC, expansions: ["erectile dysfunction", "sexual or erectile dysfunction"],
    lay: ["ed pills", "ed drugs", "ed medication", "ed meds", "viagra", "cialis", "levitra", "sildenafil", "tadalafil", "impotence"] },
  // Medicare.gov "Drug management programs" (for people at risk of misusing opioids: the plan may limit them to
  // certain pharmacies or prescribers); MedlinePlus "Opioid Misuse": opioids are prescription pain relievers.
  { term: "opioid", source: MC, expansions: ["opioid", "opioids", "opioid pain medications"],
    lay: ["pain pills", "painkillers", "pain killers", "narcotics", "oxycodone", "hydrocodone", "oxycontin", "vicodin", "percocet"] },
  // MedlinePlus "Vasectomy" (permanent birth control for men) and "Tubal ligation" ("having your tubes tied"): sterilization.
  { term: "sterilization", source: SRC_MEDLINEPLUS, expansions: ["sterilization", "voluntary sterilization"], lay: ["vasectomy", "tubal ligation", "tubes tied"] },
  // HHS Office for Civil Rights: a complaint of being treated differently because of race, color, national origin,
  // disability, age, sex or religion is a discrimination (civil rights) complaint; EOCs name the "Office for Civil Rights".
  { term: "discrimination", source: SRC_HHS_OCR, expansions: ["discrimination", "discriminate", "Office for Civil Rights", "civil rights"],
    lay: ["treated differently", "treated me differently", "treated her differently", "treated him differently", "treated unfairly", "treated me unfairly", "discriminated"] },
  // Medicare.gov glossary "Activities of daily living (ADLs) — Activities you do every day, like eating, bathing,
  // dressing, toileting and transferring"; EOCs chart in-home personal care "to help with activities of daily living".
  { term: "activities of daily living", source: MC, expansions: ["activities of daily living", "personal care", "in-home care"],
    lay: ["bathing", "getting dressed", "help dressing", "help with dressing", "toileting", "help bathing", "help with bathing"] },
  // Medicare.gov "Mental health care (inpatient)": care "in either a general hospital or a psychiatric hospital
  // that only cares for people with mental health conditions", with a 190-day lifetime limit in a psychiatric
  // hospital. A ward or unit is a hospital's division (Merriam-Webster "ward": "a division in a hospital").
  { term: "psychiatric hospital", source: MC, expansions: ["psychiatric hospital", "inpatient psychiatric"],
    lay: ["psych ward", "psych unit", "psychiatric ward", "psychiatric unit", "mental hospital", "mental health hospital"] },
  // Merriam-Webster "psych" (adjective, informal): psychiatric, psychological; the plans print "psychiatric".
  // With the entry above: dev harness facts ALL 86.54 → 86.66 per document, 85.32 → 85.44 library (+1 case,
  // FRESH), answerable refused 1.0 → 0.9 / 1.4 → 1.3%, hit@5 and unanswerable unchanged.
  { term: "psychiatric", source: SRC_MERRIAM_WEBSTER, expansions: ["psychiatric"], lay: ["psych"] },
  // Merriam-Webster "deadline": "a date or time before which something must be done"; "cutoff": "the time by
  // which something must be done". Plans print a deadline as a time span counted from an event: "within 60
  // calendar days", "no later than 30 days after the date of discharge". Dev harness facts ALL 86.48 → 86.54 per
  // document, 85.15 → 85.26 library (FRESH +2 −1 cases), hit@5 95.8 / 95.0 → 95.8 / 95.1, refusals unchanged.
  { term: "deadline", source: SRC_MERRIAM_WEBSTER, expansions: ["within", "no later than", "deadline"],
    lay: ["deadline", "by when", "too late", "cutoff", "cut-off", "time limit"] },
  { term: "excluded services", source: HC, expansions: ["not covered", "excluded", "exclusions"],
    lay: ["isn't covered", "is not covered", "doesn't cover", "don't cover", "not paid for"] },
];
