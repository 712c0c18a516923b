/* Pollboard embed helper: sizes each Pollboard iframe on this page to the height its chart needs
   (the chart posts {type: "pollboard:embed-height", height}). Only frames whose own origin sent the
   message are resized. Include it once per page, after the iframes or with async. */
(function () {
  if (window.__pollboardEmbed) return;
  window.__pollboardEmbed = true;
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (!data || data.type !== 'pollboard:embed-height' || typeof data.height !== 'number' || !(data.height > 0)) return;
    var frames = document.getElementsByTagName('iframe');
    for (var i = 0; i < frames.length; i += 1) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      var origin;
      try {
        origin = new URL(frame.src, window.location.href).origin;
      } catch {
        return;
      }
      if (origin !== event.origin) return;
      var height = Math.min(Math.ceil(data.height), 10000);
      frame.style.height = height + 'px';
      frame.setAttribute('height', String(height));
      frame.setAttribute('data-pollboard-sized', 'true');
      return;
    }
  });
})();
