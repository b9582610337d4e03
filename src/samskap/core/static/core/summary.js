// The answer to a refused form draws its error summary above that form, which on a long
// page (the meeting's waiting cards, the time-to-help forms) is far below the first
// screen. Focus moves to the summary when the page loads, as GOV.UK's error summary does,
// so every user lands on it and a screen reader reads it first.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
