// /dashboard/assets: the stylesheet, the chart script and uPlot, served from
// this server (no CDN: the CSP allows only 'self'). Small and cacheable.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Router } from "express";
import { CHART_SCRIPT } from "./chart-script.ts";
import { dashboardStyle } from "./style.ts";

const require = createRequire(import.meta.url);
const uplot = (file: string) => readFileSync(require.resolve(`uplot/dist/${file}`), "utf8");

export function assetRoutes(): Router {
  const files = new Map<string, { type: string; body: string }>([
    ["dashboard.css", { type: "text/css", body: dashboardStyle() + uplot("uPlot.min.css") }],
    ["dashboard.js", { type: "text/javascript", body: CHART_SCRIPT }],
    ["uPlot.iife.min.js", { type: "text/javascript", body: uplot("uPlot.iife.min.js") }],
  ]);
  const router = Router();
  router.get("/:file", (req, res, next) => {
    const file = files.get(req.params.file);
    if (!file) return next();
    res
      .type(file.type)
      .set({ "Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff" })
      .send(file.body);
  });
  return router;
}
