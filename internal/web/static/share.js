// Progressive enhancement of the .share block: a "copy link" button and,
// where the device has the Web Share API, a native "share" button. Without
// JavaScript the plain share links keep working and these buttons stay
// hidden. The page's strings come from data attributes rendered from the
// message catalog; this file holds none.
(function () {
  "use strict";
  var block = document.querySelector(".share[data-url]");
  if (!block) return;
  var url = block.getAttribute("data-url");
  var title = block.getAttribute("data-title") || document.title;
  var status = block.querySelector(".share-status");

  function say(text) {
    if (status) status.textContent = text || "";
  }

  var copy = block.querySelector("button.share-copy");
  if (copy && navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(
        function () { say(copy.getAttribute("data-done")); },
        function () { say(copy.getAttribute("data-failed")); }
      );
    });
  }

  var native = block.querySelector("button.share-native");
  if (native && navigator.share) {
    native.hidden = false;
    native.addEventListener("click", function () {
      navigator.share({ title: title, url: url }).catch(function () {
        // The reader closed the share sheet: nothing to say.
      });
    });
  }
})();
