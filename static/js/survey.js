// Questionnaires. Everything here is a convenience: the pages work without it.
// - Questions (.survey-questions): hide a conditional question while its
//   condition is unmet (the server drops its answer anyway); a form.survey is
//   sent only once.
// - The campaign form (#campaign-form): preset the title and «anonymous» from
//   the questionnaire chosen, show only the fields of the audience chosen,
//   and find people to pick as the search box is typed in.
// - Buttons marked data-print print the page (the slips of links).
(function () {
  function checkedValues(root, name) {
    var values = [];
    root.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if ((input.type !== "radio" && input.type !== "checkbox") || input.checked) {
        values.push(input.value);
      }
    });
    return values;
  }

  function updateConditions(root) {
    root.querySelectorAll("[data-show-if]").forEach(function (block) {
      var name = block.dataset.showIf;
      var source = document.getElementById(name + "-block");
      var shown = !!source && !source.hidden &&
        checkedValues(root, name).indexOf(block.dataset.showIfValue) !== -1;
      block.hidden = !shown;
    });
  }

  // The questions may sit in a form (the public page, the paper entry) or
  // not (the builder's preview).
  document.querySelectorAll(".survey-questions").forEach(function (questions) {
    var root = questions.closest("form") || questions;
    root.classList.add("survey--js");
    updateConditions(root);
    root.addEventListener("change", function () { updateConditions(root); });
  });

  document.querySelectorAll("form.survey").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      // A double tap must not send the answers twice (the server refuses it too).
      if (form.dataset.sending) {
        event.preventDefault();
        return;
      }
      form.dataset.sending = "1";
    });
    // Back to the page from the browser's cache: it may be sent again.
    window.addEventListener("pageshow", function () { delete form.dataset.sending; });
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  var campaign = document.getElementById("campaign-form");
  if (!campaign) {
    return;
  }
  var version = campaign.querySelector("select[name='version']");
  var title = campaign.querySelector("input[name='title']");
  var anonymous = campaign.querySelector("input[name='anonymous']");
  // The mentors to rank are listed by the server only for a questionnaire
  // that asks to rank them: when one is chosen, htmx asks for the list.
  function updateRanking(option, data) {
    var ranking = document.getElementById("candidates-block");
    if (!ranking) {
      return;
    }
    ranking.hidden = !data.ranking;
    if (data.ranking && !ranking.dataset.loaded && window.htmx) {
      ranking.dataset.loaded = "1";
      window.htmx.ajax("GET", ranking.dataset.url + "?version=" + encodeURIComponent(option.value), {
        target: "#candidates-block",
        select: "#candidates-block",
        swap: "outerHTML"
      });
    }
  }

  function updateVersion(preset) {
    var option = version.options[version.selectedIndex];
    var data = option ? option.dataset : {};
    updateRanking(option, data);
    if (preset && data.title !== undefined) {
      if (!title.value || title.dataset.auto === title.value) {
        title.value = data.title;
        title.dataset.auto = data.title;
      }
      anonymous.checked = !!data.anonymous;
    }
  }

  function updateAudience() {
    var chosen = campaign.querySelector("input[name='audience']:checked");
    campaign.querySelectorAll("[data-audience]").forEach(function (block) {
      block.hidden = !chosen || block.dataset.audience !== chosen.value;
    });
  }

  version.addEventListener("change", function () { updateVersion(true); });
  campaign.addEventListener("change", function (event) {
    if (event.target.name === "audience") {
      updateAudience();
    }
  });
  updateVersion(false);
  updateAudience();

  // The search box asks the server for the people it finds (htmx, on its
  // hx-* attributes); without htmx the «Find» button re-shows the form.
  var search = campaign.querySelector("input[name='q']");
  var searchButton = campaign.querySelector("button[value='search']");
  if (search && searchButton && window.htmx) {
    searchButton.hidden = true;
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  }
}());
