"""The page a QR code on a printed certificate opens: no sign-in, no script, in the
reader's language (`?lang=`, else Accept-Language), with a link to the other ones."""

PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ _("CIPS certificate check") }}</title>
<style>
 body { font: 18px/1.5 system-ui, "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0;
        background: #f4f6f8; color: #111; }
 main { max-width: 36rem; margin: 2rem auto; background: #fff; padding: 1.5rem 2rem; border-radius: 8px;
        box-shadow: 0 1px 4px rgba(0,0,0,.15); }
 nav { float: right; font-size: .9rem; } nav a { margin-left: .6rem; }
 .verdict { font-size: 1.6rem; font-weight: 700; padding: .5rem .8rem; border-radius: 6px; }
 .valid { background: #d9f2df; color: #0b5d1e; } .invalid { background: #fbe0e0; color: #8a1010; }
 dt { font-weight: 600; margin-top: .6rem; } dd { margin: 0; }
</style></head>
<body><main>
<nav aria-label="{{ _('Language') }}">{% for code, name in languages %}{% if code != lang %}<a href="?lang={{ code }}" lang="{{ code }}" hreflang="{{ code }}">{{ name }}</a>{% endif %}{% endfor %}</nav>
<h1>{{ _("Certificate check") }}</h1>
{% if view %}
  {% if view.valid %}
  <p class="verdict valid" role="status">{{ _("Valid certificate") }}</p>
  {% else %}
  <p class="verdict invalid" role="status">{{ _("Not valid: %(status)s", status=status_label) }}</p>
  {% endif %}
  <dl>
    <dt>{{ _("Holder") }}</dt><dd translate="no">{{ view.holder }}</dd>
    <dt>{{ _("Grade") }}</dt><dd>{{ grade_label }}</dd>
    <dt>{{ _("Exam") }}</dt><dd>{% if has_exam %}<span translate="no">{{ view.exam }}</span>{% else %}{{ _("granted on record") }}{% endif %}{% if view.attempt %}{{ _(", attempt %(number)s", number=view.attempt) }}{% endif %}</dd>
    <dt>{{ _("Scanner kinds") }}</dt><dd>{{ kinds }}</dd>
    <dt>{{ _("Issued") }}</dt><dd>{{ issued }}</dd>
    <dt>{{ _("Valid until") }}</dt><dd>{{ expires }}</dd>
    <dt>{{ _("Code") }}</dt><dd translate="no">{{ view.code }}</dd>
  </dl>
{% else %}
  <p class="verdict invalid" role="status">{{ _("Unknown code") }}</p>
  <p>{{ _("No certificate has the code %(code)s. Check it was typed as printed.", code=code) }}</p>
{% endif %}
</main></body></html>
"""
