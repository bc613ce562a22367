"""The page a QR code on a printed certificate opens: no sign-in, no script."""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CIPS certificate check</title>
<style>
 body { font: 18px/1.5 system-ui, sans-serif; margin: 0; background: #f4f6f8; color: #111; }
 main { max-width: 36rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px;
        box-shadow: 0 1px 4px rgba(0,0,0,.15); }
 .verdict { font-size: 1.6rem; font-weight: 700; padding: .5rem .8rem; border-radius: 6px; }
 .valid { background: #d9f2df; color: #0b5d1e; } .invalid { background: #fbe0e0; color: #8a1010; }
 dt { font-weight: 600; margin-top: .6rem; } dd { margin: 0; }
</style></head>
<body><main>
<h1>Certificate check</h1>
{% if view %}
  {% if view.valid %}
  <p class="verdict valid" role="status">Valid certificate</p>
  {% else %}
  <p class="verdict invalid" role="status">Not valid: {{ view.status }}</p>
  {% endif %}
  <dl>
    <dt>Holder</dt><dd>{{ view.holder }}</dd>
    <dt>Grade</dt><dd>{{ view.grade }}</dd>
    <dt>Exam</dt><dd>{{ view.exam }}{% if view.attempt %}, attempt {{ view.attempt }}{% endif %}</dd>
    <dt>Scanner kinds</dt><dd>{{ view.scanner_kinds | join(", ") }}</dd>
    <dt>Issued</dt><dd>{{ view.issued_at[:10] }}</dd>
    <dt>Valid until</dt><dd>{{ view.expires_at[:10] }}</dd>
    <dt>Code</dt><dd>{{ view.code }}</dd>
  </dl>
{% else %}
  <p class="verdict invalid" role="status">Unknown code</p>
  <p>No certificate has the code <strong>{{ code }}</strong>. Check it was typed as printed.</p>
{% endif %}
</main></body></html>
"""
