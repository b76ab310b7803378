// Live reading as the user types: asks the JSON API (debounced) and redraws the token table, the answer
// and the chart. The page works without this script: the form submits and the server renders the table.
(() => {
  const form = document.getElementById('form');
  const input = document.getElementById('q');
  const output = document.getElementById('output');
  const chartBox = document.getElementById('chart-box');
  let chart;
  let timer;
  let latest = 0;

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  };

  function renderError(error) {
    const where = error.token !== undefined ? ` — word ${error.position + 1}: “${error.token}”` : '';
    output.replaceChildren(el('p', { class: 'error', id: 'error' }, error.message + where));
    chartBox.hidden = true;
  }

  function renderResult(r) {
    const head = r.model.head;
    const answer = el('div', { class: `answer ${r.agrees ? 'agree' : 'disagree'}`, id: 'answer' },
      el('div', {}, el('span', { class: 'label' }, 'network'), ' ', el('strong', { id: 'rounded' }, r.rounded), ' ', el('span', { class: 'raw' }, `(${r.value})`)),
      el('div', {}, el('span', { class: 'label' }, 'grammar'), ' ', el('strong', { id: 'reference' }, r.reference)),
      el('div', { class: 'verdict', id: 'verdict' }, r.agrees ? '✓ they agree' : '✗ the network disagrees with the grammar'));
    const extra = head === 'accumulator' ? 'what the head did' : head === 'nalu' ? 'gate (1 = add, 0 = multiply)' : null;
    const headRow = el('tr', {}, el('th', {}, '#'), el('th', {}, 'token'), el('th', {}, "network's running value"), el('th', {}, "grammar's running value"));
    if (extra) headRow.append(el('th', {}, extra));
    const body = el('tbody');
    r.steps.forEach((s, i) => {
      const t = r.tokens[i];
      const token = el('td', { class: 'token' }, s.token);
      if (t && t.corrected) token.append(' ', el('span', { class: 'corrected', title: 'typo corrected' }, `(from “${t.text}”)`));
      const row = el('tr', { class: s.agrees ? '' : 'off' }, el('td', {}, i + 1), token, el('td', { class: 'num' }, s.value), el('td', { class: 'num' }, s.reference));
      if (head === 'accumulator' && s.ops) row.append(el('td', { class: 'ops' }, s.ops.summary));
      else if (head === 'nalu') row.append(el('td', { class: 'num' }, s.gate));
      body.append(row);
    });
    const table = el('table', { id: 'steps' }, el('thead', {}, headRow), body);
    output.replaceChildren(answer, el('div', { class: 'table-wrap' }, table));
    drawChart(r);
  }

  function drawChart(r) {
    if (!window.Chart) return;
    chartBox.hidden = false;
    const labels = r.steps.map((s, i) => `${i + 1}. ${s.token}`);
    const data = {
      labels,
      datasets: [
        { label: 'network', data: r.steps.map((s) => s.value), borderColor: '#2a5bd7', backgroundColor: '#2a5bd7', tension: 0 },
        { label: 'grammar', data: r.steps.map((s) => s.reference), borderColor: '#1d7a46', backgroundColor: '#1d7a46', borderDash: [6, 4], tension: 0 },
      ],
    };
    if (chart) {
      chart.data = data;
      chart.update();
    } else {
      chart = new window.Chart(document.getElementById('chart'), { type: 'line', data, options: { animation: false, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } } });
    }
  }

  async function read(phrase) {
    const id = ++latest;
    if (phrase.trim() === '') {
      output.replaceChildren();
      chartBox.hidden = true;
      return;
    }
    try {
      const res = await fetch(`/api/predict?q=${encodeURIComponent(phrase)}`);
      const body = await res.json();
      if (id !== latest) return; // a newer keystroke has already asked
      if (body.error) renderError(body.error);
      else renderResult(body);
      history.replaceState(null, '', `/?q=${encodeURIComponent(phrase)}`);
    } catch {
      if (id === latest) renderError({ message: 'the server did not answer' });
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => read(input.value), 200);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    read(input.value);
  });
  document.querySelectorAll('.example').forEach((a) => a.addEventListener('click', (event) => {
    event.preventDefault();
    input.value = a.dataset.phrase;
    read(input.value);
  }));
  if (input.value.trim() !== '') read(input.value);
})();
