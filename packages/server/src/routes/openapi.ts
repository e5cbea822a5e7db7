// The merchant API as OpenAPI 3.1, generated from the zod schemas the routes
// validate with (z.toJSONSchema), served at /openapi.json, rendered as a
// reference page at /docs/api, and written to shared/openapi/openapi.json by
// `pnpm openapi` for the PHP plugins (a test fails when that file is stale).

import { Router } from "express";
import { z } from "zod";
import { apiReferencePage } from "../dashboard/views/api-reference-page.ts";
import { idempotencyKey } from "../http/idempotency-key.ts";
import {
  OPERATIONS,
  type Operation,
  paymentResponse,
  problemResponse,
  refundResponse,
  ssoLinkResponse,
} from "./openapi-operations.ts";

export type JsonSchema = { readonly [key: string]: unknown };

export type OpenApiParameter = {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
};

export type OpenApiOperation = {
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly summary: string;
  readonly parameters: readonly OpenApiParameter[];
  readonly requestBody?: {
    readonly required: boolean;
    readonly content: Readonly<Record<string, { readonly schema: JsonSchema }>>;
  };
  readonly responses: Readonly<
    Record<
      string,
      {
        readonly description: string;
        readonly content?: Readonly<Record<string, { readonly schema: JsonSchema }>>;
      }
    >
  >;
};

export type OpenApiDocument = {
  readonly openapi: "3.1.0";
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly paths: Readonly<Record<string, Readonly<Record<string, OpenApiOperation>>>>;
  readonly components: {
    readonly securitySchemes: JsonSchema;
    readonly schemas: Readonly<Record<string, JsonSchema>>;
  };
  readonly security: readonly JsonSchema[];
  readonly tags: readonly { readonly name: string }[];
};

/** A schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as a client must send it. */
export function jsonSchema(schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
}

const PROBLEM_REF = { $ref: "#/components/schemas/Problem" };

/** "/v1/payments/:id" -> "/v1/payments/{id}" */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, "{$1}");
}

function parameters(op: Operation): OpenApiParameter[] {
  const inPath = [...op.path.matchAll(/:(\w+)/g)].map(
    (m): OpenApiParameter => ({
      name: m[1] ?? "",
      in: "path",
      required: true,
      schema: { type: "string" },
    }),
  );
  const query = op.query ? jsonSchema(op.query) : undefined;
  const required = new Set((query?.required as string[] | undefined) ?? []);
  const inQuery = Object.entries((query?.properties as Record<string, JsonSchema>) ?? {}).map(
    ([name, schema]): OpenApiParameter => ({
      name,
      in: "query",
      required: required.has(name),
      schema,
    }),
  );
  const key: OpenApiParameter[] = op.idempotencyKey
    ? [
        {
          name: "Idempotency-Key",
          in: "header",
          required: op.idempotencyKey === "required",
          description: "the same key and body give the same answer, also when requests race",
          schema: jsonSchema(idempotencyKey),
        },
      ]
    : [];
  return [...inPath, ...inQuery, ...key];
}

function operation(op: Operation): OpenApiOperation {
  const operationId = `${op.method}${openApiPath(op.path)
    .replace(/[{}]/g, "")
    .split("/")
    .filter(Boolean)
    .map((part) => part.replace(/(^|[-_])(\w)/g, (_m, _s, c: string) => c.toUpperCase()))
    .join("")}`;
  return {
    operationId,
    tags: [op.tag],
    summary: op.summary,
    parameters: parameters(op),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { [op.bodyType ?? "application/json"]: { schema: jsonSchema(op.body) } },
          },
        }
      : {}),
    responses: {
      [String(op.status)]: {
        description: op.status === 204 ? "done, no content" : "success",
        ...(op.response
          ? { content: { "application/json": { schema: jsonSchema(op.response, "output") } } }
          : {}),
      },
      default: {
        description: "an error, with a stable `code`",
        content: { "application/problem+json": { schema: PROBLEM_REF } },
      },
    },
  };
}

export function openApiDocument(): OpenApiDocument {
  const paths: Record<string, Record<string, OpenApiOperation>> = {};
  for (const op of OPERATIONS) {
    const at = openApiPath(op.path);
    paths[at] = { ...paths[at], [op.method]: operation(op) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "smspay merchant API",
      version: "1",
      description:
        "Payments by SMS for online shops. Amounts are integers in minor units (EUR 4.50 is 450). Errors are application/problem+json with a stable `code`.",
    },
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "your API key (sk_…)" },
      },
      schemas: {
        Payment: jsonSchema(paymentResponse, "output"),
        Refund: jsonSchema(refundResponse, "output"),
        Problem: jsonSchema(problemResponse, "output"),
        SsoLink: jsonSchema(ssoLinkResponse, "output"),
      },
    },
    security: [{ apiKey: [] }],
    tags: [...new Set(OPERATIONS.map((op) => op.tag))].map((name) => ({ name })),
  };
}

/** The committed file's text: stable key order, two-space indent, final newline. */
export function openApiText(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}

export function openApiRoutes(): Router {
  const document = openApiDocument();
  const page = apiReferencePage(document);
  const router = Router();
  router.get("/openapi.json", (_req, res) => {
    res.set("Cache-Control", "public, max-age=300").json(document);
  });
  router.get("/docs/api", (_req, res) => {
    res
      .set({
        "Content-Security-Policy":
          "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'",
        "Cache-Control": "public, max-age=300",
        "X-Content-Type-Options": "nosniff",
      })
      .type("html")
      .send(page);
  });
  return router;
}
