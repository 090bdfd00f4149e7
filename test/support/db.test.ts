import { expect, test } from "bun:test";
import { testDatabaseKind, TEST_DATABASE_VARIABLE, useTestDatabase } from "./db.ts";

const db = useTestDatabase();

test(`the test database is the one ${TEST_DATABASE_VARIABLE} targets`, () => {
  expect(db.handle.kind).toBe(testDatabaseKind());
});

test(`${TEST_DATABASE_VARIABLE} accepts pglite and postgres only`, () => {
  expect(testDatabaseKind({})).toBe("pglite");
  expect(testDatabaseKind({ [TEST_DATABASE_VARIABLE]: "postgres" })).toBe("postgres");
  expect(() => testDatabaseKind({ [TEST_DATABASE_VARIABLE]: "mysql" })).toThrow(/expected pglite or postgres/);
});
