import { describe, expect, test } from "bun:test";
import { tokenize } from "../text/tokenize.ts";
import { ENGLISH_STOPWORDS } from "../text/stopwords.ts";
import { detectValueAsk, hasContactDetails, hasPostalAddress, stripEnumeration, valueKinds, valueMatch, withSpelledCounts } from "./values.ts";

describe("value typing", () => {
  test("questions ask for money, a duration, or contact details", () => {
    expect(detectValueAsk("How much is the deductible?")).toMatchObject({ money: true, duration: false });
    expect(detectValueAsk("What will the ambulance ride run me?")).toMatchObject({ money: true });
    expect(detectValueAsk("What would the scan set us back?")).toMatchObject({ money: true });
    expect(detectValueAsk("What is the minimum and maximum age to join?")).toMatchObject({ money: false, duration: true });
    expect(detectValueAsk("How do I file an appeal?").contact).toBe(true);
    // a deadline asked with "by when" / "hasta cuándo" is a duration
    expect(detectValueAsk("By when must the renewal form reach the office?").duration).toBe(true);
    expect(detectValueAsk("¿Hasta cuándo puedo enviar el formulario?").duration).toBe(true);
    // "cuánto" asks an amount, "cuánto tiempo" a duration and "cada cuánto" a frequency
    expect(detectValueAsk("¿Cuánto es el deducible?").money).toBe(true);
    expect(detectValueAsk("¿Cuánto tiempo tengo para apelar?")).toMatchObject({ money: false, duration: true });
    expect(detectValueAsk("¿Cada cuánto me cubren un examen?")).toMatchObject({ money: false, count: true });
    // Spanish asks: what the plan charges, where to send something, how to file
    expect(detectValueAsk("¿Me van a cobrar la ambulancia?").money).toBe(true);
    expect(detectValueAsk("¿Tiene prima el plan?").money).toBe(true);
    expect(detectValueAsk("¿A dónde mando la apelación?")).toMatchObject({ contact: true, postal: true });
    expect(detectValueAsk("¿Cómo presento una queja?")).toMatchObject({ contact: true, postal: false });
    expect(detectValueAsk("When is the office open?").duration).toBe(false);
    expect(detectValueAsk("Which e-mail do I write to for a refund?").contact).toBe(true);
    expect(detectValueAsk("Where do I mail my claim form?")).toMatchObject({ contact: true, postal: true });
    expect(detectValueAsk("What is the mailing address for member services?")).toMatchObject({ contact: true, postal: true });
    expect(detectValueAsk("How do I file an appeal?").postal).toBe(false);
    expect(detectValueAsk("¿Cuál es el correo electrónico de reclamos?").contact).toBe(true);
    expect(detectValueAsk("What is the out-of-pocket limit?")).toMatchObject({ money: false, duration: false, contact: false });
  });
  test("a number followed by a time unit is a duration", () => {
    const toks = tokenize("65 years of age, 30 calendar days, $500, 20%, 4 visits");
    expect(valueKinds(toks).filter(Boolean)).toEqual(["duration", "duration", "money", "percent", "number"]);
  });
  test("a spelled-out number is a duration before a time unit, and no value otherwise", () => {
    expect(valueKinds(tokenize("a grace period of thirty days")).filter(Boolean)).toEqual(["duration"]);
    expect(valueKinds(tokenize("at least seventy two hours before")).filter(Boolean)).toEqual(["duration", "duration"]);
    expect(valueKinds(tokenize("two of the following services")).filter(Boolean)).toEqual([]);
  });
  test("the asked kind matches fully, another number partly; unspecific questions take money", () => {
    expect(valueMatch("duration", { money: false, duration: true }, 0.6)).toBe(1);
    expect(valueMatch("money", { money: false, duration: true }, 0.6)).toBe(0.6);
    expect(valueMatch("money", { money: false, duration: false }, 0.6)).toBe(1);
    expect(valueMatch("duration", { money: true, duration: false }, 0.6)).toBe(0.6);
    expect(valueMatch(undefined, { money: true, duration: false }, 0.6)).toBe(0);
  });
  test("'how fast' and 'how far ahead' ask for a duration like 'how soon'", () => {
    expect(detectValueAsk("How fast is an appeal decided?").duration).toBe(true);
    expect(detectValueAsk("How far in advance must I book?").duration).toBe(true);
    expect(detectValueAsk("How far is the nearest clinic?").duration).toBe(false);
  });
  test("a count question takes a plain number (or a duration) as the asked value, not money", () => {
    expect(detectValueAsk("How many visits a year are covered?").count).toBe(true);
    expect(detectValueAsk("How much is the copay?").count).toBe(false);
    // a frequency is a count per period ("up to 2 visits every year")
    expect(detectValueAsk("How often can I have a hearing test?").count).toBe(true);
    expect(detectValueAsk("¿Cada cuánto me cubren un examen?").count).toBe(true);
    expect(valueMatch("number", { money: false, duration: false, count: true }, 0.6)).toBe(1);
    expect(valueMatch("number", { money: false, duration: false }, 0.6)).toBe(0.6);
    expect(valueMatch("money", { money: false, duration: false, count: true }, 0.6)).toBe(1);
    // "how many deliveries will the policy pay for": the verb "pay" asks for no amount
    expect(valueMatch("number", { money: true, duration: false, count: true }, 0.6)).toBe(1);
  });
  test("a spelled-out number written right before a content word counts it, as a digit would", () => {
    const kinds = (s: string) => valueKinds(withSpelledCounts(s, tokenize(s), (w) => ENGLISH_STOPWORDS.has(w))).filter(Boolean);
    expect(kinds("benefits are limited to three deliveries in the policy's lifetime")).toEqual(["number"]);
    expect(kinds("a grace period of fifteen days")).toEqual(["duration"]);
    expect(kinds("any two of the following services")).toEqual([]);
    expect(kinds("at most two. Deliveries are separate")).toEqual([]);
  });
  test("section numbers are not values", () => {
    expect(stripEnumeration("36.Inclusion of members")).toBe("Inclusion of members");
    expect(stripEnumeration("3.1.8 Hospital Cash")).toBe("Hospital Cash");
    expect(stripEnumeration("$1,000 Individual")).toBe("$1,000 Individual");
    expect(stripEnumeration("65 years of age")).toBe("65 years of age");
  });
  test("contact details: P.O. box, website, state and ZIP", () => {
    expect(hasContactDetails("write to P.O. Box 10348, Van Nuys, CA 91410")).toBe(true);
    expect(hasContactDetails("visit www.healthnet.com")).toBe(true);
    expect(hasContactDetails("You may be able to appeal or file a grievance.")).toBe(false);
    expect(hasContactDetails("Write to claims.desk@example-insurer.co.in for a form.")).toBe(true);
    expect(hasContactDetails("Send it by email or by post.")).toBe(false);
    expect(hasPostalAddress("ATTN: Claims P.O. Box 99 Springfield, IL 62701")).toBe(true);
    expect(hasPostalAddress("call 1-800-555-0100 or visit www.example.gov")).toBe(false);
  });
});

describe("date asks", () => {
  test("'when' opening a clause asks for a time; a condition does not", () => {
    expect(detectValueAsk("When is the enrollment period?").date).toBe(true);
    expect(detectValueAsk("I moved. When can I switch plans?").date).toBe(true);
    expect(detectValueAsk("what's the copay when I go?").date).toBe(false);
    expect(valueMatch("duration", { money: false, duration: false, date: true }, 0.6)).toBe(1);
  });
  test("a number after a month name is a date, answering a date ask and counted as a number otherwise", () => {
    const kinds = valueKinds(tokenize("from October 15 to December 7, 30 visits"));
    expect(kinds.filter((k) => k === "date").length).toBe(2);
    expect(valueMatch("date", { money: false, duration: false, date: true }, 0.6)).toBe(1);
    expect(valueMatch("date", { money: false, duration: false, count: true }, 0.6)).toBe(valueMatch("number", { money: false, duration: false, count: true }, 0.6));
    expect(valueMatch("date", { money: true, duration: false }, 0.6)).toBe(0.6);
  });
});
