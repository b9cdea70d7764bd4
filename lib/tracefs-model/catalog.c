/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * catalog.c - load an events catalog (doc/catalog-format.md) into an
 * immutable model of systems and events.
 *
 * The catalog text is kept as one GBytes (the embedded resource needs no
 * copy); event formats point into it. Field lists are parsed on first
 * use, once per event, thread-safely.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "catalog.h"

#define VERSION_LINE	"# tracefs events catalog v1"
#define VERSION_STEM	"# tracefs events catalog v"
#define MAX_TOKENS	8
#define MAX_ID		65535u

struct tok {
	const char *s;
	size_t len;
};

struct parser {
	const char *name;
	const char *p, *end;
	size_t lineno;			/* number of the line last read */
	GError **error;
	GStringChunk *strings;
	GArray *systems;		/* struct tfm_system */
	GArray *events;			/* struct tfm_event */
	GArray *ev_sys;			/* guint: system index per event */
	GHashTable *sys_idx;		/* name -> index + 1 */
	GPtrArray *ev_idx;		/* per system: name -> event index + 1 */
	GHashTable *ids;		/* id -> event index + 1 */
	GArray *order;			/* guint event indexes, or NULL */
};

static const char *const file_names[] = {
	"enable", "filter", "trigger", "format",
	"id", "hist", "hist_debug", "inject",
};

/*
 * tfm_catalog_error_quark - the GError domain of catalog and layout errors.
 * Return: the quark; error codes are positive errno values.
 */
G_DEFINE_QUARK(tfm-catalog-error-quark, tfm_catalog_error)

static bool tok_is(const struct tok *t, const char *lit)
{
	return t->len == strlen(lit) && !memcmp(t->s, lit, t->len);
}

/* A printable, single-line copy of a token for messages. */
static char *tok_show(const char *s, size_t len)
{
	g_autofree char *raw = g_strndup(s, MIN(len, (size_t)64));

	return g_strescape(raw, NULL);
}

G_GNUC_PRINTF(3, 4)
static int fail(struct parser *ps, size_t line, const char *fmt, ...)
{
	g_autofree char *msg = NULL;
	va_list ap;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_set_error(ps->error, TFM_CATALOG_ERROR, EINVAL, "%s:%zu: %s",
		    ps->name, line, msg);
	return -EINVAL;
}

/* Read the next line (without its newline); false at end of input. */
static bool next_line(struct parser *ps, const char **line, size_t *len,
		      bool *has_nl)
{
	const char *nl;

	if (ps->p >= ps->end)
		return false;
	nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
	*line = ps->p;
	*len = nl ? (size_t)(nl - ps->p) : (size_t)(ps->end - ps->p);
	*has_nl = nl != NULL;
	ps->p += *len + (nl ? 1 : 0);
	ps->lineno++;
	return true;
}

static int tokenize(const char *line, size_t len, struct tok *t)
{
	const char *p = line, *end = line + len;
	int n = 0;

	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		if (n == MAX_TOKENS)
			return MAX_TOKENS + 1;
		t[n].s = p;
		while (p < end && *p != ' ')
			p++;
		t[n].len = (size_t)(p - t[n].s);
		n++;
	}
	return n;
}

static bool valid_name(const char *s, size_t len)
{
	if (!len || len > 255 || (len == 1 && s[0] == '.') ||
	    (len == 2 && s[0] == '.' && s[1] == '.'))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= ' ' || c == 0x7f || c == '/' || c == ':')
			return false;
	}
	return true;
}

/* Look a name of at most 255 bytes up in a string-keyed table. */
static gpointer lookup_len(GHashTable *h, const char *s, size_t len)
{
	char buf[256];

	if (len >= sizeof(buf))
		return NULL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return g_hash_table_lookup(h, buf);
}

/* Parse "key=value": check the key, return the value. */
static bool tok_value(const struct tok *t, const char *key, struct tok *val)
{
	size_t k = strlen(key);

	if (t->len <= k || memcmp(t->s, key, k) || t->s[k] != '=')
		return false;
	val->s = t->s + k + 1;
	val->len = t->len - k - 1;
	return true;
}

static bool parse_num(const struct tok *t, size_t max, size_t *val)
{
	size_t v = 0;

	if (!t->len || t->len > 12)
		return false;
	for (size_t i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9')
			return false;
		v = v * 10 + (size_t)(t->s[i] - '0');
	}
	if (v > max)
		return false;
	*val = v;
	return true;
}

static int parse_files(struct parser *ps, const struct tok *v, bool system,
		       uint32_t *files)
{
	const char *p = v->s, *end = v->s + v->len;

	*files = 0;
	if (tok_is(v, "-"))
		return 0;
	while (p <= end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		size_t n = c ? (size_t)(c - p) : (size_t)(end - p);
		g_autofree char *show = tok_show(p, n);
		size_t i;

		for (i = 0; i < G_N_ELEMENTS(file_names); i++)
			if (strlen(file_names[i]) == n &&
			    !memcmp(file_names[i], p, n))
				break;
		if (i == G_N_ELEMENTS(file_names))
			return fail(ps, ps->lineno, "bad files= entry '%s'",
				    show);
		if (*files & (1u << i))
			return fail(ps, ps->lineno,
				    "duplicate files= entry '%s'", show);
		if (system && !((1u << i) & TFM_EF_SYSTEM_MASK))
			return fail(ps, ps->lineno,
				    "bad files= entry '%s' for a system (only enable and filter)",
				    show);
		*files |= 1u << i;
		if (!c)
			break;
		p = c + 1;
	}
	return 0;
}

static int parse_system(struct parser *ps, struct tok *t, int n)
{
	struct tfm_system sys = { 0 };
	struct tok v;
	int ret;

	if (n != 3 || !tok_value(&t[2], "files", &v))
		return fail(ps, ps->lineno,
			    "expected 'system <name> files=<list>'");
	if (!valid_name(t[1].s, t[1].len))
		return fail(ps, ps->lineno, "bad system name");
	ret = parse_files(ps, &v, true, &sys.files);
	if (ret)
		return ret;
	sys.name = g_string_chunk_insert_len(ps->strings, t[1].s,
					     (gssize)t[1].len);
	if (g_hash_table_contains(ps->sys_idx, sys.name))
		return fail(ps, ps->lineno, "duplicate system '%s'", sys.name);
	g_ptr_array_add(ps->ev_idx, g_hash_table_new(g_str_hash, g_str_equal));
	g_array_append_val(ps->systems, sys);
	g_hash_table_insert(ps->sys_idx, (char *)sys.name,
			    GUINT_TO_POINTER(ps->systems->len));
	return 0;
}

/* Read the @nr format lines that follow an event header. */
static int read_format(struct parser *ps, const char *what, size_t nr,
		       struct tfm_event *ev)
{
	size_t header = ps->lineno;
	const char *start = ps->p, *line;
	size_t len;
	bool nl = true;

	for (size_t i = 0; i < nr; i++) {
		if (!next_line(ps, &line, &len, &nl) || !nl)
			return fail(ps, header,
				    "%s: file ends after %zu of %zu format lines",
				    what, i, nr);
		if (memchr(line, '\0', len))
			return fail(ps, ps->lineno, "NUL byte in line");
	}
	if (ps->p - start > (ptrdiff_t)UINT32_MAX)
		return fail(ps, header, "%s: format too long", what);
	ev->format = start;
	ev->format_len = (uint32_t)(ps->p - start);
	if (!next_line(ps, &line, &len, &nl))
		return fail(ps, ps->lineno + 1,
			    "%s: missing 'end' after %zu format lines (end of file)",
			    what, nr);
	if (len != 3 || memcmp(line, "end", 3))
		return fail(ps, ps->lineno,
			    "%s: expected 'end' after %zu format lines (lines= does not match)",
			    what, nr);
	return 0;
}

/* The format must start with "name: <event>" and "ID: <id>". */
static int check_format_header(struct parser *ps, size_t header,
			       const char *what, struct tfm_event *ev,
			       size_t want_id)
{
	const char *f = ev->format, *end = f + ev->format_len, *nl;
	size_t n = strlen(ev->name), id;
	struct tok t;

	nl = memchr(f, '\n', (size_t)(end - f));
	if (!nl || (size_t)(nl - f) != 6 + n || memcmp(f, "name: ", 6) ||
	    memcmp(f + 6, ev->name, n))
		return fail(ps, header + 1,
			    "%s: format does not start with 'name: %s'",
			    what, ev->name);
	f = nl + 1;
	nl = memchr(f, '\n', (size_t)(end - f));
	t.s = f + 4;
	t.len = nl && nl - f > 4 ? (size_t)(nl - t.s) : 0;
	if (!nl || memcmp(f, "ID: ", 4) || !parse_num(&t, MAX_ID, &id) || !id)
		return fail(ps, header + 2, "%s: format has no valid 'ID:' line",
			    what);
	if (want_id && id != want_id)
		return fail(ps, header + 2,
			    "%s: format says ID %zu but id=%zu", what, id,
			    want_id);
	ev->id = (uint32_t)id;
	return 0;
}

static int check_event_id(struct parser *ps, size_t header, const char *what,
			  const struct tfm_event *ev)
{
	gpointer prev = g_hash_table_lookup(ps->ids, GUINT_TO_POINTER(ev->id));

	if (prev) {
		guint i = GPOINTER_TO_UINT(prev) - 1;
		const struct tfm_event *o =
			&g_array_index(ps->events, struct tfm_event, i);
		const struct tfm_system *s = &g_array_index(ps->systems,
			struct tfm_system, g_array_index(ps->ev_sys, guint, i));

		return fail(ps, header, "%s: duplicate id %u (also %s/%s)",
			    what, ev->id, s->name, o->name);
	}
	g_hash_table_insert(ps->ids, GUINT_TO_POINTER(ev->id),
			    GUINT_TO_POINTER(ps->events->len + 1));
	return 0;
}

/* Check the format text; on success add the event. */
static int add_event(struct parser *ps, size_t header, const char *what,
		     struct tfm_event *ev, guint sys_i, size_t want_id)
{
	size_t bad;
	int ret;

	ret = check_format_header(ps, header, what, ev, want_id);
	if (ret)
		return ret;
	if (tfm_format_check(ev->format, ev->format_len, &bad))
		return fail(ps, header + 1 + bad, "%s: malformed field line",
			    what);
	ret = check_event_id(ps, header, what, ev);
	if (ret)
		return ret;
	g_array_append_val(ps->events, *ev);
	g_array_append_val(ps->ev_sys, sys_i);
	g_hash_table_insert(ps->ev_idx->pdata[sys_i], (char *)ev->name,
			    GUINT_TO_POINTER(ps->events->len));
	return 0;
}

static int parse_event(struct parser *ps, struct tok *t, int n)
{
	struct tfm_event ev = { 0 };
	struct tok idv, fv, lv;
	size_t header = ps->lineno, id = 0, nr;
	g_autofree char *what = NULL;
	gpointer si;
	int ret;

	if (n != 6 || !tok_value(&t[3], "id", &idv) ||
	    !tok_value(&t[4], "files", &fv) || !tok_value(&t[5], "lines", &lv))
		return fail(ps, header,
			    "expected 'event <system> <event> id=<n|-> files=<list> lines=<n>'");
	if (!valid_name(t[1].s, t[1].len) || !valid_name(t[2].s, t[2].len))
		return fail(ps, header, "bad system or event name");
	what = g_strdup_printf("%.*s/%.*s", (int)t[1].len, t[1].s,
			       (int)t[2].len, t[2].s);
	si = lookup_len(ps->sys_idx, t[1].s, t[1].len);
	if (!si)
		return fail(ps, header, "%s: system not declared", what);
	if (g_hash_table_contains(ps->ev_idx->pdata[GPOINTER_TO_UINT(si) - 1],
				  what + t[1].len + 1))
		return fail(ps, header, "duplicate event '%s'", what);
	ret = parse_files(ps, &fv, false, &ev.files);
	if (ret)
		return ret;
	if (!(ev.files & TFM_EF_FORMAT))
		return fail(ps, header, "%s: files= must include format", what);
	if (!tok_is(&idv, "-") && (!parse_num(&idv, MAX_ID, &id) || !id))
		return fail(ps, header, "%s: bad id= (1..%u or -)", what,
			    MAX_ID);
	if (!id != !(ev.files & TFM_EF_ID))
		return fail(ps, header,
			    "%s: id= must be a number exactly when files= lists id",
			    what);
	if (!parse_num(&lv, (size_t)(ps->end - ps->p), &nr))
		return fail(ps, header, "%s: bad lines= count", what);
	ev.name = g_string_chunk_insert(ps->strings, what + t[1].len + 1);
	ret = read_format(ps, what, nr, &ev);
	if (ret)
		return ret;
	return add_event(ps, header, what, &ev, GPOINTER_TO_UINT(si) - 1, id);
}

/* Resolve "system:event" to an event index + 1, or 0. */
static guint order_lookup(struct parser *ps, const char *line, size_t len)
{
	const char *colon = memchr(line, ':', len);
	gpointer si;

	if (!colon)
		return 0;
	si = lookup_len(ps->sys_idx, line, (size_t)(colon - line));
	if (!si)
		return 0;
	return GPOINTER_TO_UINT(lookup_len(
		ps->ev_idx->pdata[GPOINTER_TO_UINT(si) - 1], colon + 1,
		(size_t)(line + len - colon - 1)));
}

static int parse_order_lines(struct parser *ps, size_t header, size_t nr)
{
	g_autofree guint8 *seen = g_new0(guint8, ps->events->len + 1);
	const char *line;
	size_t len;
	bool nl;

	for (size_t i = 0; i < nr; i++) {
		g_autofree char *show = NULL;
		guint ev;

		if (!next_line(ps, &line, &len, &nl))
			return fail(ps, header,
				    "order: file ends after %zu of %zu lines",
				    i, nr);
		ev = memchr(line, '\0', len) ? 0 : order_lookup(ps, line, len);
		show = tok_show(line, len);
		if (!ev)
			return fail(ps, ps->lineno, "order: unknown event '%s'",
				    show);
		if (seen[ev]++)
			return fail(ps, ps->lineno, "order: duplicate '%s'",
				    show);
		ev--;
		g_array_append_val(ps->order, ev);
	}
	if (!next_line(ps, &line, &len, &nl))
		return fail(ps, ps->lineno + 1,
			    "order: missing 'end' (end of file)");
	if (len != 3 || memcmp(line, "end", 3))
		return fail(ps, ps->lineno,
			    "order: expected 'end' after %zu lines (lines= does not match)",
			    nr);
	return 0;
}

static int parse_order(struct parser *ps, struct tok *t, int n)
{
	struct tok lv;
	size_t nr;

	if (ps->order)
		return fail(ps, ps->lineno, "duplicate order record");
	if (n != 2 || !tok_value(&t[1], "lines", &lv) ||
	    !parse_num(&lv, (size_t)(ps->end - ps->p), &nr))
		return fail(ps, ps->lineno, "expected 'order lines=<n>'");
	ps->order = g_array_new(FALSE, FALSE, sizeof(guint));
	return parse_order_lines(ps, ps->lineno, nr);
}

static int check_version(struct parser *ps)
{
	const char *line;
	size_t len, v = strlen(VERSION_LINE);
	bool nl;

	if (!next_line(ps, &line, &len, &nl))
		return fail(ps, 1, "empty file (missing '%s')", VERSION_LINE);
	if (len >= v && !memcmp(line, VERSION_LINE, v) &&
	    (len == v || line[v] == ' ') && !memchr(line, '\0', len))
		return 0;
	if (len >= strlen(VERSION_STEM) &&
	    !memcmp(line, VERSION_STEM, strlen(VERSION_STEM)))
		return fail(ps, 1, "unsupported catalog version");
	return fail(ps, 1, "missing version line '%s'", VERSION_LINE);
}

static int parse_all(struct parser *ps)
{
	struct tok t[MAX_TOKENS];
	const char *line;
	size_t len;
	bool nl;
	int n, ret = check_version(ps);

	while (!ret && next_line(ps, &line, &len, &nl)) {
		g_autofree char *show = NULL;

		if (memchr(line, '\0', len))
			return fail(ps, ps->lineno, "NUL byte in line");
		n = tokenize(line, len, t);
		if (!n || line[0] == '#')
			continue;
		if (n > MAX_TOKENS)
			return fail(ps, ps->lineno, "too many words");
		if (ps->order && (tok_is(&t[0], "system") ||
				  tok_is(&t[0], "event")))
			return fail(ps, ps->lineno,
				    "system and event records must come before the order record");
		if (tok_is(&t[0], "system"))
			ret = parse_system(ps, t, n);
		else if (tok_is(&t[0], "event"))
			ret = parse_event(ps, t, n);
		else if (tok_is(&t[0], "order"))
			ret = parse_order(ps, t, n);
		else {
			show = tok_show(t[0].s, t[0].len);
			ret = fail(ps, ps->lineno, "unknown keyword '%s'", show);
		}
	}
	return ret;
}

/* Move the parsed arrays into @cat and link them. */
static void build_model(struct parser *ps, struct tfm_catalog *cat)
{
	struct tfm_system *sys;
	struct tfm_event *evs;
	g_autoptr(GArray) order = g_steal_pointer(&ps->order);

	cat->nr_systems = ps->systems->len;
	cat->nr_events = ps->events->len;
	sys = (struct tfm_system *)g_array_free(g_steal_pointer(&ps->systems),
						FALSE);
	evs = (struct tfm_event *)g_array_free(g_steal_pointer(&ps->events),
					       FALSE);
	cat->systems = sys;
	cat->events = evs;
	for (size_t i = 0; i < cat->nr_events; i++) {
		struct tfm_system *s = &sys[g_array_index(ps->ev_sys, guint, i)];

		evs[i].system = s;
		s->nr_events++;
	}
	cat->strings = g_steal_pointer(&ps->strings);
	cat->sys_by_name = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; i < cat->nr_systems; i++)
		g_hash_table_insert(cat->sys_by_name, (char *)sys[i].name,
				    &sys[i]);
	tfm_catalog_apply_order(cat, order ? (const guint *)(void *)order->data : NULL,
		    order ? order->len : 0);
	tfm_catalog_sort_names(cat, sys);
}

static void parser_clear(struct parser *ps)
{
	if (ps->systems)
		g_array_free(ps->systems, TRUE);
	g_ptr_array_unref(ps->ev_idx);
	if (ps->events)
		g_array_free(ps->events, TRUE);
	g_array_free(ps->ev_sys, TRUE);
	g_hash_table_unref(ps->sys_idx);
	g_hash_table_unref(ps->ids);
	if (ps->order)
		g_array_free(ps->order, TRUE);
	if (ps->strings)
		g_string_chunk_free(ps->strings);
}

/*
 * tfm_catalog_load_bytes - load a catalog from bytes that the catalog
 * keeps a reference to (formats point into them).
 * @bytes: the catalog text
 * @name: name used in error messages ("<name>:<line>: ...")
 * @out: receives the catalog; free it with tfm_catalog_free()
 * @error: receives a one-line message on failure (may be NULL)
 *
 * Return: 0, or -EINVAL (syntax or consistency error) with *@out NULL.
 */
int tfm_catalog_load_bytes(GBytes *bytes, const char *name,
			   struct tfm_catalog **out, GError **error)
{
	struct parser ps = { 0 };
	struct tfm_catalog *cat;
	size_t len;
	int ret;

	*out = NULL;
	ps.name = name ? name : "<catalog>";
	ps.p = g_bytes_get_data(bytes, &len);
	if (!ps.p)
		ps.p = "";	/* an empty GBytes has no data pointer */
	ps.end = ps.p + len;
	ps.error = error;
	ps.strings = g_string_chunk_new(4096);
	ps.systems = g_array_new(FALSE, TRUE, sizeof(struct tfm_system));
	ps.events = g_array_new(FALSE, TRUE, sizeof(struct tfm_event));
	ps.ev_sys = g_array_new(FALSE, FALSE, sizeof(guint));
	ps.sys_idx = g_hash_table_new(g_str_hash, g_str_equal);
	ps.ev_idx = g_ptr_array_new_with_free_func(
		(GDestroyNotify)g_hash_table_unref);
	ps.ids = g_hash_table_new(g_direct_hash, g_direct_equal);
	ret = len ? parse_all(&ps) : fail(&ps, 1, "empty file (missing '%s')",
					  VERSION_LINE);
	if (ret) {
		parser_clear(&ps);
		return ret;
	}
	cat = g_new0(struct tfm_catalog, 1);
	cat->name = g_strdup(ps.name);
	cat->bytes = g_bytes_ref(bytes);
	build_model(&ps, cat);
	parser_clear(&ps);
	*out = cat;
	return 0;
}

/*
 * tfm_catalog_load_data - load a catalog from a text buffer (copied).
 * @text: catalog text, @len bytes (need not be NUL-terminated)
 * @name: name used in error messages
 * @out: receives the catalog; free it with tfm_catalog_free()
 * @error: receives "<name>:<line>: <problem>" on failure (may be NULL)
 *
 * Return: 0, or -EINVAL with *@out NULL.
 */
int tfm_catalog_load_data(const char *text, size_t len, const char *name,
			  struct tfm_catalog **out, GError **error)
{
	g_autoptr(GBytes) bytes = NULL;

	if (!text && len) {
		*out = NULL;
		return -EINVAL;
	}
	bytes = g_bytes_new(text, len);
	return tfm_catalog_load_bytes(bytes, name, out, error);
}
