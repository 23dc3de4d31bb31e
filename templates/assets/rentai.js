/* What JavaScript adds to Rentai's pages. Every page works without it; this only adds:
   - the service worker (sw.js), which keeps the portal and its notices readable offline;
   - on a portal and its all/ page, search and tag filters over the notices of the layers the
     profile reads (l/…/index.json), merged, which are exactly the notices that reach it, so a
     search cannot reveal anyone else's; and on all/, that merged list, newest first;
   - a line saying that a page is the saved copy (offline), and one saying that new notices
     arrived once the phone is back online.
   Loaded with `defer` from assets/, so no inline script is needed (the server's CSP forbids it). */

(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !("URL" in window)) return;
  var siteTop = new URL("../", script.src);
  var english = document.documentElement.lang === "en";
  var words = english ? {
    offline: "You are offline: this is the copy saved on this device.",
    saved: "The site cannot be reached: this is the copy saved on this device.",
    arrived: function (n) { return n === 1 ? "1 new notice has arrived." : n + " new notices have arrived."; },
    reload: "Show them",
    found: function (n) { return n === 1 ? "1 notice found." : n + " notices found."; },
    none: "No notices found.",
    pinned: "Important", deadline: "Deadline", soon: "Due soon", event: "When", archived: "Archived", fresh: "New"
  } : {
    offline: "オフラインです。この端末に保存された内容を表示しています。",
    saved: "サーバーにつながらないため、この端末に保存された内容を表示しています。",
    arrived: function (n) { return "新しいお知らせが " + n + " 件あります。"; },
    reload: "表示する",
    found: function (n) { return n + " 件見つかりました。"; },
    none: "見つかりませんでした。",
    pinned: "重要", deadline: "締切", soon: "締切間近", event: "日時", archived: "終了", fresh: "新着"
  };

  var finder = document.getElementById("finder");
  var main = document.getElementById("main");
  // site.yaml's names of tags ({"wage": "賃金"}); the layers' indexes hold the ids.
  var tagNames = {};
  try { tagNames = JSON.parse((finder && finder.getAttribute("data-tag-names")) || "{}"); } catch (error) { tagNames = {}; }
  function tagName(tag) { return Object.prototype.hasOwnProperty.call(tagNames, tag) ? tagNames[tag] : tag; }

  /* ---- the way back to the member's own portal ----
     A portal remembers itself on this device; every other page of the site then offers it in
     its header, for a member who arrived from a digest, a feed or a chat link. */
  var portalKey = "rentai:" + siteTop.pathname + ":portal";
  try {
    var page = new URL(location.href);
    page.hash = "";
    page.search = "";
    if (finder && finder.getAttribute("data-list") !== "all") {
      localStorage.setItem(portalKey, page.href);
    } else {
      var mine = localStorage.getItem(portalKey);
      var link = document.querySelector("a[data-my-portal]");
      if (mine && link && new URL(mine).origin === location.origin) {
        link.href = mine;
        link.hidden = false;
      }
    }
  } catch (error) { /* storage switched off: the site's top still links every portal */ }
  // An empty live region from the start: screen readers announce what is put in it later,
  // not an element that arrives with its words already in it.
  var region = null;
  if (main) {
    region = document.createElement("div");
    region.className = "banners";
    region.setAttribute("role", "status");
    main.insertBefore(region, main.firstChild);
  }

  /* ---- offline and back online ---- */

  function banner(kind, text, action) {
    if (!region) return null;
    var old = region.querySelector(".banner--" + kind);
    if (old) old.remove();
    var box = document.createElement("div");
    box.className = "banner banner--" + kind;
    var line = document.createElement("p");
    line.textContent = text;
    box.appendChild(line);
    if (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = action.label;
      button.addEventListener("click", action.run);
      box.appendChild(button);
    }
    region.appendChild(box);
    return box;
  }

  function showOffline() {
    if (!navigator.onLine) banner("offline", words.offline);
  }
  window.addEventListener("offline", showOffline);
  showOffline();
  // Online, but the server did not answer: the service worker served the saved copy.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "saved-copy" && navigator.onLine) banner("offline", words.saved);
    });
  }

  /* ---- the profile's notices, merged from its layers ---- */

  /* A profile's history is not in its own files: it reads up to two dozen layers, shared lists
     written once for everyone they reach (l/…/index.json, SPEC §15). The page names them in
     data-layers; merged, newest first and each notice once, they are exactly the notices that
     reach this profile, so neither search nor the list can show anyone else's. */
  var index = null;       // { notices: [...] }, merged
  var known = null;       // the addresses of the active notices this page was shown with

  function layerAddresses() {
    return (finder.getAttribute("data-layers") || "").split(/\s+/).filter(Boolean)
      .map(function (path) { return new URL(path, location.href).href; });
  }

  function newestFirst(a, b) {
    var da = Date.parse(a.date), db = Date.parse(b.date);
    if (da !== db) return db - da;
    return a.href < b.href ? -1 : a.href > b.href ? 1 : 0;
  }

  function loadIndex(fresh) {
    return Promise.all(layerAddresses().map(function (address) {
      return fetch(address, fresh ? { cache: "no-store" } : {}).then(function (response) {
        if (!response.ok) throw new Error(address + ": " + response.status);
        return response.json();
      });
    })).then(function (layers) {
      var seen = {};
      var notices = [];
      layers.forEach(function (layer) {
        layer.notices.forEach(function (notice) {
          if (seen[notice.url]) return;
          seen[notice.url] = true;
          notices.push(notice);
        });
      });
      notices.sort(newestFirst);
      return { notices: notices };
    });
  }

  function activeAddresses(notices) {
    return notices.filter(function (n) { return !n.archived; }).map(function (n) { return n.href; });
  }

  window.addEventListener("online", function () {
    var offline = region && region.querySelector(".banner--offline");
    if (offline) offline.remove();
    if (!finder || !known) return;
    loadIndex(true).then(function (fresh) {
      var arrived = fresh.notices.filter(function (n) { return !n.archived && known.indexOf(n.href) < 0; });
      if (arrived.length > 0) {
        banner("new", words.arrived(arrived.length) + " " +
          arrived.map(function (n) { return "「" + n.title + "」"; }).join(english ? ", " : "、"),
          { label: words.reload, run: function () { location.reload(); } });
      }
    }).catch(function () { /* still no network: try at the next `online` */ });
  });

  /* ---- search and tag filters ---- */

  function normalised(text) {
    return (text || "").normalize("NFKC").toLowerCase();
  }

  function searchable(notice) {
    return normalised([notice.title, notice.summary, notice.from || "", notice.tags.join(" "),
      notice.tags.map(tagName).join(" ")].join("\n"));
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function badge(kind, text, time) {
    var node = element("span", "badge badge--" + kind, text);
    if (time) {
      node.appendChild(document.createTextNode(" "));
      var when = element("time", "", time.text);
      when.setAttribute("datetime", time.datetime);
      node.appendChild(when);
    }
    return node;
  }

  /* The same markup as templates/notice-entry.mustache, built with text only (no HTML from
     the index is ever parsed). */
  function entry(notice) {
    var item = element("li", "entry" + (notice.pinned ? " entry--pinned" : ""));
    var article = element("article");
    var heading = element("h3", "entry-title");
    var link = element("a", "", notice.title);
    link.href = new URL(notice.href, siteTop).href;
    heading.appendChild(link);
    article.appendChild(heading);
    var meta = element("p", "entry-meta");
    var date = element("time", "", notice.date_text);
    date.setAttribute("datetime", notice.date);
    meta.appendChild(date);
    if (notice.from) meta.appendChild(element("span", "entry-from", notice.from));
    article.appendChild(meta);
    var badges = element("p", "badges");
    if (notice["new"]) badges.appendChild(badge("new", words.fresh));
    if (notice.archived) badges.appendChild(badge("archived", words.archived));
    if (notice.pinned) badges.appendChild(badge("pinned", words.pinned));
    if (notice.deadline) {
      if (notice.deadline.soon) badges.appendChild(badge("soon", words.soon));
      badges.appendChild(badge("deadline", words.deadline, notice.deadline));
    }
    if (notice.event) badges.appendChild(badge("event", words.event, notice.event));
    notice.tags.forEach(function (tag) { badges.appendChild(badge("tag", "#" + tagName(tag))); });
    if (badges.firstChild) article.appendChild(badges);
    article.appendChild(element("p", "entry-summary", notice.summary));
    item.appendChild(article);
    return item;
  }

  /* all/: the merged list, newest first, shown a batch at a time as the reader scrolls. */
  var BATCH = 20;

  function showMerged() {
    var merged = document.getElementById("merged");
    var list = document.getElementById("merged-list");
    var more = document.getElementById("merged-more");
    if (!merged || !list) return;
    var shown = 0;
    var observer = null;
    function next() {
      var batch = index.notices.slice(shown, shown + BATCH);
      batch.forEach(function (notice) { list.appendChild(entry(notice)); });
      shown += batch.length;
      if (more) more.hidden = shown >= index.notices.length;
      // An observer reports a change of visibility only: on a screen taller than a batch the
      // button is still in view after it, and nothing would come. Observed afresh, it is
      // reported at once, so the list goes on until it fills the screen.
      if (observer) {
        observer.unobserve(more);
        if (!more.hidden) observer.observe(more);
      }
    }
    next();
    merged.hidden = false;
    if (more) {
      more.addEventListener("click", next);
      if ("IntersectionObserver" in window) {
        observer = new IntersectionObserver(function (seen) {
          if (seen.some(function (e) { return e.isIntersecting; }) && shown < index.notices.length) next();
        }, { rootMargin: "400px" });
        if (!more.hidden) observer.observe(more);
      }
    }
  }

  function setUpFinder() {
    var form = finder.querySelector("form");
    var input = document.getElementById("finder-query");
    var clear = finder.querySelector(".finder-clear");
    var tagBox = finder.querySelector(".finder-tags");
    var status = document.getElementById("finder-status");
    var results = document.getElementById("finder-results");
    // What a search takes the place of: the portal's list, or all/'s merged one.
    var list = document.getElementById("notices") || document.getElementById("merged");
    var texts = index.notices.map(searchable);

    // Tags, the most used first.
    var counts = {};
    index.notices.forEach(function (n) { n.tags.forEach(function (t) { counts[t] = (counts[t] || 0) + 1; }); });
    Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); })
      .forEach(function (tag) {
        var button = element("button", "tag-filter", "#" + tagName(tag));
        button.type = "button";
        button.setAttribute("aria-pressed", "false");
        button.setAttribute("data-tag", tag);
        button.addEventListener("click", function () {
          button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
          update();
        });
        tagBox.appendChild(button);
      });
    tagBox.hidden = tagBox.childElementCount === 0;

    function update() {
      var query = normalised(input.value).trim();
      var pressed = Array.prototype.map.call(tagBox.querySelectorAll('[aria-pressed="true"]'),
        function (b) { return b.getAttribute("data-tag"); });
      if (!query && pressed.length === 0) {
        results.hidden = true;
        if (list) list.hidden = false;
        status.textContent = "";
        return;
      }
      var terms = query.split(/\s+/).filter(Boolean);
      var found = index.notices.filter(function (notice, position) {
        return pressed.every(function (tag) { return notice.tags.indexOf(tag) >= 0; }) &&
          terms.every(function (word) { return texts[position].indexOf(word) >= 0; });
      });
      results.replaceChildren.apply(results, found.map(entry));
      results.hidden = found.length === 0;
      if (list) list.hidden = true;
      status.textContent = found.length ? words.found(found.length) : words.none;
    }

    input.addEventListener("input", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    clear.addEventListener("click", function () {
      input.value = "";
      tagBox.querySelectorAll('[aria-pressed="true"]').forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
      update();
      input.focus();
    });
    finder.hidden = false;
  }

  /* ---- keeping the portal for offline reading ---- */

  function keepForOffline(registration) {
    var worker = registration.active;
    if (!worker) return;
    var here = new URL(location.href);
    here.hash = "";
    here.search = "";
    // A page other than a portal asks only for itself, and hears whether it was saved.
    if (!finder) {
      askToKeep(worker, [{ url: here.href }]);
      return;
    }
    // The page and its layers' indexes were saved as they were fetched, once the worker was in
    // charge; these make sure of it on the first visit, with the portal's all/ page.
    var keep = [here.href].concat(layerAddresses(),
      [new URL("assets/style.css", siteTop).href, new URL("assets/rentai.js", siteTop).href,
       new URL("assets/icon-192.png", siteTop).href]);
    keep = keep.map(function (url) { return { url: url }; });
    // all/ is asked for afresh at each visit (a revalidation, usually answered "not modified"):
    // it names the profile's layers, and a copy from the first visit would miss a layer that
    // has since gained a notice for this profile.
    var allLink = document.querySelector("a[data-all]");
    if (allLink) keep.push({ url: new URL(allLink.getAttribute("href"), here).href, fresh: true });
    if (index) {
      // The profile's current notices, each fetched again only when its version changed; older
      // ones are kept once they have been opened.
      index.notices.filter(function (n) { return !n.archived; }).slice(0, 100).forEach(function (n) {
        keep.push({ url: new URL(n.href, siteTop).href, version: n.version });
      });
    }
    askToKeep(worker, keep);
  }

  /* The page says it can be read offline only when the worker has the copies that make it so
     (the page, and for a portal its layers' indexes): a host or proxy that answers with
     `Cache-Control: no-store` forbids keeping them, and then the page says it is not. */
  function askToKeep(worker, keep) {
    var channel = new MessageChannel();
    channel.port1.onmessage = function (event) {
      var saved = event.data && event.data.saved === true;
      document.documentElement.setAttribute("data-offline-ready", saved ? "true" : "false");
    };
    worker.postMessage({ type: "keep", keep: keep, required: keep.filter(function (item) { return !item.version && !item.fresh; })
      .map(function (item) { return item.url; }) }, [channel.port2]);
  }

  /* A portal shows its newest notices without JavaScript: the layers' indexes (a profile's whole
     history) are fetched only once the page is shown. all/ is the merged list: at once. */
  var pageShown = new Promise(function (resolve) {
    if (!finder || finder.getAttribute("data-list") === "all" || document.readyState === "complete") resolve();
    else window.addEventListener("load", function () { resolve(); });
  });
  var indexReady = finder ? pageShown.then(function () { return loadIndex(false); }).then(function (loaded) {
    index = loaded;
    known = activeAddresses(loaded.notices);
    setUpFinder();
    if (finder.getAttribute("data-list") === "all") showMerged();
    document.documentElement.setAttribute("data-index-ready", "true");
  }).catch(function () { /* no index: the page still lists what it has */ }) : Promise.resolve();

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(new URL("sw.js", siteTop).href, { scope: siteTop.pathname })
      .then(function () { return Promise.all([navigator.serviceWorker.ready, indexReady]); })
      .then(function (ready) { keepForOffline(ready[0]); })
      .catch(function () { /* file:// or a browser without workers: pages still work */ });
  }
})();
