// `pnpm openapi`: writes the merchant API's OpenAPI document to
// shared/openapi/openapi.json (the PHP plugins read it; a test fails when it
// is out of date).

import { writeFileSync } from "node:fs";
import { openApiText } from "../packages/server/src/routes/openapi.ts";

const target = new URL("../shared/openapi/openapi.json", import.meta.url);
writeFileSync(target, openApiText());
console.log(`wrote ${target.pathname}`);
