import { describe, expect, test } from "bun:test";
import { expandQuery, GLOSSARY, isSpanishQuery } from "./expand.ts";

describe("expandQuery", () => {
  test("a psych ward, a deadline, bearing a share: clipped and lay words for psychiatric care, time limits and co-payment", () => {
    expect(expandQuery("Does the plan limit days on a psych ward?").added).toContain("psychiatric hospital");
    expect(expandQuery("Is there a limit on psych visits?").added).toContain("psychiatric");
    expect(expandQuery("By when must I file it?").added).toContain("within");
    expect(expandQuery("Is it too late to file?").added).toContain("no later than");
    expect(expandQuery("Must we bear some share of the hospital bill?").added).toContain("co-payment");
  });
  test("lay wording maps to document terms", () => {
    expect(expandQuery("What's the most I'd pay in a bad year?").added).toContain("out-of-pocket limit");
    expect(expandQuery("How much before my insurance kicks in?").added).toContain("deductible");
    expect(expandQuery("Do I need pre-approval for an MRI?").added).toContain("prior authorization");
    expect(expandQuery("What does the ER cost?").added).toContain("emergency room");
    expect(expandQuery("Are my meds covered?").added).toContain("prescription drugs");
  });

  test("Medicare.gov coverage wording: shots, methadone, gym", () => {
    expect(expandQuery("Is a tetanus shot free?").added).toContain("vaccine");
    expect(expandQuery("Do they cover methadone?").added).toContain("opioid treatment program");
    expect(expandQuery("Any gym perks?").added).toContain("fitness");
    expect(expandQuery("Is a gymnast injury covered?").added).not.toContain("fitness");
    expect(expandQuery("Where do I file my living will?").added).toContain("advance directive");
    expect(expandQuery("What if we're moving to Ohio?").added).toContain("service area");
    expect(expandQuery("Is a removal covered?").added).not.toContain("service area");
    expect(expandQuery("Is dialysis outside the service area covered?").added).not.toContain("special enrollment period");
    expect(expandQuery("Am I covered on a cruise to Alaska?").added).toContain("outside the United States");
  });

  test("SBC template services, HIPAA amendment, IRDAI non-payable items and post-hospitalisation in lay words", () => {
    expect(expandQuery("Does the plan help with IVF?").added).toContain("infertility");
    expect(expandQuery("Is rehab for my drinking problem paid?").added).toContain("substance use disorder");
    expect(expandQuery("There's a mistake in my records; how do I fix it?").added).toContain("amend");
    expect(expandQuery("Are specs paid for?").added).toContain("spectacles");
    expect(expandQuery("Is the oxygen monitor charge payable?").added).toContain("pulse oximeter");
    expect(expandQuery("Are her medicines paid after she leaves the hospital?").added).toContain("post-hospitalisation");
    expect(expandQuery("What happens after the doctor leaves?").added).not.toContain("post-hospitalisation");
  });

  test("dictionary, Medicare.gov, MedlinePlus and HHS OCR wording: braces, ED drugs, opioids, sterilization, discrimination", () => {
    expect(expandQuery("Are braces for my son covered?").added).toContain("orthodontics");
    expect(expandQuery("Is a back brace covered?").added).not.toContain("orthodontics");
    expect(expandQuery("Does the drug plan pay for Cialis?").added).toContain("erectile dysfunction");
    expect(expandQuery("Why is my painkillers refill limited?").added).toContain("opioid");
    expect(expandQuery("Is getting my tubes tied covered?").added).toContain("sterilization");
    expect(expandQuery("The clinic treated me unfairly; who do I call?").added).toContain("Office for Civil Rights");
    expect(expandQuery("After surgery he needs help with bathing for a few weeks.").added).toContain("activities of daily living");
  });

  test("informal wording for transport, a psychiatrist and paying (Medicare.gov extra benefits; Merriam-Webster)", () => {
    expect(expandQuery("Can the plan give me a ride to my checkup?").added).toContain("transportation");
    expect(expandQuery("Is a bride's dress covered?").added).not.toContain("transportation");
    expect(expandQuery("What does seeing a shrink cost?").added).toContain("mental health");
    expect(expandQuery("How much will we shell out for the delivery?").added).toContain("cost sharing");
    expect(expandQuery("Is shellfish allergy testing covered?").added).not.toContain("cost sharing");
  });

  test("where to mail something maps to the EOC contact tables' WRITE rows (CMS EOC model, Chapter 2)", () => {
    expect(expandQuery("What is the mailing address for the appeals office?").added).toContain("P.O. Box");
    expect(expandQuery("Where do I send my claim form?").added).toContain("write");
    expect(expandQuery("Can I get my drugs by mail order?").added).not.toContain("P.O. Box");
    expect(expandQuery("How do I report my new address?").added).not.toContain("P.O. Box");
    expect(expandQuery("Can you mail my refills to me?").added).not.toContain("P.O. Box");
  });

  test("the drug catastrophic stage and the most one is on the hook for (Medicare.gov; Merriam-Webster)", () => {
    expect(expandQuery("When do my medicines become free?").added).toContain("Catastrophic Coverage Stage");
    expect(expandQuery("Is there a point where I stop paying for my drugs?").added).toContain("Catastrophic Coverage Stage");
    expect(expandQuery("What if I stop paying my premium?").added).not.toContain("Catastrophic Coverage Stage");
    expect(expandQuery("What's the max we'd be on the hook for this year?").added).toContain("out-of-pocket limit");
  });

  test("a worn alert button and food sent home (Wikipedia 'Medical alarm'; CMS supplemental meals)", () => {
    expect(expandQuery("Do they give out one of those alert buttons you wear?").added).toContain("Personal Emergency Response System");
    expect(expandQuery("Is there a panic button for seniors living alone?").added).toContain("PERS");
    expect(expandQuery("Can the plan send food to my house after surgery?").added).toContain("meals");
    expect(expandQuery("Is a food allergy test covered?").added).not.toContain("meals");
  });

  test("member wording for home visits, equipment, hospice, hearing, prenatal care and being paid back", () => {
    expect(expandQuery("her doctor wants a nurse to come by the house").added).toContain("home health care");
    expect(expandQuery("He needs a hospital bed and a lift chair").added).toContain("durable medical equipment");
    expect(expandQuery("comfort care for his last months").added).toContain("hospice");
    expect(expandQuery("My husband can barely hear the TV").added).toContain("hearing aids");
    expect(expandQuery("the visits before and after the birth").added).toContain("prenatal");
    expect(expandQuery("How do I get paid back?").added).toContain("pay you back");
    expect(expandQuery("laser surgery so I can stop wearing thick specs").added).toContain("refractive error");
    expect(expandQuery("The bed in my room is hard").added).not.toContain("durable medical equipment");
  });

  test("Spanish: imaging, hospice, the catastrophic stage, care abroad", () => {
    expect(expandQuery("¿Cuánto pago por una tomografía o una resonancia?").added).toContain("imaging");
    expect(expandQuery("¿Qué cubren para enfermos terminales?").added).toContain("hospice");
    expect(expandQuery("¿Cuándo ya no pague nada por sus medicamentos?").added).toContain("Catastrophic Coverage Stage");
    expect(expandQuery("¿Y si tengo una emergencia en el extranjero?").added).toContain("outside the United States");
    expect(expandQuery("Estoy embarazada, ¿cuánto cuesta dar a luz?").added).toContain("childbirth");
    expect(expandQuery("¿Cubren una silla de ruedas para mi papá?").added).toContain("durable medical equipment");
  });

  test("a gapped lay phrase takes the member's own words inside a definition's wording", () => {
    expect(expandQuery("What's the most we would ever have to pay in a year?").added).toContain("out-of-pocket limit");
    expect(expandQuery("What's the most one person pays in a year?").added).toContain("out-of-pocket limit");
    // more than MAX_GAP_WORDS words between the parts is no match, nor is the plan's own maximum
    expect(expandQuery("Is that the most I have ever had to go and pay?").added).not.toContain("out-of-pocket limit");
    expect(expandQuery("Is that the most I have had to pay?").added).toContain("out-of-pocket limit");
    expect(expandQuery("What is the most the plan pays?").added).not.toContain("out-of-pocket limit");
  });

  test("Medicare.gov and IRDAI wording: on the job, another doctor, comfort care, kicked out, laser eye surgery", () => {
    expect(expandQuery("I hurt my back on the job. Is that covered?").added).toContain("workers' compensation");
    expect(expandQuery("Can another doctor take a look at it first?").added).toContain("second opinion");
    expect(expandQuery("She wants comfort care at the end").added).toContain("hospice");
    expect(expandQuery("Can they kick me out for being sick?").added).toContain("disenroll");
    expect(expandQuery("Will they pay for LASIK?").added).toContain("refractive error");
    expect(expandQuery("Is a jobseeker covered?").added).not.toContain("workers' compensation");
  });

  test("Spanish questions get English vocabulary", () => {
    const e = expandQuery("¿Cubre el plan la sala de emergencias los fines de semana?");
    expect(e.spanish).toBe(true);
    expect(e.added).toContain("emergency room");
    expect(expandQuery("¿Qué teléfono tiene servicio al cliente?").added).toContain("phone");
    expect(expandQuery("¿Cubren la insulina en la farmacia?").added).toContain("insulin");
  });

  test("Spanish SBC-row and Medicare y Usted wording: imaging, therapy, enrollment, print", () => {
    expect(expandQuery("¿Cuánto pago por una resonancia magnética?").added).toContain("MRI");
    expect(expandQuery("¿Cuántas sesiones de terapia física me dan?").added).toContain("physical therapy");
    expect(expandQuery("¿Cuándo es el período de inscripción anual?").added).toContain("Annual Enrollment Period");
    expect(expandQuery("¿Tienen la carta en letra grande?").added).toContain("large print");
    expect(expandQuery("¿Cubren la acupuntura para niños?").added).toContain("acupuncture");
  });

  test("weight-loss surgery, kidney failure, caregivers, a member's children and ages", () => {
    expect(expandQuery("Would they pay for stomach stapling?").added).toContain("bariatric surgery");
    expect(expandQuery("Is a gastric bypass covered?").added).toContain("bariatric surgery");
    expect(expandQuery("I have kidney failure, can I join?").added).toContain("End-Stage Renal Disease");
    expect(expandQuery("Does it cover a kidney stone?").added).not.toContain("End-Stage Renal Disease");
    expect(expandQuery("I take care of my husband at home").added).toContain("caregiver");
    expect(expandQuery("Take care to file the form on time").added).not.toContain("caregiver");
    expect(expandQuery("Are my daughter's glasses covered?").added).toContain("children");
    // the entry's term is "dependent child": a question already saying "child" gets nothing added
    expect(expandQuery("When is a child covered?").added).not.toContain("children");
    expect(expandQuery("She's 7 weeks old, can I add her?").added).toContain("aged");
    expect(expandQuery("How old is the policy?").added).not.toContain("aged");
  });

  test("Spanish: membership, answers, dialysis, care at home, the service area", () => {
    expect(expandQuery("¿Cuándo se termina mi membresía?").added).toContain("membership");
    expect(expandQuery("¿Cuánto tiempo tienen para darme una respuesta?").added).toContain("decision");
    expect(expandQuery("¿Me cubren la diálisis fuera del área?").added).toContain("dialysis");
    expect(expandQuery("¿Me cubren la diálisis fuera del área?").added).toContain("outside the service area");
    expect(expandQuery("¿Cuántas visitas de una enfermera en la casa me cubren?").added).toContain("home health");
    expect(expandQuery("¿Qué pasa si decido salirme del plan?").added).toContain("disenroll");
  });

  test("an exact Spanish word wins over a stem collision: 'parte' is a part, not 'parto' (childbirth)", () => {
    const e = expandQuery("¿Tiene deducible la parte de medicamentos del plan?");
    expect(e.added).toContain("part");
    expect(e.added).not.toContain("childbirth");
    expect(expandQuery("¿Cuánto cuesta el parto en el hospital?").added).toContain("childbirth");
    expect(expandQuery("¿Cuánto tiempo fuera antes de que me den de baja?").added).toContain("disenroll");
    expect(expandQuery("¿Cuántos viajes de ida a mis citas me cubren?").added).toContain("one-way trips");
  });

  test("English questions are not treated as Spanish; no match gives no additions", () => {
    const e = expandQuery("Is the hospital plan dental?");
    expect(e.spanish).toBe(false);
    expect(expandQuery("Xyzzy plugh").added).toBe("");
    expect(expandQuery("Xyzzy plugh").expanded).toBe("Xyzzy plugh");
  });

  test("every entry names its source and has expansions", () => {
    for (const e of GLOSSARY) {
      expect(e.source.length).toBeGreaterThan(5);
      expect(e.expansions.length).toBeGreaterThan(0);
    }
  });
});

describe("Spanish stems", () => {
  test("an inflected Spanish word reaches the vocabulary word with its stem", () => {
    const e = expandQuery("¿Cuántos días tengo para quejarme ante el plan?");
    expect(e.spanish).toBe(true);
    expect(e.added).toContain("complaint");
    expect(expandQuery("Is there a queue for claims?").added).not.toContain("complaint");
  });
});

describe("Spanish phrases, longest first", () => {
  test("a word inside a longer matched phrase adds nothing of its own", () => {
    const e = expandQuery("¿Cuánto tiempo tengo para apelar?");
    expect(e.added).toContain("how long");
    expect(e.added).not.toContain("how much");
    expect(expandQuery("¿Cuánto pago por la sala de emergencias?").added).toContain("how much");
  });
  test("the same word outside the phrase still counts", () => {
    expect(expandQuery("¿Cuánto tiempo dura y cuánto cuesta la terapia?").added).toContain("how much");
  });
  test("Medicare's Spanish wording: discharge, review, per day, the U.S., specialty", () => {
    const added = (q: string) => expandQuery(q).added;
    expect(added("Me quieren dar de alta del hospital demasiado pronto, ¿cómo pido una revisión?")).toContain("discharge");
    expect(added("Me quieren dar de alta del hospital demasiado pronto, ¿cómo pido una revisión?")).toContain("review");
    expect(added("¿Cuánto es la prima al mes?")).toContain("per month");
    expect(added("¿Me cubren fuera de los Estados Unidos?")).toContain("outside the United States");
    expect(added("¿Cuánto cuestan los medicamentos de especialidad?")).toContain("specialty");
    expect(added("¿Cuánto cuestan los medicamentos de especialidad?")).not.toContain("specialist");
  });
});

describe("misspelt lay words", () => {
  const isWord = (w: string) => ["is", "my", "covered", "the", "visit", "chiropractic", "tooth"].includes(w);
  test("an unknown word one edit from a glossary word reaches its entry", () => {
    expect(expandQuery("Is my chiropracter covered?", { isWord }).added).toContain("chiropractic");
    expect(expandQuery("Is my chiropracter covered?").added).not.toContain("chiropractic");
  });
  test("known words are never corrected", () => {
    const known = (w: string) => w === "covered" || w === "wheelchairz";
    expect(expandQuery("Is my wheelchairz covered?", { isWord: known }).added).not.toContain("durable medical equipment");
    expect(expandQuery("Is my wheelchairz covered?", { isWord }).added).toContain("durable medical equipment");
  });
  test("Spanish questions are not corrected towards English", () => {
    const e = expandQuery("¿Cubre el plan una wheelchairz?", { isWord });
    expect(e.spanish).toBe(true);
    expect(e.added).not.toContain("durable medical equipment");
  });
});

describe("isSpanishQuery", () => {
  test("agrees with expandQuery's Spanish detection", () => {
    const texts = ["¿Cuánto pago por una visita al especialista?", "Cuál es mi deducible y mi copago", "What does the plan pay for a hospital stay?", "plan hospital dental", "", "¿?"];
    for (const t of texts) expect(isSpanishQuery(t)).toBe(expandQuery(t).spanish);
    expect(texts.map(isSpanishQuery)).toContain(true);
    expect(texts.map(isSpanishQuery)).toContain(false);
  });
});
