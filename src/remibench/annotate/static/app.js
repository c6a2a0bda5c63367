// The annotation page: one item at a time, answers posted as JSON as soon as they are given.
// Every piece of data reaches the page through textContent or attributes, never as markup.
"use strict";

const $ = (id) => document.getElementById(id);

const page = {
  statuses: [],      // per item: "open" | "answered" | "skipped"
  index: null,       // the item shown, or null on the done screen
  view: null,        // the item's data from the server
  revisit: false,    // going through skipped items after the first pass
  busy: false,
  lastShown: 0,
};

// -- time on the item: counted only while the page is visible --------------------------------

const timer = {
  spent: 0,
  since: null,
  start() { this.spent = 0; this.since = document.hidden ? null : performance.now(); },
  pause() { if (this.since !== null) { this.spent += performance.now() - this.since; this.since = null; } },
  resume() { if (this.since === null && !document.hidden) { this.since = performance.now(); } },
  seconds() { return (this.spent + (this.since === null ? 0 : performance.now() - this.since)) / 1000; },
};
document.addEventListener("visibilitychange", () => (document.hidden ? timer.pause() : timer.resume()));

// -- server ----------------------------------------------------------------------------------

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(data.error || `the server answered ${response.status}`);
  }
  return data;
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

function applyState(state) {
  page.statuses = state.statuses;
  const total = state.total;
  let text = `${state.answered} / ${total} answered`;
  if (state.skipped) { text += ` · ${state.skipped} skipped`; }
  $("progress-text").textContent = text;
  $("progress-bar").max = total;
  $("progress-bar").value = state.answered;
}

// -- navigation ------------------------------------------------------------------------------

function nextIndex(from) {
  const n = page.statuses.length;
  const wanted = page.revisit ? "skipped" : "open";
  for (let step = 1; step < n + 1; step += 1) {
    const k = (from + step) % n;
    if (k !== from && page.statuses[k] === wanted) { return k; }
  }
  return null;
}

async function go(index) {
  if (index === null) { showDone(); return; }
  const view = await api(`/api/items/${index}`);
  page.index = index;
  page.view = view;
  page.lastShown = index;
  renderItem(view);
  timer.start();
}

async function act(work) {
  if (page.busy) { return; }
  page.busy = true;
  setButtons(true);
  try {
    showError("");
    await work();
  } catch (error) {
    showError(error.message);
  } finally {
    page.busy = false;
    setButtons(false);
  }
}

function setButtons(disabled) {
  for (const id of ["submit", "skip", "back", "revisit", "done-back"]) { $(id).disabled = disabled; }
  if (!disabled && page.index !== null) { $("back").disabled = page.index === 0; }
}

function submit() {
  const typed = $("answer").value;
  if (!typed.trim()) {
    showError("Type an answer first, or skip the item with Alt+N.");
    $("answer").focus();
    return;
  }
  act(async () => {
    const index = page.index;
    applyState(await api(`/api/items/${index}/answer`, { answer: typed, seconds: timer.seconds() }));
    await go(nextIndex(index));
  });
}

function skip() {
  act(async () => {
    const index = page.index;
    if (page.statuses[index] !== "answered") {
      applyState(await api(`/api/items/${index}/skip`, { seconds: timer.seconds() }));
    }
    await go(nextIndex(index));
  });
}

function back() {
  if (page.index === null) {
    act(() => go(page.lastShown));
  } else if (page.index > 0) {
    act(() => go(page.index - 1));
  }
}

function revisit() {
  const first = page.statuses.indexOf("skipped");
  page.revisit = first >= 0;
  act(() => go(first >= 0 ? first : null));
}

// -- rendering -------------------------------------------------------------------------------

function figure(index, part) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "figure";
  button.title = `image ${part.image}: click to enlarge`;
  const image = document.createElement("img");
  image.src = `/api/items/${index}/images/${part.image}`;
  image.alt = `image ${part.image}`;
  image.width = part.width;
  image.height = part.height;
  const caption = document.createElement("span");
  caption.className = "caption";
  caption.textContent = `image ${part.image}`;
  button.append(image, caption);
  button.addEventListener("click", () => openOverlay(image.src, part));
  return button;
}

function renderItem(view) {
  $("done").hidden = true;
  $("item").hidden = false;
  $("position").textContent = `Item ${view.index + 1} of ${view.total}`;
  $("task").textContent = view.task;
  $("item-id").textContent = view.id;
  const badge = $("badge");
  badge.hidden = view.status === "open";
  badge.textContent = view.status;
  badge.className = `badge ${view.status}`;

  const question = $("question");
  question.replaceChildren();
  for (const part of view.parts) {
    if (part.text !== undefined) {
      const span = document.createElement("span");
      span.textContent = part.text;
      question.append(span);
    } else {
      question.append(figure(view.index, part));
    }
  }

  $("hint").textContent = view.hint;
  $("instruction").textContent = view.instruction;
  $("answer").value = view.answer ?? "";
  $("saved").hidden = view.answer === null;
  $("saved-text").textContent = view.answer ?? "";
  $("skip").textContent = view.status === "answered" ? "Next →" : "Skip →";
  $("back").disabled = view.index === 0;
  $("answer").focus();
  window.scrollTo(0, 0);
}

function showDone() {
  page.index = null;
  page.revisit = false;
  $("item").hidden = true;
  $("done").hidden = false;
  const answered = page.statuses.filter((s) => s === "answered").length;
  const skipped = page.statuses.filter((s) => s === "skipped").length;
  const total = page.statuses.length;
  $("done-title").textContent = skipped ? "Every item has been answered or skipped" : "Every item has been answered";
  let summary = `${answered} of ${total} items answered`;
  summary += skipped ? `, ${skipped} skipped (a skipped item counts as wrong until you answer it).` : ".";
  $("done-summary").textContent = summary;
  $("revisit").hidden = skipped === 0;
  (skipped ? $("revisit") : $("done-back")).focus();
}

// -- full-size images ------------------------------------------------------------------------

function openOverlay(src, part) {
  $("overlay-image").src = src;
  $("overlay-image").alt = `image ${part.image}, full size`;
  $("overlay-caption").textContent = `image ${part.image} (${part.width} × ${part.height}) · click or Esc to close`;
  $("overlay").hidden = false;
}

function closeOverlay() {
  if ($("overlay").hidden) { return false; }
  $("overlay").hidden = true;
  $("overlay-image").removeAttribute("src");
  if (page.index !== null) { $("answer").focus(); }
  return true;
}

// -- wiring ----------------------------------------------------------------------------------

function onKey(event) {
  if (event.key === "Escape" && closeOverlay()) {
    event.preventDefault();
    return;
  }
  if (!event.altKey || event.ctrlKey || event.metaKey) { return; }
  if (event.code === "KeyN") {
    event.preventDefault();
    if (page.index !== null) { skip(); }
  } else if (event.code === "KeyP") {
    event.preventDefault();
    back();
  }
}

async function start() {
  $("answer-form").addEventListener("submit", (event) => { event.preventDefault(); submit(); });
  $("skip").addEventListener("click", skip);
  $("back").addEventListener("click", back);
  $("done-back").addEventListener("click", back);
  $("revisit").addEventListener("click", revisit);
  $("overlay").addEventListener("click", closeOverlay);
  document.addEventListener("keydown", onKey);
  await act(async () => {
    const state = await api("/api/state");
    $("annotator").textContent = `annotator: ${state.annotator}`;
    applyState(state);
    page.lastShown = Math.max(0, state.total - 1);
    await go(state.resume);
  });
}

start();
