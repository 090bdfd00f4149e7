import { describe, expect, test } from "bun:test";
import { MAX_SENTENCE_CHARS, splitSentences } from "./sentences.ts";

describe("splitSentences: no break inside", () => {
  const cases: Record<string, [string, string[]]> = {
    "money $170.50": ["You pay $170.50 per visit. Then you pay nothing.", ["You pay $170.50 per visit.", "Then you pay nothing."]],
    "e.g. before a capital": ["Some services, e.g. Dental care, are covered. Others are not.", ["Some services, e.g. Dental care, are covered.", "Others are not."]],
    "i.e.": ["Preferred monitors (i.e. Dexcom and Libre) are covered. Next.", ["Preferred monitors (i.e. Dexcom and Libre) are covered.", "Next."]],
    "Sec. 4.2": ["See Sec. 4.2 for details. Next one.", ["See Sec. 4.2 for details.", "Next one."]],
    "U.S. mid-sentence": ["Contact the U.S. Department of Labor for help. Next.", ["Contact the U.S. Department of Labor for help.", "Next."]],
    "U.S. at the end": ["You must live in the U.S. You must also enroll.", ["You must live in the U.S.", "You must also enroll."]],
    "No. 5": ["Premises No. 18-0374 is listed. No. There is no deductible.", ["Premises No. 18-0374 is listed.", "No.", "There is no deductible."]],
    "Dr. Smith": ["Ask Dr. Smith for a referral. Then call us.", ["Ask Dr. Smith for a referral.", "Then call us."]],
    "etc. mid-sentence": ["Apples, pears, etc. are covered foods. We pay.", ["Apples, pears, etc. are covered foods.", "We pay."]],
    "etc. at the end": ["We cover apples, pears, etc. The plan also pays.", ["We cover apples, pears, etc.", "The plan also pays."]],
    "numbered items inline": ["1. Your costs are listed here. 2. Your benefits are here.", ["1. Your costs are listed here.", "2. Your benefits are here."]],
    "roman items inline": ["i. Room charges. ii. Medical practitioner fees.", ["i. Room charges.", "ii. Medical practitioner fees."]],
    "(a) items inline": ["Covered: (a) first item and (b) second item. Done.", ["Covered: (a) first item and (b) second item.", "Done."]],
    "Section 2.1": ["See Section 2.1 for more. Next.", ["See Section 2.1 for more.", "Next."]],
    "decimals and versions": ["Pay 1.5 times or use version 1.2.3 now. Next.", ["Pay 1.5 times or use version 1.2.3 now.", "Next."]],
    "phone number": ["Call 1-800-559-3500. Then press 1.", ["Call 1-800-559-3500.", "Then press 1."]],
    "a.m./p.m. then a day": ["Open 8 a.m. to 8 p.m. Monday through Friday. Closed Sundays.", ["Open 8 a.m. to 8 p.m. Monday through Friday.", "Closed Sundays."]],
    "a.m./p.m. then a comma": ["Hours are 8 a.m. to 8 p.m., 7 days a week. Next.", ["Hours are 8 a.m. to 8 p.m., 7 days a week.", "Next."]],
    "p.m. at the end": ["We close at 8 p.m. From April 1 we close earlier.", ["We close at 8 p.m.", "From April 1 we close earlier."]],
    "P.O. Box": ["Write to P.O. Box 1157, Richmond, VA 23218. Thanks.", ["Write to P.O. Box 1157, Richmond, VA 23218.", "Thanks."]],
    "initials": ["Visit Palace, A. C. Guards, Hyderabad. Next.", ["Visit Palace, A. C. Guards, Hyderabad.", "Next."]],
    "Part B. is a label": ["This is covered under Part B. Medicare pays the rest.", ["This is covered under Part B.", "Medicare pays the rest."]],
  };
  for (const [name, [input, expected]] of Object.entries(cases)) {
    test(name, () => expect(splitSentences(input)).toEqual(expected));
  }
});

describe("splitSentences: line structure", () => {
  test("wrapped lines join with a space; blank lines are hard breaks", () => {
    const text = "This limit is called the maximum\nout-of-pocket amount\n\nSECTION 2 Next heading\n\nBody text.";
    expect(splitSentences(text)).toEqual([
      "This limit is called the maximum out-of-pocket amount",
      "SECTION 2 Next heading",
      "Body text.",
    ]);
  });

  test("a line starting with a bullet or enumerator starts a new sentence", () => {
    const text = "Use this document to learn about:\n• Your premium\n• Your benefits\nof all kinds\n1. First step\n2. Second step\n(a) sub item\n(b) other\nii. roman";
    expect(splitSentences(text)).toEqual([
      "Use this document to learn about:",
      "• Your premium",
      "• Your benefits of all kinds",
      "1. First step",
      "2. Second step",
      "(a) sub item",
      "(b) other",
      "ii. roman",
    ]);
  });

  test("an enumerator after a line ending in `, and` is still a new item", () => {
    expect(splitSentences("i. the expenses are for the same condition, and\nii. the claim is admissible")).toEqual([
      "i. the expenses are for the same condition, and",
      "ii. the claim is admissible",
    ]);
  });

  test("numbered headings start a new sentence, but not a wrapped cross-reference", () => {
    expect(splitSentences("3.1.1 In-patient Treatment\n3.1.2 Pre Hospitalisation")).toEqual([
      "3.1.1 In-patient Treatment",
      "3.1.2 Pre Hospitalisation",
    ]);
    expect(splitSentences("See the Addenda in\nSection 4 of this chapter. Also see\n4.2 below.")).toEqual([
      "See the Addenda in Section 4 of this chapter.",
      "Also see 4.2 below.",
    ]);
  });

  test("a line-final hyphen before a lowercase word joins the lines and keeps the hyphen", () => {
    expect(splitSentences("your maximum out-of-\npocket amount and co-\npayments")).toEqual([
      "your maximum out-of-pocket amount and co-payments",
    ]);
  });

  test("whitespace is collapsed, control characters removed, empty input gives nothing", () => {
    expect(splitSentences("  Tabs\tand\u0000 NULs   here.  \r\n")).toEqual(["Tabs and NULs here."]);
    expect(splitSentences(" \n\n \t")).toEqual([]);
  });
});

describe("splitSentences: long sentences are capped", () => {
  test(`default cap is ${MAX_SENTENCE_CHARS}; cut at line breaks first`, () => {
    const line = `Row ${"x".repeat(290)}`;
    const text = [line, line, line, line, line].join("\n");
    const out = splitSentences(text);
    expect(out.every((s) => s.length <= MAX_SENTENCE_CHARS)).toBe(true);
    expect(out).toEqual([[line, line, line].join(" "), [line, line].join(" ")]);
  });

  test("then after semicolons, then at spaces, then hard", () => {
    const clause = `clause ${"y".repeat(40)};`;
    const out = splitSentences(Array(10).fill(clause).join(" "), { maxChars: 100 });
    expect(out).toEqual(Array(5).fill(`${clause} ${clause}`));
    expect(splitSentences("word ".repeat(50), { maxChars: 20 }).every((s) => s.length <= 20)).toBe(true);
    expect(splitSentences("z".repeat(25), { maxChars: 10 })).toEqual(["z".repeat(10), "z".repeat(10), "z".repeat(5)]);
  });

  test("rejects a bad cap", () => {
    expect(() => splitSentences("x", { maxChars: 0 })).toThrow(RangeError);
    expect(() => splitSentences("x", { maxChars: 1.5 })).toThrow(RangeError);
  });
});
