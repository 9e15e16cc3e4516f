/* Re-evaluate every date-dependent text of a page from the visitor's clock, in Asia/Shanghai.
 *
 * A static page outlives the day it was built: the builder writes the state as of the build day
 * plus machine-readable dates (data-gs-* attributes); this script recomputes the same texts as
 * builder/timeline.py for "now". Without JavaScript the build-time text and date stay visible.
 */
(function () {
  "use strict";

  var LABELS = {
    "未发布": "即将发布",
    "发布": "已发布",
    "申报中": "申报中",
    "申报截止": "申报已截止",
    "公示中": "公示中",
    "公示已结束": "公示已结束",
    "已表彰": "已公布结果",
    "已公布": "已公布"
  };
  var ORDER = ["未发布", "发布", "申报中", "申报截止", "公示中", "公示已结束", "已表彰", "已公布"];

  function shanghaiNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    var date = parts.year + "-" + parts.month + "-" + parts.day;
    return { date: date, minute: date + "T" + parts.hour + ":" + parts.minute };
  }

  function cnDate(iso) {
    var p = iso.slice(0, 10).split("-");
    return Number(p[0]) + "年" + Number(p[1]) + "月" + Number(p[2]) + "日";
  }

  function dayNumber(iso) {
    var p = iso.slice(0, 10).split("-");
    return Date.UTC(Number(p[0]), Number(p[1]) - 1, Number(p[2])) / 86400000;
  }

  function reached(value, now) {
    /* true when `value` (a date or a local date-time) is now or later */
    return value.length > 10 ? now.minute <= value : now.date <= value;
  }

  function countdown(d, now) {
    /* d.info: a date the notice announces, not a deadline; d.workdays: a publicity end,
       counted in working days as its status is (timeline.countdown_text) */
    var days = dayNumber(d.at) - dayNumber(now.date);
    var when = d.time ? " " + d.time : "";
    if (d.info) {
      if (now.minute > d.at) { return "已过"; }
      if (days === 0) { return "今天" + when; }
      if (days === 1) { return "明天" + when; }
      return "还有 " + days + " 天";
    }
    if (now.minute > d.at) { return "已截止"; }
    if (days === 0) { return d.time ? "今天" + when + " 截止" : "今天截止"; }
    if (d.workdays) {
      return "还有 " + d.workdays.filter(function (w) { return w >= now.date; }).length + " 个工作日";
    }
    if (days === 1) { return d.time ? "明天" + when + " 截止" : "明天截止"; }
    return "还有 " + days + " 天截止";
  }

  function pubEndAt(r) {
    return r.pubEnd + "T" + (r.pubEndTime || "23:59");
  }

  function phaseOf(r, now) {
    if (r.published && now.date < r.published) { return "未发布"; }
    /* a list the notice publishes as the final result; a round's decision is in the page's data
       only from its decision day (builder.publish.undecided) */
    if (r.announced) { return "已公布"; }
    if (r.award && now.date >= r.award) { return "已表彰"; }
    if (r.pubEnd) {
      if (now.minute > pubEndAt(r)) { return "公示已结束"; }
      if (now.date >= r.pubStart) { return "公示中"; }
    }
    if (r.deadlines.length) {
      return now.minute <= r.deadlines[r.deadlines.length - 1].at ? "申报中" : "申报截止";
    }
    return "发布";
  }

  function detailOf(r, phase, now) {
    if (phase === "公示中") {
      var until = cnDate(r.pubEnd) + (r.pubEndTime || "");
      if (now.date === r.pubEnd) {
        if (r.pubEndTime) { return "今天是公示最后一天，" + r.pubEndTime + " 结束（" + cnDate(r.pubEnd) + "）"; }
        return "今天是公示最后一天（" + cnDate(r.pubEnd) + "）";
      }
      if (r.workdays) {
        var left = r.workdays.filter(function (d) { return d >= now.date; }).length;
        return "公示至" + until + "，还有 " + left + " 个工作日";
      }
      return "公示至" + until + "，还有 " + (dayNumber(r.pubEnd) - dayNumber(now.date) + 1) + " 天";
    }
    if (phase === "申报中") {
      var next = r.deadlines.filter(function (d) { return now.minute <= d.at; })[0];
      return next.title + "：" + countdown(next, now);
    }
    if (phase === "申报截止") {
      if (r.pubStart && r.pubStart > now.date) { return "拟定人选将于" + cnDate(r.pubStart) + "起公示"; }
      return "申报已于" + cnDate(r.deadlines[r.deadlines.length - 1].at) + "截止";
    }
    if (phase === "公示已结束") { return "公示已于" + cnDate(r.pubEnd) + "结束"; }
    if (phase === "已表彰") { return cnDate(r.award) + "公布结果"; }
    if (phase === "已公布") { return r.published ? cnDate(r.published) + "公布" : ""; }
    if (phase === "未发布") { return "将于" + cnDate(r.published) + "发布"; }
    if (r.pubStart && r.pubStart > now.date) { return "将于" + cnDate(r.pubStart) + "起公示"; }
    return r.published ? cnDate(r.published) + "发布" : "";
  }

  var STEP_STATE_TEXT = { done: "已完成", current: "进行中", todo: "未开始" };

  function stepState(key, phase) {
    var rank = ORDER.indexOf(phase);
    function state(doneFrom, current) {
      if (rank >= ORDER.indexOf(doneFrom)) { return "done"; }
      return phase === current ? "current" : "todo";
    }
    if (key === "publish") { return state("发布", null); }
    if (key === "deadline") { return state("申报截止", "申报中"); }
    if (key === "publicity") { return state("公示已结束", "公示中"); }
    if (key === "announce") { return state("已公布", null); }
    return state("已表彰", null);
  }

  function stepText(key, state) {
    /* a result still to come is 待公布 (timeline.Step.state_text) */
    if (state === "todo" && (key === "result" || key === "announce")) { return "待公布"; }
    return STEP_STATE_TEXT[state];
  }

  function setText(el, text) {
    if (el.textContent !== text) { el.textContent = text; }
  }

  function ownDescendants(root, selector) {
    /* descendants that belong to `root`, not to a nested round */
    return Array.prototype.filter.call(root.querySelectorAll(selector), function (el) {
      return el.parentElement.closest("[data-gs-round]") === root;
    });
  }

  function update() {
    var now = shanghaiNow();
    document.querySelectorAll("[data-gs-round]").forEach(function (el) {
      var r;
      try { r = JSON.parse(el.getAttribute("data-gs-round")); } catch (e) { return; }
      var phase = phaseOf(r, now);
      el.setAttribute("data-gs-phase", phase);
      ownDescendants(el, "[data-gs-label]").forEach(function (x) { setText(x, LABELS[phase]); });
      ownDescendants(el, "[data-gs-detail]").forEach(function (x) { setText(x, detailOf(r, phase, now)); });
      ownDescendants(el, "[data-gs-step]").forEach(function (x) {
        var key = x.getAttribute("data-gs-step");
        var state = stepState(key, phase);
        x.setAttribute("data-state", state);
        x.querySelectorAll("[data-gs-step-state]").forEach(function (s) { setText(s, stepText(key, state)); });
      });
      if (el.hasAttribute("data-gs-show")) {
        el.hidden = el.getAttribute("data-gs-show").split(" ").indexOf(phase) < 0;
      }
    });
    document.querySelectorAll("[data-gs-countdown]").forEach(function (el) {
      var workdays = el.getAttribute("data-gs-workdays");
      setText(el, countdown({
        at: el.getAttribute("data-gs-at"),
        time: el.getAttribute("data-gs-time"),
        info: el.hasAttribute("data-gs-info"),
        workdays: workdays === null ? null : workdays.split(" ").filter(Boolean)
      }, now));
    });
    document.querySelectorAll("[data-gs-until]").forEach(function (el) {
      el.hidden = !reached(el.getAttribute("data-gs-until"), now);
    });
    document.querySelectorAll("[data-gs-after]").forEach(function (el) {
      el.hidden = reached(el.getAttribute("data-gs-after"), now);
    });
    document.querySelectorAll("[data-gs-section]").forEach(function (section) {
      var items = section.querySelectorAll("[data-gs-item]");
      var limit = Number(section.getAttribute("data-gs-limit") || 0);
      var shown = 0;
      /* every item re-derives its own `hidden` above, so the limit is re-applied from scratch */
      items.forEach(function (item) {
        if (item.hidden) { return; }
        if (limit && shown >= limit) { item.hidden = true; return; }
        shown += 1;
      });
      section.querySelectorAll("[data-gs-empty]").forEach(function (x) { x.hidden = shown > 0; });
    });
    document.querySelectorAll("[data-gs-now]").forEach(function (el) {
      setText(el, "；以上状态已按北京时间" + cnDate(now.date) + "更新");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.setInterval(update, 60000);
}());
