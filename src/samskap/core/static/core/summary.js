// The answer to a refused form draws its error summary above that form, which on a long
// page (the meeting's waiting cards, the time-to-help forms) is far below the first
// screen. Focus moves to the summary when the page loads, as GOV.UK's error summary does,
// so every user lands on it and a screen reader reads it first. The summary is the first
// danger alert in `main` (core/form_errors.html and the citizen pages' own).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector('main [role="alert"][data-color="danger"]');
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
});
