import { readPdf } from "../rag/pdf/index.ts";
import { sentence5, splitSentences } from "../rag/splitter/index.ts";
import { readFileSync } from "fs";
const [file, page, grep] = process.argv.slice(2);
const { pages } = await readPdf(new Uint8Array(readFileSync(`/work/shared/corpus/${file}`)));
const p = pages.find((x) => x.page === Number(page))!;
splitSentences(p.text).forEach((s, i) => { if (!grep || s.toLowerCase().includes(grep.toLowerCase())) console.log(i, JSON.stringify(s).slice(0, 400)); });
