/*
 * Live updates of an operator's page (dashboard.live).
 *
 * A WebSocket brings each change (instance or service) with its cells rendered by the server;
 * every element marked data-live="<kind>:<id>:<field>" is replaced by its new rendering. When the
 * change concerns a row the page does not show (a new instance, a deleted one) or a page that sums
 * many rows (hypervisors), the page's regions are fetched again instead. Without a socket (refused,
 * lost, blocked by a proxy) the page refreshes those regions every few seconds and keeps trying to
 * reconnect: it degrades to periodic refresh, never to a broken page.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var REFRESH_MS = (Number(script.dataset.refreshSeconds) || 15) * 1000;
  var PATH = script.dataset.livePath || "/live/";
  // Regions fetched again on a refresh: a change list's form (its actions bar, table and paginator;
  // present even when the list is empty) and a change page's inlines (actions, events, faults).
  var REGIONS = ["#changelist-form", ".inline-group"];

  var socket = null;
  var pollTimer = null;
  var refreshTimer = null;
  var retryDelay = 2000;

  function bodyHas(names) {
    return names.every(function (name) { return document.body.classList.contains(name); });
  }

  // Pages listing a kind (a missing row means refetch) and pages following a kind (any change means refetch).
  function listsKind(kind) {
    return (kind === "instance" && bodyHas(["model-instance", "change-list"])) ||
           (kind === "service" && bodyHas(["model-service", "change-list"]));
  }

  // Pages summing many rows follow every change of a kind; an instance's page follows its own
  // (its actions, events and faults change with it).
  function followsKind(kind, matched) {
    return kind === "instance" && (bodyHas(["model-computenode", "change-list"]) ||
                                   (matched && bodyHas(["model-instance", "change-form"])));
  }

  function setStatus(state, text) {
    var element = document.getElementById("live-status");
    if (element) {
      element.dataset.state = state;
      element.textContent = text;
    }
  }

  function cells(root) {
    var found = {};
    root.querySelectorAll("[data-live]").forEach(function (element) { found[element.dataset.live] = element; });
    return found;
  }

  function replaceCell(element, html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    if (holder.firstElementChild && holder.firstElementChild.outerHTML !== element.outerHTML) {
      element.replaceWith(holder.firstElementChild);
    }
  }

  function apply(event) {
    var matched = false;
    Object.keys(event.cells || {}).forEach(function (field) {
      var key = event.kind + ":" + event.id + ":" + field;
      document.querySelectorAll('[data-live="' + CSS.escape(key) + '"]').forEach(function (element) {
        replaceCell(element, event.cells[field]);
        matched = true;
      });
    });
    return matched;
  }

  function selectionInProgress() {
    return document.querySelector("#changelist-form input.action-select:checked") !== null;
  }

  // Fetch the page again and swap in what changed; a page the session no longer opens is reloaded
  // (to the sign-in form).
  function refresh() {
    return fetch(window.location.href, {credentials: "same-origin", headers: {"X-Requested-With": "live-refresh"}})
      .then(function (response) {
        var signedOut = response.redirected && response.url.indexOf("/login/") !== -1;
        if (signedOut || response.status === 403) {
          window.location.reload();
          return null;
        }
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (!html) { return; }
        var fetched = new DOMParser().parseFromString(html, "text/html");
        var now = cells(document);
        var then = cells(fetched);
        Object.keys(now).forEach(function (key) {
          if (then[key]) { replaceCell(now[key], then[key].outerHTML); }
        });
        var sameRows = Object.keys(now).length === Object.keys(then).length &&
                       Object.keys(now).every(function (key) { return key in then; });
        // Rows came or went, or the page sums rows: swap whole regions, unless the operator is
        // selecting rows for an action (their ticks would be lost).
        if (!selectionInProgress() && (!sameRows || followsKind("instance", true))) {
          swapRegions(fetched);
        }
        document.body.dataset.liveRefreshed = String(Date.now());
      })
      .catch(function () { /* the next refresh or event tries again */ });
  }

  function swapRegions(fetched) {
    REGIONS.forEach(function (selector) {
      var mine = document.querySelectorAll(selector);
      var theirs = fetched.querySelectorAll(selector);
      if (mine.length !== theirs.length) { return; }
      mine.forEach(function (element, index) {
        if (element.innerHTML !== theirs[index].innerHTML) {
          element.replaceWith(document.importNode(theirs[index], true));
        }
      });
    });
    // The admin's action checkboxes (select all, the counter) are wired at load: wire the new ones.
    var boxes = document.querySelectorAll("tr input.action-select");
    if (window.Actions && boxes.length) { window.Actions(boxes); }
  }

  function refreshSoon() {
    if (refreshTimer === null) {
      refreshTimer = window.setTimeout(function () { refreshTimer = null; refresh(); }, 500);
    }
  }

  function onEvent(event) {
    if (event.kind === "hello" || event.kind === "pong") { return; }
    var matched = apply(event);
    if ((!matched && listsKind(event.kind)) || followsKind(event.kind, matched) ||
        (event.status === "DELETED" && listsKind(event.kind))) {
      refreshSoon();
    }
    document.body.dataset.liveEvents = String(Number(document.body.dataset.liveEvents || 0) + 1);
  }

  function startPolling() {
    if (pollTimer === null) {
      pollTimer = window.setInterval(refresh, REFRESH_MS);
      setStatus("polling", "refreshing every " + REFRESH_MS / 1000 + " s");
    }
  }

  function stopPolling() {
    if (pollTimer !== null) {
      window.clearInterval(pollTimer);
      pollTimer = null;
    }
  }

  function connect() {
    var url = (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + PATH;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      startPolling();
      return;
    }
    socket.onopen = function () {
      retryDelay = 2000;
      var wasPolling = pollTimer !== null;
      stopPolling();
      setStatus("live", "live");
      if (wasPolling) { refresh(); }  // catch up with what happened while away
    };
    socket.onmessage = function (message) {
      try {
        onEvent(JSON.parse(message.data));
      } catch (error) { /* one bad event must not stop the others */ }
    };
    socket.onclose = function () {
      socket = null;
      startPolling();
      window.setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 60000);
    };
  }

  if (!("WebSocket" in window)) {
    startPolling();
  } else {
    connect();
  }
})();
