import { describe, expect, it } from "vitest";
import { classifyDeliveryError } from "../../../src/domain/email/delivery-error.js";
import { canTransition } from "../../../src/domain/case/case-status.js";

describe("SMTP delivery errors (RFC 5321 §4.2.1)", () => {
  it("treats 5xx replies as permanent", () => {
    expect(classifyDeliveryError({ responseCode: 550 })).toMatchObject({ kind: "permanent", code: "SMTP_5XX" });
    expect(classifyDeliveryError({ responseCode: 554, code: "EMESSAGE" }).kind).toBe("permanent");
  });
  it("treats 4xx replies and connection errors as transient", () => {
    expect(classifyDeliveryError({ responseCode: 451 })).toMatchObject({ kind: "transient", code: "SMTP_4XX" });
    for (const code of ["ECONNECTION", "ETIMEDOUT", "ESOCKET", "ECONNREFUSED"]) expect(classifyDeliveryError({ code }).kind).toBe("transient");
  });
  it("treats an envelope without valid recipients as permanent", () => {
    expect(classifyDeliveryError({ code: "EENVELOPE" }).kind).toBe("permanent");
  });
});

describe("case transitions", () => {
  it("allows the pipeline's path and refuses jumps", () => {
    expect(canTransition("open", "review")).toBe(true);
    expect(canTransition("review", "sending")).toBe(true);
    expect(canTransition("sending", "sent")).toBe(true);
    expect(canTransition("sent", "open")).toBe(true);
    expect(canTransition("parked", "sent")).toBe(false);
    expect(canTransition("closed", "sending")).toBe(false);
  });
});
