// Control room: log in, show the municipality's sensors on a map and in a table, and keep both live over SignalR.
'use strict';

(function () {
  const tokenKey = 'edge.accessToken';
  const state = { token: sessionStorage.getItem(tokenKey), map: null, markers: new Map(), rows: new Map(), devices: new Map(), hub: null, refetch: null, zones: null };
  const $ = (id) => document.getElementById(id);

  async function api(path, options = {}) {
    const headers = Object.assign({ 'Content-Type': 'application/json' }, options.headers || {});
    if (state.token) headers.Authorization = 'Bearer ' + state.token;
    const response = await fetch(path, Object.assign({}, options, { headers }));
    if (response.status === 401 && path !== '/api/v1/auth/login') { logout(); throw new Error('session expired'); }
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.detail || problem.title || response.statusText);
    }
    return response.json();
  }

  async function login(event) {
    event.preventDefault();
    $('login-error').textContent = '';
    try {
      const result = await api('/api/v1/auth/login', { method: 'POST', body: JSON.stringify({ email: $('email').value, password: $('password').value }) });
      state.token = result.accessToken;
      sessionStorage.setItem(tokenKey, state.token);
      sessionStorage.setItem('edge.tenant', result.tenant || 'all municipalities');
      await openRoom();
    } catch (error) {
      $('login-error').textContent = error.message;
    }
  }

  function logout() {
    state.token = null;
    sessionStorage.removeItem(tokenKey);
    if (state.hub) state.hub.stop();
    $('room').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    setConnection('offline');
  }

  async function openRoom() {
    $('login').hidden = true;
    $('room').hidden = false;
    $('logout').hidden = false;
    $('tenant').textContent = sessionStorage.getItem('edge.tenant') || '';
    const config = await fetch('/ui/config.json').then((r) => r.json());
    if (!state.map) {
      state.map = L.map('map', { zoomControl: true, preferCanvas: false }).setView([0, 0], 2);
      if (config.tileUrl) L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || '', maxZoom: 19 }).addTo(state.map);
    }
    await loadZones().catch(console.warn);
    await loadDevices(true);
    await connectHub();
  }

  // Zones as vector polygons under the device markers (no tile server needed), coloured by kind.
  const zoneColours = { landslide: '#b3369b', flood: '#0b9aa8', village: '#c27c0e' };
  async function loadZones() {
    const collection = await api('/api/v1/zones');
    if (state.zones) state.zones.remove();
    state.zones = L.geoJSON(collection, {
      style: (f) => ({ color: zoneColours[f.properties.kind] || '#6b7785', weight: 2, fillOpacity: 0.12, className: 'zone zone-' + f.properties.kind }),
      onEachFeature: (f, layer) => layer.bindTooltip(escapeHtml(f.properties.name) + ' (' + escapeHtml(f.properties.kind) + ')<br>population '
        + (f.properties.population ?? '?') + ', ' + f.properties.devices + ' devices, ' + f.properties.openAlerts + ' open alerts', { sticky: true }),
    }).addTo(state.map);
  }

  async function loadDevices(fit) {
    const collection = await api('/api/v1/devices');
    for (const feature of collection.features) upsertDevice(feature);
    $('device-count').textContent = '(' + state.devices.size + ')';
    const located = collection.features.filter((f) => f.geometry);
    if (fit && located.length > 0) {
      state.map.fitBounds(L.latLngBounds(located.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]])), { padding: [40, 40], maxZoom: 16 });
    }
  }

  function upsertDevice(feature) {
    const p = feature.properties;
    state.devices.set(p.id, p);
    if (feature.geometry && !state.markers.has(p.id)) {
      const [lon, lat] = feature.geometry.coordinates;
      const icon = L.divIcon({ className: '', html: '<div class="device-marker" data-device-id="' + escapeHtml(p.id) + '" data-kind="' + escapeHtml(p.kind) + '"></div>', iconSize: [16, 16] });
      const marker = L.marker([lat, lon], { icon, title: p.id, keyboard: true }).addTo(state.map);
      marker.bindPopup(() => popupHtml(state.devices.get(p.id)));
      state.markers.set(p.id, marker);
    }
    renderRow(p);
  }

  function onReading(reading) {
    const device = state.devices.get(reading.deviceId);
    if (!device) { scheduleRefetch(); return; }
    if (device.measuredAt && new Date(device.measuredAt) > new Date(reading.ts)) return;
    device.latest = Object.assign({}, device.latest, reading.values);
    device.measuredAt = reading.ts;
    device.latestReadingId = reading.readingId;
    renderRow(device, true);
    const marker = state.markers.get(reading.deviceId);
    if (marker) {
      const element = marker.getElement() && marker.getElement().querySelector('.device-marker');
      if (element) {
        element.dataset.readingId = reading.readingId;
        element.classList.remove('updated'); void element.offsetWidth; element.classList.add('updated');
      }
      if (marker.isPopupOpen()) marker.setPopupContent(popupHtml(device));
    }
  }

  function scheduleRefetch() {
    if (state.refetch) return;
    state.refetch = setTimeout(() => { state.refetch = null; loadDevices(false).catch(console.warn); }, 500);
  }

  function renderRow(device, flash) {
    let row = state.rows.get(device.id);
    if (!row) {
      row = document.createElement('tr');
      row.dataset.deviceId = device.id;
      row.innerHTML = '<th scope="row"></th><td class="latest"></td><td class="measured"></td>';
      row.querySelector('th').textContent = device.id;
      row.querySelector('th').title = device.kind;
      $('devices').tBodies[0].appendChild(row);
      state.rows.set(device.id, row);
    }
    row.querySelector('.latest').textContent = formatValues(device.latest);
    row.querySelector('.measured').textContent = device.measuredAt ? new Date(device.measuredAt).toLocaleTimeString() : 'no reading yet';
    if (device.latestReadingId) row.dataset.readingId = device.latestReadingId;
    if (flash) { row.classList.remove('updated'); void row.offsetWidth; row.classList.add('updated'); }
  }

  function popupHtml(device) {
    return '<strong>' + escapeHtml(device.id) + '</strong> (' + escapeHtml(device.kind) + ')<br>' + escapeHtml(formatValues(device.latest)) +
      '<br><small>' + (device.measuredAt ? escapeHtml(new Date(device.measuredAt).toLocaleString()) : 'no reading yet') +
      (device.locationApproximate ? '<br>location approximate (near its gateway)' : '') + '</small>';
  }

  function formatValues(values) {
    return Object.entries(values || {}).map(([k, v]) => k + ' ' + (Math.round(v * 100) / 100)).join(', ');
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  }

  function setConnection(status) {
    const element = $('connection');
    element.dataset.state = status;
    element.textContent = status;
  }

  async function connectHub() {
    if (state.hub) await state.hub.stop();
    state.hub = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/control-room', { accessTokenFactory: () => state.token })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (ctx) => Math.min(10000, 500 * 2 ** ctx.previousRetryCount) })
      .build();
    state.hub.on('reading', onReading);
    state.hub.onreconnecting(() => setConnection('reconnecting'));
    state.hub.onreconnected(() => { setConnection('live'); loadDevices(false).catch(console.warn); });
    state.hub.onclose(() => setConnection('offline'));
    await state.hub.start();
    setConnection('live');
  }

  $('login').addEventListener('submit', login);
  $('logout').addEventListener('click', logout);
  if (state.token) openRoom().catch(() => logout()); else logout();
})();
