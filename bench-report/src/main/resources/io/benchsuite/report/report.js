/* BenchSuite report: draws the charts described in #report-data with uPlot. Everything is inline; no network. */
(function () {
  "use strict";
  var errors = [];
  function fail(msg) {
    errors.push(String(msg));
    var el = document.getElementById("js-errors");
    if (el) {
      el.hidden = false;
      el.textContent = "Chart errors:\n" + errors.join("\n");
    }
    document.body.setAttribute("data-js-errors", String(errors.length));
  }
  window.addEventListener("error", function (e) { fail("error: " + e.message); });

  function hexRgb(hex) {
    var n = parseInt(hex.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }

  function ninesLabel(n) {
    var p = 100 * (1 - Math.pow(10, -n));
    return (n <= 0 ? "0" : p.toFixed(Math.max(0, Math.round(n) - 2))) + "%";
  }

  function xAxis(spec) {
    var a = { label: spec.xLabel, labelSize: 28 };
    if (spec.xKind === "nines") {
      a.splits = function (u) {
        var s = [];
        for (var i = 0; i <= Math.floor(u.scales.x.max + 1e-9); i++) { s.push(i); }
        return s;
      };
      a.values = function (u, splits) { return splits.map(ninesLabel); };
    } else if (spec.xKind === "rate") {
      // target rates: uPlot's own tick steps (rates may be fractional)
    } else if (spec.xKind === "workers") {
      a.incrs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
    } else {
      a.incrs = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400];
    }
    return a;
  }

  function zeroBased(u, min, max) {
    return [0, max > 0 ? max * 1.1 : 1];
  }

  var charts = [];
  var checked = 0;
  var drawn = 0;

  /** True when the plot area holds pixels of one of the series' colours: the lines were really drawn. */
  function seriesPixelsDrawn(u, spec) {
    var b = u.bbox;
    var img = u.ctx.getImageData(b.left, b.top, Math.max(1, b.width), Math.max(1, b.height)).data;
    var colours = spec.series.map(function (s) { return hexRgb(s.color); });
    for (var i = 0; i < img.length; i += 4) {
      if (img[i + 3] < 200) { continue; }
      for (var c = 0; c < colours.length; c++) {
        var k = colours[c];
        if (Math.abs(img[i] - k[0]) + Math.abs(img[i + 1] - k[1]) + Math.abs(img[i + 2] - k[2]) < 30) {
          return true;
        }
      }
    }
    return false;
  }

  function widthOf(el) {
    return Math.max(280, Math.floor(el.getBoundingClientRect().width) - 4);
  }

  function draw(el, spec) {
    var series = [{ label: spec.xLabel }];
    var data = [spec.x];
    var hasRight = false;
    spec.series.forEach(function (s) {
      series.push({
        label: s.label, stroke: s.color, width: s.dash ? 1.5 : 2, dash: s.dash ? [6, 4] : undefined,
        scale: s.scale, spanGaps: true, points: { show: spec.x.length <= 60, size: 5, fill: s.color }
      });
      data.push(s.values);
      hasRight = hasRight || s.scale === "y2";
    });
    var axes = [xAxis(spec), { label: spec.yLabel, scale: "y", labelSize: 28, size: 60 }];
    var scales = { x: { time: false }, y: { range: zeroBased } };
    if (hasRight) {
      axes.push({ label: spec.y2Label, scale: "y2", side: 1, grid: { show: false }, labelSize: 28, size: 50,
        incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000] });
      scales.y2 = { range: zeroBased };
    }
    var opts = {
      width: widthOf(el), height: 300, series: series, axes: axes, scales: scales,
      legend: { live: false }, cursor: { drag: { x: false, y: false } },
      hooks: {
        draw: [function (u) {
          if (u._benchChecked) { return; }
          u._benchChecked = true;
          checked++;
          try {
            if (seriesPixelsDrawn(u, spec)) {
              drawn++;
              el.setAttribute("data-rendered", "true");
            } else {
              el.setAttribute("data-rendered", "empty");
              fail("chart '" + spec.id + "' drew no series");
            }
          } catch (e) {
            fail("chart '" + spec.id + "': " + e.message);
          }
          document.body.setAttribute("data-charts-checked", String(checked));
          document.body.setAttribute("data-rendered", String(drawn));
        }]
      }
    };
    var u = new uPlot(opts, data, el);
    charts.push({ u: u, el: el });
  }

  try {
    var data = JSON.parse(document.getElementById("report-data").textContent);
    var byId = {};
    data.charts.forEach(function (c) { byId[c.id] = c; });
    var boxes = document.querySelectorAll("[data-chart]");
    document.body.setAttribute("data-charts-expected", String(boxes.length));
    document.body.setAttribute("data-rendered", "0");
    Array.prototype.forEach.call(boxes, function (el) {
      var spec = byId[el.getAttribute("data-chart")];
      if (!spec) {
        fail("no data for chart '" + el.getAttribute("data-chart") + "'");
        return;
      }
      try {
        draw(el, spec);
      } catch (e) {
        fail("chart '" + spec.id + "': " + e.message);
      }
    });
  } catch (e) {
    fail("report data: " + e.message);
  }

  function resize(fixed) {
    charts.forEach(function (c) {
      c.u.setSize({ width: fixed || widthOf(c.el), height: 300 });
    });
  }
  window.addEventListener("resize", function () { resize(); });
  window.addEventListener("beforeprint", function () { resize(680); });
  window.addEventListener("afterprint", function () { resize(); });
})();
