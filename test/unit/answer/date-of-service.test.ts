import { describe, expect, it } from "vitest";
import { findDateOfService, readDateOfService } from "../../../src/domain/answer/date-of-service.js";

describe("readDateOfService", () => {
  it.each([
    ["DOS 10/14/2026", "2026-10-14"],
    ["DOS: 10/14/26", "2026-10-14"],
    ["D.O.S. 1-5-2026", "2026-01-05"],
    ["date of service: 2026-10-14", "2026-10-14"],
    ["Date of Service was October 14, 2026", "2026-10-14"],
    ["service date 14 Oct 2026", "2026-10-14"],
    ["surgery date: Sept. 3, 2026", "2026-09-03"],
    ["date of procedure on 10/14/2026", "2026-10-14"],
    ["on the same DOS (11/16/2026) or", "2026-11-16"],
  ])("%s → %s", (text, iso) => {
    expect(readDateOfService(text)).toBe(iso);
  });

  it("ignores unlabelled dates (a birth date is not a date of service) and impossible dates", () => {
    expect(readDateOfService("DOB 01/02/1960, seen 10/14/2026")).toBeNull();
    expect(readDateOfService("DOS 02/30/2026")).toBeNull();
  });
});

describe("findDateOfService", () => {
  it("reads the body before falling back, skipping quoted history", () => {
    expect(findDateOfService([
      { location: "quoted", text: "DOS 01/01/2025" },
      { location: "body", text: "DOS 10/14/2026" },
    ], "2026-11-20T10:00:00Z")).toEqual({ date: "2026-10-14", source: "email" });
  });
  it("falls back to the date received", () => {
    expect(findDateOfService([{ location: "body", text: "no date" }], "2026-11-20T23:30:00-05:00"))
      .toEqual({ date: "2026-11-20", source: "received" });
  });
});
