import { describe, expect, test } from "bun:test";
import { expandQuery } from "./expand.ts";
import { inflectedWordSource, spanishPhraseNeedle, spanishPhraseRegex } from "./spanish-inflection.ts";

const matches = (phrase: string, text: string) => {
  const re = spanishPhraseRegex(phrase.split(" "));
  return re.test(text);
};

describe("Spanish inflection", () => {
  test("a phrase matches its plural and its adjective's other gender", () => {
    expect(matches("medicamento generico", "los medicamentos genericos")).toBe(true);
    expect(matches("medicamento generico", "medicamentos genericas")).toBe(true);
    expect(matches("sala de emergencias", "la sala de emergencia")).toBe(true);
    expect(matches("proveedor de la red", "proveedores de la red")).toBe(true);
  });
  test("whole words only; short words are matched as written", () => {
    expect(matches("sala de emergencias", "salas del emergencias")).toBe(false);
    expect(matches("equipo medico", "equipomedico")).toBe(false);
    expect(inflectedWordSource("de", true)).toBe("de");
    // "tres" is not the plural of "tr": a word keeps at least three letters of its own
    expect(new RegExp(`^${inflectedWordSource("tres", false)}$`).test("tr")).toBe(false);
  });
  test("a lone word changes number, not gender ('parte' never reaches 'parto')", () => {
    expect(new RegExp(`^${inflectedWordSource("parte", false)}$`).test("partes")).toBe(true);
    expect(new RegExp(`^${inflectedWordSource("parte", false)}$`).test("parto")).toBe(false);
    // a phrase opening with a short word ("en casa") keeps its noun's gender: "en caso" is another phrase
    expect(matches("en casa", "en caso de emergencia")).toBe(false);
  });
  test("an article inside a phrase is optional, and one may follow its preposition", () => {
    expect(matches("servicios para los miembros", "servicios para miembros")).toBe(true);
    expect(matches("servicios para los miembros", "servicio para el miembro")).toBe(true);
    expect(matches("sala de emergencias", "sala de las emergencias")).toBe(true);
    expect(matches("proveedor de la red", "proveedor de red")).toBe(true);
    // only articles are skipped or added: another word between the parts is no match
    expect(matches("sala de emergencias", "sala de sus emergencias")).toBe(false);
  });
  test("the needle is held by every form", () => {
    // an inner article is never the needle (the question may leave it out)
    expect(spanishPhraseNeedle(["ir", "a", "las", "uci"])).not.toBe("las");
    const needle = spanishPhraseNeedle(["medicamento", "generico"]);
    for (const t of ["medicamento generico", "medicamentos genericas"]) expect(t.includes(needle)).toBe(true);
  });
});

describe("Spanish SBC template and uniform glossary wording", () => {
  const added = (q: string) => expandQuery(q).added.toLowerCase();
  test("template row labels reach their English rows", () => {
    expect(added("¿Cuánto pago por los medicamentos genéricos en la farmacia?")).toContain("generic drugs");
    expect(added("¿Cuál es el desembolso máximo del plan?")).toContain("out-of-pocket limit");
    expect(added("¿Qué es lo máximo que pagaría de mi bolsillo este año?")).toContain("out-of-pocket");
    expect(added("¿Cuánto cuesta el equipo médico duradero con mi plan?")).toContain("durable medical equipment");
    expect(added("¿Cuánto cobran en un centro de cirugía ambulatoria?")).toContain("facility fee");
  });
  test("lay wording: family doctor, member services, over-the-counter", () => {
    expect(added("¿Cuánto pago cuando voy con mi médico de cabecera?")).toContain("primary care");
    expect(added("¿A qué hora abren los servicios para los miembros?")).toContain("member services");
    expect(added("¿Cuánto me dan para cosas de venta libre en la farmacia?")).toContain("over-the-counter");
  });
  test("each form keeps its own entry: 'cuantos' is 'how many', not 'how much'", () => {
    expect(added("¿Cuántos días me cubren en el hospital?")).toContain("how many");
    expect(added("¿Cuántos días me cubren en el hospital?")).not.toContain("how much");
  });
  test("English plurals of shared words do not make a question Spanish", () => {
    expect(expandQuery("Which hospitals and plans cover dental visions?").spanish).toBe(false);
  });
});
