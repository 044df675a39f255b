// The OpenAPI 3.1 document of the review JSON API, served at /api/openapi.json. Hand-written next to the
// routes in api.routes.ts; the integration test checks that every API route appears here.

const id = { name: "id", in: "path", required: true, schema: { type: "integer", minimum: 1 } };
const err = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
const ok = (description: string, ref: string) => ({ description, content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } });
const body = (ref: string, required = true) => ({ required, content: { "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } } });
const common = { 401: err("no or invalid token"), 404: err("no such case"), 409: err("claimed by someone else, not claimed, stale version or not in review") };

/** Builds the document. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: { title: "casedesk review API", version: "1.0.0", description: "Consultant review queue: list, claim, edit, approve, reject and request information. Token from `casedesk token create EMAIL`." },
    security: [{ bearer: [] }],
    paths: {
      "/api/me": { get: { summary: "The token's user", responses: { 200: ok("user", "Me"), 401: common[401] } } },
      "/api/cases": {
        get: {
          summary: "List cases",
          parameters: [
            { name: "status", in: "query", schema: { type: "string", enum: ["review", "claimed", "mine", "sent", "parked"], default: "review" } },
            { name: "q", in: "query", description: "case reference, sender or code", schema: { type: "string" } },
          ],
          responses: { 200: ok("cases", "CaseList"), 400: err("bad status"), 401: common[401] },
        },
      },
      "/api/cases/{id}": { get: { summary: "A case with mentions, findings, draft, thread and audit", parameters: [id], responses: { 200: ok("case", "Case"), ...common } } },
      "/api/cases/{id}/claim": { post: { summary: "Claim the case (TTL; claiming again renews)", parameters: [id], responses: { 200: ok("claim", "Claim"), ...common } } },
      "/api/cases/{id}/release": { post: { summary: "Drop your claim", parameters: [id], responses: { 200: ok("done", "Done"), ...common } } },
      "/api/cases/{id}/reassign": { post: { summary: "Give the claim to another user (holder or admin)", parameters: [id], requestBody: body("Reassign"), responses: { 200: ok("done", "Done"), 403: err("not yours"), ...common } } },
      "/api/cases/{id}/draft": { put: { summary: "Save an edit; 409 when `version` is not the current one", parameters: [id], requestBody: body("DraftEdit"), responses: { 200: ok("new version", "Version"), 400: err("invalid"), ...common } } },
      "/api/cases/{id}/approve": { post: { summary: "Approve (optionally with an edit) and send", parameters: [id], requestBody: body("Approve"), responses: { 202: ok("queued for sending", "Version"), ...common } } },
      "/api/cases/{id}/reject": { post: { summary: "Reject the draft with a reason; the case is parked", parameters: [id], requestBody: body("Reject"), responses: { 200: ok("rejected", "Version"), 400: err("no reason"), ...common } } },
      "/api/cases/{id}/request-info": { post: { summary: "Send the request-more-information reply instead of the draft", parameters: [id], requestBody: body("RequestInfo"), responses: { 202: ok("queued for sending", "Version"), ...common } } },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "cdk_… token" } },
      schemas: {
        Error: { type: "object", required: ["error"], properties: { error: { type: "object", required: ["code", "message"], properties: { code: { type: "string" }, message: { type: "string" } } } } },
        Me: { type: "object", properties: { id: { type: "integer" }, email: { type: "string" }, role: { type: "string", enum: ["consultant", "admin"] } } },
        CaseSummary: {
          type: "object",
          required: ["id", "reference", "status", "subject", "from", "receivedAt", "claimedBy"],
          properties: {
            id: { type: "integer" }, reference: { type: "string" }, status: { type: "string" }, subject: { type: "string" }, from: { type: "string" },
            receivedAt: { type: "string", format: "date-time" }, claimedBy: { type: ["string", "null"] }, claimExpiresAt: { type: ["string", "null"], format: "date-time" },
            overdue: { type: "boolean" },
          },
        },
        CaseList: { type: "object", required: ["cases"], properties: { cases: { type: "array", items: { $ref: "#/components/schemas/CaseSummary" } } } },
        Draft: { type: "object", required: ["text", "html", "version"], properties: { id: { type: "integer" }, status: { type: "string" }, text: { type: "string" }, html: { type: "string" }, version: { type: "integer" }, generatedText: { type: "string" } } },
        Case: {
          type: "object",
          properties: {
            id: { type: "integer" }, reference: { type: "string" }, status: { type: "string" }, subject: { type: "string" }, from: { type: "string" },
            claimedBy: { type: ["string", "null"] }, claimExpiresAt: { type: ["string", "null"] },
            mentions: { type: "array", items: { type: "object" } }, findings: { type: "array", items: { type: "object" } },
            draft: { oneOf: [{ $ref: "#/components/schemas/Draft" }, { type: "null" }] },
            messages: { type: "array", items: { type: "object" } }, audit: { type: "array", items: { type: "object" } },
          },
        },
        Claim: { type: "object", properties: { claimedBy: { type: "string" }, expiresAt: { type: "string", format: "date-time" } } },
        Done: { type: "object", properties: { ok: { type: "boolean" } } },
        Version: { type: "object", properties: { version: { type: "integer" }, status: { type: "string" } } },
        DraftEdit: { type: "object", required: ["text", "version"], properties: { text: { type: "string" }, html: { type: ["string", "null"] }, version: { type: "integer" } } },
        Approve: { type: "object", required: ["version"], properties: { version: { type: "integer" }, text: { type: "string" }, html: { type: "string" } } },
        Reject: { type: "object", required: ["reason", "version"], properties: { reason: { type: "string" }, version: { type: "integer" } } },
        RequestInfo: { type: "object", required: ["version"], properties: { note: { type: "string" }, version: { type: "integer" } } },
        Reassign: { type: "object", required: ["to"], properties: { to: { type: "string", description: "e-mail of the new holder" } } },
      },
    },
  };
}
