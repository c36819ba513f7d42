// Draws the metric page's chart from the JSON the page carries; without
// JavaScript the table below the chart says the same thing.
(function () {
  "use strict";
  var holder = document.getElementById("metric-chart");
  var dataNode = document.getElementById("metric-chart-data");
  if (!holder || !dataNode || typeof Plotly === "undefined") { return; }
  var chart = JSON.parse(dataNode.textContent);
  var rtl = document.documentElement.dir === "rtl";
  var traces = chart.series.map(function (series) {
    var points = series.points;
    return {
      type: "scatter",
      mode: "markers",
      name: series.source.length > 60 ? series.source.slice(0, 59) + "…" : series.source,
      x: points.map(function (p) { return p.x; }),
      y: points.map(function (p) { return p.y; }),
      text: points.map(function (p) { return p.label; }),
      customdata: points.map(function (p) { return p.id; }),
      hovertemplate: "%{text}<br>%{x}<extra>%{fullData.name}</extra>",
      marker: {
        size: 13,
        symbol: points.map(function (p) { return p.symbol; }),
        line: {
          width: points.map(function (p) { return p.disputed ? 3 : 0; }),
          color: "#a4461d"
        }
      },
      error_y: {
        type: "data",
        symmetric: false,
        array: points.map(function (p) {
          if (p.upper !== null) { return p.upper - p.y; }
          if (p.qualifier === "approximately") { return p.y * 0.1; }
          return 0;
        }),
        arrayminus: points.map(function (p) {
          return p.qualifier === "approximately" ? p.y * 0.1 : 0;
        })
      }
    };
  });
  // A single date would make the axis span milliseconds: widen it to years.
  var days = [];
  chart.series.forEach(function (s) { s.points.forEach(function (p) { days.push(Date.parse(p.x)); }); });
  var year = 365 * 24 * 3600 * 1000;
  var low = Math.min.apply(null, days) - year;
  var high = Math.max.apply(null, days) + year;
  var range = [new Date(low).toISOString().slice(0, 10), new Date(high).toISOString().slice(0, 10)];
  Plotly.newPlot(holder, traces, {
    margin: { t: 20, r: 20, b: 50, l: 60 },
    xaxis: { type: "date", range: rtl ? range.slice().reverse() : range },
    yaxis: { rangemode: "tozero", side: rtl ? "right" : "left" },
    legend: { orientation: "h", y: -0.2 }
  }, { displayModeBar: false, responsive: true });  // no toolbar buttons in a hidden chart
  holder.on("plotly_click", function (event) {
    var id = event.points[0].customdata;
    window.location.href = "/figures/" + id + "/";
  });
})();
