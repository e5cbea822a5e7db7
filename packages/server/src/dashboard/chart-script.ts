// The overview's daily chart (uPlot), drawn from the page's JSON island. The
// same figures are in a table on the page: the chart is a picture of them.

export const CHART_SCRIPT = `"use strict";
(function () {
  var island = document.getElementById("daily-data");
  var target = document.getElementById("daily-chart");
  if (!island || !target || typeof uPlot !== "function") return;
  var data = JSON.parse(island.textContent);
  var xs = data.days.map(function (d) { return Date.parse(d + "T00:00:00Z") / 1000; });
  function size() { return { width: Math.max(260, target.clientWidth), height: 220 }; }
  var chart = new uPlot(Object.assign(size(), {
    tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"); },
    series: [
      {},
      { label: data.labels.viewed, stroke: "#6b7280", width: 2 },
      { label: data.labels.created, stroke: "#0b5cff", width: 2 },
      { label: data.labels.paid, stroke: "#146c2e", width: 3, fill: "rgba(20,108,46,0.08)" }
    ],
    axes: [{ stroke: "#4a5058" }, { stroke: "#4a5058" }]
  }), [xs, data.viewed, data.created, data.paid], target);
  window.addEventListener("resize", function () { chart.setSize(size()); });
})();
`;
