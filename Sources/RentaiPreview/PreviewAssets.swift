/// The preview's own script and style, served at `/_rentai/`. They live in the binary: the
/// preview works on any site, whatever its templates.
enum PreviewAssets {
    /// Listens for the end of each build: a new successful build reloads the page, a failed one
    /// shows its errors over the page (built with text nodes: a message is never markup).
    static let script = #"""
    // rentai serve: reloads this page after each successful build, shows the errors of a failed one.
    (function () {
      "use strict";
      var toolbar = document.getElementById("rentai-preview");
      if (!toolbar) return;
      var shown = Number(toolbar.getAttribute("data-build"));

      function hide() {
        var overlay = document.getElementById("rentai-overlay");
        if (overlay) overlay.parentNode.removeChild(overlay);
      }

      function show(errors) {
        hide();
        var overlay = document.createElement("div");
        overlay.id = "rentai-overlay";
        overlay.className = "rentai-overlay";
        overlay.setAttribute("role", "alert");
        var title = document.createElement("p");
        title.className = "rentai-overlay-title";
        title.textContent = toolbar.getAttribute("data-failed");
        overlay.appendChild(title);
        var list = document.createElement("ul");
        errors.forEach(function (error) {
          var item = document.createElement("li");
          var where = document.createElement("code");
          where.textContent = error.file + ":" + error.line + ":" + error.column;
          item.appendChild(where);
          item.appendChild(document.createTextNode(" " + error.message));
          list.appendChild(item);
        });
        overlay.appendChild(list);
        var close = document.createElement("button");
        close.type = "button";
        close.className = "rentai-overlay-close";
        close.textContent = toolbar.getAttribute("data-close");
        overlay.appendChild(close);
        document.body.appendChild(overlay);
      }

      function apply(status) {
        if (!status.ok) {
          show(status.errors);
        } else if (status.build !== shown) {
          location.reload();
        } else {
          hide();
        }
      }

      document.addEventListener("click", function (event) {
        var target = event.target;
        if (target && target.classList && target.classList.contains("rentai-overlay-close")) hide();
      });

      if (window.EventSource) {
        // The browser reconnects by itself while the server restarts.
        var source = new EventSource("/_rentai/events");
        source.addEventListener("build", function (event) { apply(JSON.parse(event.data)); });
      } else {
        var poll = function () {
          fetch("/_rentai/status", { cache: "no-store" })
            .then(function (response) { return response.json(); })
            .then(apply)
            .catch(function () {})
            .then(function () { setTimeout(poll, 1000); });
        };
        poll();
      }
    })();

    """#

    static let style = """
    /* rentai serve: the preview's toolbar and error overlay, above whatever the site's style says. */
    body { padding-bottom: 4.5rem !important; }
    .rentai-preview {
      position: fixed; left: 0; right: 0; bottom: 0; z-index: 2147483646;
      background: #1f2933; color: #f5f7fa; box-shadow: 0 -2px 8px rgba(0, 0, 0, .3);
      font: 14px/1.4 system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", sans-serif;
      padding: .45rem .75rem;
    }
    .rentai-view-as { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; margin: 0; }
    /* Colours of their own: the site's `select, button { color: inherit }` would otherwise give
       them the bar's light text on the browser's light control (1.1:1, unreadable). */
    .rentai-view-as select, .rentai-view-as button {
      font: inherit; max-width: 14rem; min-height: 2rem;
      color: #1f2933 !important; background: #ffffff !important;
      border: 1px solid #9aa5b1 !important; border-radius: 4px; padding: .15rem .4rem;
    }
    .rentai-view-as button { font-weight: 600; cursor: pointer; }
    .rentai-view-as select:focus-visible, .rentai-view-as button:focus-visible { outline: 2px solid #f0b429; outline-offset: 2px; }
    .rentai-flag { background: #f0b429; color: #1f2933; border-radius: 3px; padding: 0 .35rem; }
    .rentai-overlay {
      position: fixed; left: 0; right: 0; top: 0; z-index: 2147483647; max-height: 60vh; overflow: auto;
      background: #fff5f5; color: #7a0c0c; border-bottom: 3px solid #c53030;
      box-shadow: 0 2px 12px rgba(0, 0, 0, .35); padding: .8rem 1.1rem;
      font: 14px/1.5 system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", sans-serif;
    }
    .rentai-overlay-title { font-weight: bold; margin: 0 0 .4rem; }
    .rentai-overlay ul { margin: 0 0 .6rem; padding-left: 1.2rem; }
    .rentai-overlay li { margin: .2rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .rentai-overlay code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: bold; }

    """

    /// Served at the site's `sw.js` by the preview: a worker that unregisters itself and
    /// deletes the site's saved copies, so that the preview always shows the last build and
    /// leaves nothing behind on its port.
    static let retiringWorker = """
        self.addEventListener("install", () => self.skipWaiting());
        self.addEventListener("activate", (event) => {
          event.waitUntil((async () => {
            for (const name of await caches.keys()) {
              if (name.startsWith("rentai")) await caches.delete(name);
            }
            await self.registration.unregister();
          })());
        });
        """
}
