// Auteur studio: plain DOM and fetch against the /v1 API (see the API contract). No build step, nothing fetched
// from elsewhere. Every value from the server is written with textContent, never as HTML.

const $ = (id) => document.getElementById(id);

/** What the page knows: the session (role, key name) and its CSRF token live only in memory. */
const state = {
  session: null,
  csrfToken: null,
  events: null,        // the EventSource of the generation being watched
  watching: null,      // its id
  pollTimer: null,
  current: null,       // the generation shown in the player
};

const MODES = {
  text: 'A clip from the prompt alone.',
  still: 'One PNG image from the prompt.',
  image: 'A clip that starts from your image.',
  interpolation: 'A clip that starts at the first image and ends at the last.',
  control: 'A clip that follows the motion or layout of a control clip (depth, edges, pose or optical flow).',
  video: 'A new clip that starts from your video noised to the strength: it keeps its layout and colours.',
  inpaint: 'Regenerate the white part of the mask; the black part of the source is kept.',
  outpaint: 'Shrink the source into the centre and paint the border around it.',
  extend: 'Continue a clip: the new frames follow its last frames.',
};

// ---------------------------------------------------------------- the API

/** An RFC 9457 problem, as the server sent it (or as close as the page can tell when it did not). */
class Problem extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || 'request failed');
    this.problem = problem;
  }
}

async function problemFrom(response) {
  const type = response.headers.get('Content-Type') || '';
  const text = await response.text().catch(() => '');
  let problem = null;
  if (type.includes('json')) {
    try {
      problem = JSON.parse(text);
    } catch {
      problem = null;
    }
  }
  if (!problem || typeof problem !== 'object') {
    problem = {
      title: `${response.status} ${response.statusText || 'error'}`.trim(),
      detail: text.trim().slice(0, 500) || 'The server gave no explanation.',
    };
  }
  problem.status ??= response.status;
  const retry = response.headers.get('Retry-After');
  if (response.status === 429 && retry) {
    problem.detail = `${problem.detail || ''} Try again in ${retry} s.`.trim();
  }
  return new Problem(problem);
}

/** fetch with the session cookie and, on state-changing requests, the CSRF token; throws Problem on 4xx/5xx. */
async function api(path, { method = 'GET', json, form } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) {
    body = form; // the browser writes the multipart boundary
  }
  if (method !== 'GET' && method !== 'HEAD' && state.csrfToken) {
    headers['X-CSRF-Token'] = state.csrfToken;
  }
  let response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch (error) {
    throw new Problem({ title: 'The server could not be reached', detail: String(error.message || error), status: 0 });
  }
  if (!response.ok) {
    const problem = await problemFrom(response);
    if (response.status === 401 && state.session && path !== '/v1/session') {
      // The session ended (expired, or the key was revoked): back to the sign-in form, saying why.
      setSession(null);
      route();
      showProblem($('signin-problem'), problem);
    }
    throw problem;
  }
  if (response.status === 204) {
    return null;
  }
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

function asProblem(error) {
  if (error instanceof Problem) {
    return error.problem;
  }
  return { title: 'Something went wrong in the page', detail: String(error && error.message || error) };
}

/** Shows a problem as its title and detail in a box; the box gets focus when asked (after a submit). */
function showProblem(box, error, { focus = false } = {}) {
  const problem = asProblem(error);
  let title = box.querySelector('.problem-title');
  let detail = box.querySelector('.problem-detail');
  if (!title) {
    title = document.createElement('strong');
    title.className = 'problem-title';
    box.append(title);
  }
  if (!detail) {
    detail = document.createElement('p');
    detail.className = 'problem-detail';
    box.append(detail);
  }
  title.textContent = problem.title || 'Request failed';
  detail.textContent = problem.detail || '';
  box.dataset.status = problem.status ?? '';
  box.dataset.type = problem.type || '';
  box.hidden = false;
  if (focus) {
    box.focus();
  }
}

function clearProblem(box) {
  box.hidden = true;
  box.querySelector('.problem-title')?.replaceChildren();
  box.querySelector('.problem-detail')?.replaceChildren();
}

// ---------------------------------------------------------------- session

function setSession(session) {
  state.session = session;
  state.csrfToken = session ? session.csrfToken : null;
  const who = $('session-who');
  who.hidden = !session;
  $('signout-button').hidden = !session;
  who.textContent = session ? `${session.keyName} (${session.role})` : '';
  document.body.dataset.signedIn = session ? 'true' : 'false';
  const canCreate = session && (session.role === 'creator' || session.role === 'admin');
  $('generate-button').disabled = !canCreate;
  $('generate-button').title = session && !canCreate ? 'Your key is a viewer key: generating needs a creator key.' : '';
}

async function restoreSession() {
  try {
    setSession(await api('/v1/session'));
  } catch (error) {
    setSession(null);
    if (!(error instanceof Problem && error.problem.status === 401)) {
      showProblem($('signin-problem'), error);
    }
  }
}

async function signIn(event) {
  event.preventDefault();
  const box = $('signin-problem');
  clearProblem(box);
  const key = $('api-key').value.trim();
  if (!key) {
    showProblem(box, new Problem({ title: 'No key', detail: 'Paste your API key first.' }), { focus: false });
    $('api-key').focus();
    return;
  }
  $('signin-button').disabled = true;
  try {
    setSession(await api('/v1/session', { method: 'POST', json: { key } }));
    $('api-key').value = '';
    route();
    if (!$('studio').hidden) {
      $('prompt').focus();
    }
  } catch (error) {
    showProblem(box, error);
    $('api-key').focus();
  } finally {
    $('signin-button').disabled = false;
  }
}

async function signOut() {
  try {
    await api('/v1/session', { method: 'DELETE' });
  } catch (error) {
    // Signed out locally whatever the server said; the cookie is HttpOnly, so the server is the one to drop it.
    console.warn('sign-out', error);
  }
  stopWatching();
  setSession(null);
  route();
}

// ---------------------------------------------------------------- views

function route() {
  const hash = location.hash || '#/studio';
  const generation = hash.match(/^#\/generations\/([\w-]+)$/);
  const view = generation ? 'studio' : (hash.match(/^#\/(studio|gallery|verify)$/) || [null, 'studio'])[1];
  const needsSession = view !== 'verify';
  const signedIn = Boolean(state.session);
  for (const name of ['studio', 'gallery', 'verify']) {
    $(name).hidden = name !== view || (needsSession && !signedIn);
    const link = $(`nav-${name}`);
    if (name === view) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  $('signin').hidden = !(needsSession && !signedIn);
  document.body.dataset.view = view;
  if (needsSession && signedIn) {
    if (view === 'gallery') {
      loadGallery();
    }
    if (generation) {
      openGeneration(generation[1]);
    }
  }
}

// ---------------------------------------------------------------- the prompt form

function currentMode() {
  return $('mode').value;
}

function sourceKind() {
  return document.querySelector('input[name="sourceKind"]:checked').value;
}

/** Shows the inputs the chosen mode needs and hides (and disables, so they are not sent) the rest. */
function applyMode() {
  const mode = currentMode();
  const paint = mode === 'inpaint' || mode === 'outpaint';
  for (const group of document.querySelectorAll('.mode-input')) {
    let shown = group.dataset.modes.split(' ').includes(mode);
    if (shown && paint && group.dataset.source) {
      shown = group.dataset.source === sourceKind();
    }
    group.hidden = !shown;
    group.disabled = !shown;
  }
  $('mode-help').textContent = MODES[mode] || '';
  $('image-legend').textContent = paint ? 'Source image' : 'First frame';
  $('seconds-label').textContent = mode === 'extend'
    ? 'Seconds to add (empty: 2)'
    : "Seconds (empty: the model's window)";
  $('seconds-legend').textContent = mode === 'extend' ? 'How much longer' : 'Length';
  document.body.dataset.mode = mode;
}

/** The multipart body for POST /v1/generations: only the parts the mode uses, as named in the contract. */
function generationForm() {
  const mode = currentMode();
  const form = new FormData();
  const missing = [];
  const file = (inputId, part, what) => {
    const chosen = $(inputId).files[0];
    if (chosen) {
      form.append(part, chosen, chosen.name);
    } else {
      missing.push(what);
    }
  };
  form.append('prompt', $('prompt').value.trim());
  switch (mode) {
    case 'still':
      form.append('format', 'png');
      break;
    case 'image':
      file('image', 'image', 'a first frame');
      break;
    case 'interpolation':
      file('image', 'image', 'a first frame');
      file('last-image', 'lastImage', 'a last frame');
      break;
    case 'control':
      file('control', 'control', 'a control clip');
      form.append('controlKind', $('control-kind').value);
      break;
    case 'video':
      file('video', 'video', 'a source video');
      form.append('strength', $('strength').value || '0.7');
      break;
    case 'inpaint':
    case 'outpaint':
      if (sourceKind() === 'image') {
        file('image', 'image', 'a source image');
      } else {
        file('video', 'video', 'a source video');
      }
      if (mode === 'inpaint') {
        file('mask', 'mask', 'a mask');
      } else {
        form.append('outpaint', `${$('outpaint').value || '2'}x`);
      }
      break;
    case 'extend':
      file('extend', 'extend', 'a clip to extend');
      break;
    default:
      break;
  }
  if (mode !== 'still' && $('seconds').value !== '') {
    form.append('seconds', $('seconds').value);
  }
  form.append('seed', $('seed').value || '0');
  form.append('steps', $('steps').value || '24');
  form.append('guidance', $('guidance').value || '3.0');
  form.append('sampler', $('sampler').value);
  if ($('negative').value.trim()) {
    form.append('negative', $('negative').value.trim());
  }
  form.append('upscale', $('upscale').value.trim() || 'auto');
  form.append('visibleLabel', $('visible-label').checked ? 'true' : 'false');
  return { form, missing };
}

async function submitGeneration(event) {
  event.preventDefault();
  const box = $('generate-problem');
  clearProblem(box);
  if (!$('prompt').value.trim()) {
    showProblem(box, new Problem({ title: 'No prompt', detail: 'Describe the shot in the prompt box.' }));
    $('prompt').focus();
    return;
  }
  const { form, missing } = generationForm();
  if (missing.length) {
    showProblem(box, new Problem({ title: 'Missing input', detail: `This mode needs ${missing.join(' and ')}.` }),
      { focus: true });
    return;
  }
  const button = $('generate-button');
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    const generation = await api('/v1/generations', { method: 'POST', form });
    watch(generation);
  } catch (error) {
    showProblem(box, error, { focus: true });
    setProgress('idle');
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}

// ---------------------------------------------------------------- progress (server-sent events)

function setProgress(status, step = 0, steps = 0) {
  const box = $('progress-box');
  const bar = $('progress');
  const text = $('progress-text');
  box.hidden = status === 'idle';
  box.dataset.state = status;
  if (steps > 0) {
    bar.max = steps;
    bar.value = Math.min(step, steps);
    box.dataset.step = String(step);
    box.dataset.steps = String(steps);
  }
  switch (status) {
    case 'queued':
      text.textContent = 'Queued, waiting for a worker…';
      bar.removeAttribute('value'); // indeterminate until the first step
      break;
    case 'running':
      text.textContent = steps > 0 ? `Step ${step} of ${steps}` : 'Running…';
      break;
    case 'succeeded':
      bar.max = 1;
      bar.value = 1;
      text.textContent = 'Done';
      break;
    case 'failed':
      text.textContent = 'Failed';
      break;
    default:
      text.textContent = '';
  }
}

function stopWatching() {
  if (state.events) {
    state.events.close();
  }
  clearTimeout(state.pollTimer);
  state.events = null;
  state.watching = null;
}

/** Follows one generation: progress events move the bar, then exactly one of succeeded / failed. */
function watch(generation) {
  stopWatching();
  state.watching = generation.id;
  $('progress-box').dataset.id = generation.id;
  $('progress-box').dataset.mode = generation.mode || '';
  $('progress-box').dataset.events = '0';
  setProgress(generation.status === 'running' ? 'running' : 'queued', generation.step || 0, generation.steps || 0);
  const source = new EventSource(`/v1/generations/${encodeURIComponent(generation.id)}/events`);
  state.events = source;
  let finished = false;
  const mine = () => state.watching === generation.id;
  source.addEventListener('progress', (event) => {
    if (!mine()) return;
    const data = JSON.parse(event.data);
    const box = $('progress-box');
    box.dataset.events = String(Number(box.dataset.events || 0) + 1); // how many progress events arrived
    setProgress('running', data.step, data.steps);
  });
  source.addEventListener('succeeded', (event) => {
    finished = true;
    source.close();
    if (!mine()) return;
    succeeded(JSON.parse(event.data));
  });
  source.addEventListener('failed', (event) => {
    finished = true;
    source.close();
    if (!mine()) return;
    failed(JSON.parse(event.data));
  });
  source.onerror = () => {
    // A stream that closes before its final event is reopened by the browser (and the server then sends the final
    // event at once); one the browser gave up on (an error status) is replaced by polling the generation.
    if (!finished && mine() && source.readyState === EventSource.CLOSED) {
      poll(generation.id);
    }
  };
}

async function poll(id) {
  if (state.watching !== id) return;
  try {
    const generation = await api(`/v1/generations/${encodeURIComponent(id)}`);
    if (generation.status === 'succeeded') {
      succeeded(generation);
      return;
    }
    if (generation.status === 'failed') {
      failed({ title: 'The generation failed', detail: generation.error || 'no reason given' });
      return;
    }
    setProgress(generation.status, generation.step || 0, generation.steps || 0);
  } catch (error) {
    showProblem($('generate-problem'), error);
  }
  state.pollTimer = setTimeout(() => poll(id), 1000);
}

function succeeded(generation) {
  stopWatching();
  setProgress('succeeded');
  showGeneration(generation);
  if (!$('gallery').hidden) {
    loadGallery();
  }
}

function failed(problem) {
  stopWatching();
  setProgress('failed');
  showProblem($('generate-problem'), new Problem({
    title: problem.title || 'The generation failed',
    detail: problem.detail || problem.error || '',
    status: problem.status,
    type: problem.type,
  }), { focus: true });
}

// ---------------------------------------------------------------- player and credentials

async function openGeneration(id) {
  if (state.current && state.current.id === id) return;
  clearProblem($('generate-problem'));
  try {
    const generation = await api(`/v1/generations/${encodeURIComponent(id)}`);
    if (generation.status === 'succeeded') {
      setProgress('idle');
      showGeneration(generation);
    } else if (generation.status === 'failed') {
      setProgress('failed');
      showProblem($('generate-problem'), new Problem({ title: 'This generation failed', detail: generation.error || '' }));
    } else {
      watch(generation);
    }
  } catch (error) {
    showProblem($('generate-problem'), error);
  }
}

function showGeneration(generation) {
  state.current = generation;
  const result = generation.result;
  if (!result) return;
  const still = (result.contentType || '').startsWith('image/');
  const video = $('player-video');
  const image = $('player-image');
  $('player-empty').hidden = true;
  $('player').hidden = false;
  $('player').dataset.id = generation.id;
  video.hidden = still;
  image.hidden = !still;
  if (still) {
    video.removeAttribute('src');
    video.load();
    image.src = result.url;
    image.alt = `AI-generated image: ${generation.prompt}`;
  } else {
    image.removeAttribute('src');
    video.src = result.url;
    video.setAttribute('aria-label', `AI-generated video: ${generation.prompt}`);
    video.load();
  }
  $('player-prompt').textContent = generation.prompt;
  const parts = [];
  if (result.width && result.height) parts.push(`${result.width}×${result.height}`);
  if (result.frames && !still) parts.push(`${result.frames} frames`);
  if (generation.mode) parts.push(generation.mode);
  if (generation.finishedAt) parts.push(formatTime(generation.finishedAt));
  $('player-meta').textContent = parts.join(' · ');
  $('player-download').href = result.url;
  $('player-download').setAttribute('download', `auteur-${generation.id}.${still ? 'png' : 'mp4'}`);
  loadCredentials(generation.id);
}

async function loadCredentials(id) {
  const panel = $('credentials');
  panel.hidden = false;
  panel.dataset.loaded = 'false';
  clearProblem($('credentials-problem'));
  for (const field of panel.querySelectorAll('dd')) field.textContent = '…';
  $('cred-headline').textContent = 'Reading the credentials…';
  try {
    const report = await api(`/v1/generations/${encodeURIComponent(id)}/credentials`);
    if (!state.current || state.current.id !== id) return;
    const s = summarise(report);
    $('cred-headline').textContent = report.headline || '';
    setVerdict($('cred-verdict'), report.verdict);
    $('cred-signer').textContent = s.signer;
    $('cred-model').textContent = s.model;
    $('cred-source-type').textContent = s.sourceTypes;
    $('cred-actions').textContent = s.actions;
    $('cred-when').textContent = s.when;
    $('cred-watermark').textContent = s.watermark;
    panel.dataset.loaded = 'true';
  } catch (error) {
    $('cred-headline').textContent = '';
    for (const field of panel.querySelectorAll('dd')) field.textContent = '';
    showProblem($('credentials-problem'), error);
  }
}

const VERDICTS = {
  INTACT: ['Credentials intact', 'good'],
  RECOVERED: ['Credentials recovered through the watermark', 'good'],
  TAMPERED: ['Tampered: the file or its manifest changed after signing', 'bad'],
  INVALID: ['Credentials invalid', 'bad'],
  WATERMARK_ONLY: ["Auteur's watermark found, credentials missing", 'warn'],
  NO_PROVENANCE: ['No provenance found', 'warn'],
};

function setVerdict(element, verdict) {
  const [label, tone] = VERDICTS[verdict] || [String(verdict || 'unknown'), 'warn'];
  element.textContent = label;
  element.dataset.verdict = verdict || '';
  element.dataset.tone = tone;
}

/** The facts a person asks of a verification report: who, what, when, and whether the watermark is there. */
function summarise(report) {
  const credentials = report.credentials && report.credentials.report;
  const manifests = (credentials && credentials.manifests) || [];
  const active = manifests.find((m) => m.label === credentials.activeManifest) || manifests[manifests.length - 1];
  const assertions = (active && active.assertions) || {};
  const actionList = ((assertions['c2pa.actions.v2'] || assertions['c2pa.actions'] || {}).actions) || [];
  const models = new Set();   // software agents, e.g. "Auteur worlds-tiny 1"
  const modelIds = new Set(); // Auteur's own parameter, e.g. "worlds-tiny@1"; preferred when present
  const sourceTypes = new Set();
  const whens = [];
  let visibleLabel = null;
  for (const action of actionList) {
    const agent = action.softwareAgent;
    if (agent && typeof agent === 'object' && agent.name) {
      models.add(agent.version ? `${agent.name} ${agent.version}` : agent.name);
    } else if (typeof agent === 'string') {
      models.add(agent);
    }
    const parameters = action.parameters || {};
    if (parameters['io.auteur.model']) modelIds.add(parameters['io.auteur.model']);
    if (parameters['io.auteur.visibleLabel']) {
      visibleLabel = `${parameters['io.auteur.visibleLabel']}${parameters['io.auteur.visibleLabelCorner']
        ? ` (${parameters['io.auteur.visibleLabelCorner']})` : ''}`;
    }
    if (action.digitalSourceType) sourceTypes.add(shortType(action.digitalSourceType));
    if (action.when) whens.push(action.when);
  }
  const signedAt = report.repository && report.repository.signedAt;
  const when = whens[0] || signedAt;
  return {
    active,
    signer: active
      ? [active.signer || 'unknown signer', active.issuer ? `issued by ${active.issuer}` : null,
        active.algorithm].filter(Boolean).join(', ')
      : 'no credentials',
    claimGenerator: active ? active.claimGenerator : null,
    model: modelIds.size ? [...modelIds].join(', ') : models.size ? [...models].join(', ') : 'not stated',
    sourceTypes: sourceTypes.size ? [...sourceTypes].join(', ') : 'not stated',
    actions: actionList.length
      ? actionList.map((a) => a.description ? `${a.action} (${a.description})` : a.action).join('; ')
      : 'none recorded',
    when: when ? formatTime(when) : 'not recorded',
    watermark: describeWatermark(report.watermark),
    visibleLabel,
    state: credentials ? credentials.state : null,
    failures: credentials ? credentials.failures || [] : [],
  };
}

function shortType(uri) {
  return String(uri).replace(/^.*\//, '');
}

function describeWatermark(watermark) {
  if (!watermark) return 'not checked (this server has no watermark key)';
  if (watermark.found) {
    const p = typeof watermark.pValue === 'number' ? `, p ≤ ${watermark.pValue.toExponential(1)}` : '';
    const confidence = typeof watermark.meanBitConfidence === 'number'
      ? `, mean bit confidence ${watermark.meanBitConfidence.toFixed(2)}` : '';
    return `found: payload ${watermark.payload}${watermark.payloadIntact === false ? ' (checksum failed)' : ''}${p}`
      + `${confidence} over ${watermark.frames} frame${watermark.frames === 1 ? '' : 's'}`;
  }
  const score = typeof watermark.score === 'number' ? ` (score ${watermark.score.toFixed(1)}, threshold `
    + `${Number(watermark.threshold).toFixed(1)})` : '';
  return `not found${score}`;
}

function formatTime(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return `${date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })} (${date.toISOString()
    .replace(/\.\d+Z$/, 'Z')})`;
}

// ---------------------------------------------------------------- gallery

let galleryRequest = 0;

/** Gallery videos fetch their first frame only once they are on screen. */
const thumbnails = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (entry.isIntersecting) {
      entry.target.src = entry.target.dataset.src;
      thumbnails.unobserve(entry.target);
    }
  }
}, { rootMargin: '200px' });

async function loadGallery() {
  const request = ++galleryRequest;
  const q = $('gallery-q').value.trim();
  const list = $('gallery-list');
  const box = $('gallery-problem');
  clearProblem(box);
  list.setAttribute('aria-busy', 'true');
  try {
    const page = await api(`/v1/generations?q=${encodeURIComponent(q)}&limit=50&offset=0`);
    if (request !== galleryRequest) return;
    thumbnails.disconnect();
    list.replaceChildren(...page.items.map(galleryItem));
    const shown = page.items.length;
    $('gallery-count').textContent = page.total === 0
      ? (q ? `No generation matches “${q}”.` : 'No generations yet.')
      : `${page.total} generation${page.total === 1 ? '' : 's'}${shown < page.total ? `, newest ${shown} shown` : ''}`
        + (q ? ` matching “${q}”` : '');
    list.dataset.loaded = 'true';
  } catch (error) {
    showProblem(box, error);
  } finally {
    list.removeAttribute('aria-busy');
  }
}

function galleryItem(generation) {
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'gallery-item';
  button.dataset.testid = 'gallery-item';
  button.dataset.id = generation.id;
  button.dataset.status = generation.status;
  button.dataset.mode = generation.mode || '';
  button.dataset.contentType = (generation.result && generation.result.contentType) || '';
  const thumb = document.createElement('div');
  thumb.className = 'thumb';
  const result = generation.result;
  if (result && (result.contentType || '').startsWith('image/')) {
    const img = document.createElement('img');
    img.src = result.url;
    img.alt = '';
    img.loading = 'lazy';
    thumb.append(img);
  } else if (result) {
    const video = document.createElement('video');
    video.dataset.src = `${result.url}#t=0.1`; // loaded when scrolled into view (each load counts against the rate limit)
    thumbnails.observe(video);
    video.muted = true;
    video.preload = 'metadata';
    video.setAttribute('aria-hidden', 'true');
    video.tabIndex = -1;
    thumb.append(video);
  } else {
    thumb.textContent = generation.status;
  }
  const badge = document.createElement('span');
  badge.className = 'thumb-label';
  badge.textContent = 'AI';
  badge.title = 'AI-generated';
  thumb.append(badge);
  const prompt = document.createElement('span');
  prompt.className = 'gallery-prompt';
  prompt.textContent = generation.prompt;
  const meta = document.createElement('span');
  meta.className = 'hint';
  meta.textContent = [generation.mode, generation.status, generation.createdAt && formatTime(generation.createdAt)]
    .filter(Boolean).join(' · ');
  button.append(thumb, prompt, meta);
  button.setAttribute('aria-label', `Open “${generation.prompt}” (${generation.status})`);
  button.addEventListener('click', () => {
    state.current = null;
    const target = `#/generations/${generation.id}`;
    if (location.hash === target) {
      route();
    } else {
      location.hash = target;
    }
  });
  item.append(button);
  return item;
}

// ---------------------------------------------------------------- verify

async function verifyFile(file) {
  if (!file) return;
  const box = $('verify-problem');
  clearProblem(box);
  $('verify-report').hidden = true;
  $('verify-status').textContent = `Checking ${file.name}…`;
  $('verify').dataset.state = 'checking';
  const form = new FormData();
  form.append('file', file, file.name);
  try {
    const report = await api('/v1/verify', { method: 'POST', form });
    showReport(file.name, report);
    $('verify-status').textContent = `Checked ${file.name}.`;
    $('verify').dataset.state = 'done';
  } catch (error) {
    $('verify-status').textContent = '';
    $('verify').dataset.state = 'failed';
    showProblem(box, error, { focus: false });
  }
}

function showReport(name, report) {
  const s = summarise(report);
  $('verify-file-name').textContent = name;
  setVerdict($('verify-verdict'), report.verdict);
  $('verify-headline').textContent = report.headline || '';
  const watermark = $('verify-watermark');
  watermark.textContent = s.watermark;
  watermark.dataset.found = report.watermark ? String(Boolean(report.watermark.found)) : 'unchecked';
  const source = report.credentials ? report.credentials.source : 'NONE';
  const credentials = $('verify-credentials');
  credentials.dataset.source = source;
  credentials.dataset.state = s.state || '';
  credentials.textContent = source === 'NONE' ? 'none found'
    : `${source === 'EMBEDDED' ? 'embedded in the file' : 'recovered through the watermark'}; validation: ${s.state}`
      + (s.failures.length ? `; failures: ${s.failures.map((f) => f.explanation || f.code).join('; ')}` : '');
  $('verify-manifest').textContent = s.active
    ? `${s.active.title ? `“${s.active.title}”, ` : ''}made with ${s.claimGenerator}; model ${s.model}; signed by `
      + `${s.signer}; actions: ${s.actions}; when: ${s.when}`
    : 'no manifest';
  $('verify-ai-label').textContent = aiLabel(s);
  const repository = report.repository;
  $('verify-repository').textContent = repository
    ? `${repository.manifestLabel}, signed ${formatTime(repository.signedAt)}, in ${repository.source}`
    : 'no entry';
  const forensics = report.forensics;
  $('verify-forensics').textContent = forensics
    ? `${Math.round(forensics.probabilityGenerated * 100)}% generated-like (supporting evidence only; never decides `
      + 'the verdict)'
    : 'not computed';
  $('verify-sha256').textContent = report.sha256 || '';
  $('verify-findings').replaceChildren(...(report.findings || []).map((finding) => {
    const item = document.createElement('li');
    item.dataset.severity = finding.severity;
    item.dataset.code = finding.code;
    const severity = document.createElement('span');
    severity.className = 'severity';
    severity.textContent = { INFO: 'info', WARNING: 'warning', PROBLEM: 'problem' }[finding.severity]
      || finding.severity;
    item.append(severity, ` ${finding.message}`);
    return item;
  }));
  $('verify-json').textContent = JSON.stringify(report, null, 2);
  $('verify-report').hidden = false;
}

function aiLabel(summary) {
  const types = summary.sourceTypes;
  let text;
  if (types.includes('compositeWithTrainedAlgorithmicMedia')) {
    text = 'Declared partly AI-generated (compositeWithTrainedAlgorithmicMedia)';
  } else if (types.includes('trainedAlgorithmicMedia')) {
    text = 'Declared AI-generated (trainedAlgorithmicMedia)';
  } else if (summary.active) {
    text = `No AI disclosure in the credentials (digital source type: ${types})`;
  } else {
    text = 'No credentials, so no declared label';
  }
  return summary.visibleLabel
    ? `${text}; a visible label “${summary.visibleLabel}” is burned into the picture`
    : `${text}; no visible label recorded`;
}

function setUpDropZone() {
  const zone = $('drop-zone');
  const input = $('verify-file');
  zone.addEventListener('click', () => input.click());
  zone.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      input.click();
    }
  });
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      zone.classList.add('dragging');
    });
  }
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    verifyFile(event.dataTransfer.files[0]);
  });
  // A file dropped beside the zone must not make the browser navigate away to it.
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (event) => event.preventDefault());
  }
  input.addEventListener('change', () => {
    verifyFile(input.files[0]);
    input.value = '';
  });
}

// ---------------------------------------------------------------- start

function start() {
  $('signin-form').addEventListener('submit', signIn);
  $('signout-button').addEventListener('click', signOut);
  $('mode').addEventListener('change', applyMode);
  for (const radio of document.querySelectorAll('input[name="sourceKind"]')) {
    radio.addEventListener('change', applyMode);
  }
  $('generate-form').addEventListener('submit', submitGeneration);
  $('gallery-search').addEventListener('submit', (event) => {
    event.preventDefault();
    loadGallery();
  });
  setUpDropZone();
  applyMode();
  window.addEventListener('hashchange', route);
  restoreSession().then(() => {
    route();
    document.body.dataset.ready = 'true';
  });
}

start();
