// The pages' only script (served by the app, no CDN). It shows every <time datetime> and every chart label with a
// data-time in the browser's time zone, and refreshes the parts of a page marked data-refresh (the overview's live
// part) every data-refresh-seconds instead of reloading the whole page.
(function () {
  'use strict';

  var dateTime = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    second: '2-digit', timeZoneName: 'short' };
  var hourMinute = { hour: '2-digit', minute: '2-digit' };

  function localize(root) {
    root.querySelectorAll('time[datetime]').forEach(function (element) {
      var at = new Date(element.getAttribute('datetime'));
      if (!isNaN(at)) {
        element.title = element.textContent;
        element.textContent = at.toLocaleString(undefined, dateTime);
      }
    });
    root.querySelectorAll('[data-time]').forEach(function (element) {
      var at = new Date(element.getAttribute('data-time'));
      if (!isNaN(at)) {
        element.textContent = at.toLocaleTimeString(undefined, hourMinute);
      }
    });
  }

  function refresh(element) {
    var every = Number(element.getAttribute('data-refresh-seconds') || '10') * 1000;
    setInterval(function () {
      fetch(element.getAttribute('data-refresh'), { credentials: 'same-origin', headers: { Accept: 'text/html' } })
        .then(function (response) {
          if (response.redirected) {
            // The session ended: the whole page shows the login.
            window.location.reload();
            return null;
          }
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html !== null) {
            element.innerHTML = html;
            localize(element);
            element.setAttribute('data-refreshed', String(Number(element.getAttribute('data-refreshed') || '0') + 1));
          }
        })
        .catch(function () {
          // Unreachable for a moment: the last figures stay until the next round.
        });
    }, every);
  }

  document.addEventListener('DOMContentLoaded', function () {
    localize(document);
    document.querySelectorAll('[data-refresh]').forEach(refresh);
  });
}());
