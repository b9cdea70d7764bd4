/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * options.c - trace flags: options/<flag> and trace_options, with their
 * names, order and defaults taken from the capture; also the tracer and
 * clock lists.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model-priv.h"
#include "setevent.h"

/* Options that belong to a tracer rather than to the core. */
static const struct {
	const char *name;
	const char *tracer;
} tracer_opts[] = {
	{ "test_nop_accept", "nop" },
	{ "test_nop_refuse", "nop" },
	{ "func_stack_trace", "function" },
	{ "func-no-repeats", "function" },
	{ "blk_classic", "blk" },
	{ "blk_cgroup", "blk" },
	{ "blk_cgname", "blk" },
};

static const char *tracer_of(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(tracer_opts); i++)
		if (!strcmp(tracer_opts[i].name, name))
			return tracer_opts[i].tracer;
	return NULL;
}

static char *capture_text(const char *path)
{
	g_autoptr(GBytes) b = tfm_capture_lookup(path);
	gsize len = 0;
	const char *d;

	if (!b)
		return g_strdup("");
	d = g_bytes_get_data(b, &len);
	return g_strndup(d, len);
}

/* Value of a captured options/<name> file: -1 if absent. */
static int capture_flag(const char *dir, const char *name)
{
	g_autofree char *path = g_strdup_printf("%s/options/%s", dir, name);
	g_autofree char *t = NULL;
	g_autoptr(GBytes) b = tfm_capture_lookup(path);

	if (!b)
		return -1;
	t = capture_text(path);
	return t[0] == '1';
}

static int find_def(GArray *defs, const char *name)
{
	for (guint i = 0; i < defs->len; i++)
		if (!strcmp(g_array_index(defs, struct tfm_optdef, i).name, name))
			return (int)i;
	return -1;
}

/* Core flags, in trace_options order, from one capture dir. */
static void add_core(GArray *defs, const char *dir, bool top)
{
	g_autofree char *path = g_strdup_printf("%s/trace_options", dir);
	g_autofree char *text = capture_text(path);
	g_auto(GStrv) lines = g_strsplit(text, "\n", -1);

	for (int i = 0; lines[i]; i++) {
		const char *l = lines[i];
		bool on = strncmp(l, "no", 2) != 0;
		const char *name = on ? l : l + 2;
		int idx;

		if (!*l || tracer_of(name))
			continue;
		/* "no..." names that really start with "no" do not exist */
		idx = find_def(defs, name);
		if (idx < 0) {
			struct tfm_optdef d = { .name = g_strdup(name) };

			g_array_append_val(defs, d);
			idx = (int)defs->len - 1;
		}
		if (top)
			g_array_index(defs, struct tfm_optdef, idx).def_top = on;
		else
			g_array_index(defs, struct tfm_optdef, idx).def_inst = on;
	}
}

static void add_tracer_opts(GArray *defs)
{
	for (size_t i = 0; i < G_N_ELEMENTS(tracer_opts); i++) {
		struct tfm_optdef d = {
			.name = g_strdup(tracer_opts[i].name),
			.tracer = tracer_opts[i].tracer,
		};
		int t = capture_flag("top-level", d.name);
		int n = capture_flag("instance-probe_demo", d.name);

		d.def_top = t > 0;
		d.def_inst = n > 0;
		g_array_append_val(defs, d);
	}
}

static char **word_list(const char *path)
{
	g_autofree char *text = capture_text(path);
	GPtrArray *out = g_ptr_array_new();
	g_auto(GStrv) words = g_strsplit_set(g_strstrip(text), " []", -1);

	for (int i = 0; words[i]; i++)
		if (*words[i])
			g_ptr_array_add(out, g_strdup(words[i]));
	if (!out->len)
		g_ptr_array_add(out, g_strdup("nop"));
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

/**
 * tfm_options_load - build the option, tracer and clock tables
 * @m: the model
 *
 * Return: 0 or -ENOMEM.
 */
int tfm_options_load(struct tfm_model *m)
{
	GArray *defs = g_array_new(FALSE, TRUE, sizeof(struct tfm_optdef));

	add_core(defs, "top-level", true);
	add_core(defs, "instance-probe_demo", false);
	add_tracer_opts(defs);
	m->options.nr = defs->len;
	m->options.defs = (struct tfm_optdef *)g_array_free(defs, FALSE);
	m->tracers = word_list("top-level/available_tracers");
	m->inst_tracers = word_list("instance-probe_demo/available_tracers");
	return m->options.nr > 64 ? -EINVAL : 0;
}

/**
 * tfm_options_free - free what tfm_options_load() built
 * @m: the model
 */
void tfm_options_free(struct tfm_model *m)
{
	for (size_t i = 0; i < m->options.nr; i++)
		g_free((char *)m->options.defs[i].name);
	g_free(m->options.defs);
	m->options.defs = NULL;
	g_strfreev(m->tracers);
	g_strfreev(m->inst_tracers);
}

/**
 * tfm_options_default - Return: the default flag bits of a trace array.
 * @m: the model
 * @top: the top level (else an instance)
 */
uint64_t tfm_options_default(const struct tfm_model *m, bool top)
{
	uint64_t bits = 0;

	for (size_t i = 0; i < m->options.nr; i++)
		if (top ? m->options.defs[i].def_top : m->options.defs[i].def_inst)
			bits |= 1ull << i;
	return bits;
}

/**
 * tfm_option_index - Return: the index of option @name, or -1.
 * @m: the model
 * @name: the option name
 */
int tfm_option_index(const struct tfm_model *m, const char *name)
{
	for (size_t i = 0; i < m->options.nr; i++)
		if (!strcmp(m->options.defs[i].name, name))
			return (int)i;
	return -1;
}

/**
 * tfm_option_get - Return: whether flag @name is set in @ta (lock held).
 * @ta: the trace array
 * @name: the option name
 */
bool tfm_option_get(const struct tfm_trace_array *ta, const char *name)
{
	int i = tfm_option_index(ta->m, name);

	return i >= 0 && (ta->opts & (1ull << i));
}

/* Set flag @idx; a tracer may refuse (nop's test_nop_refuse). */
static int set_flag(struct tfm_trace_array *ta, int idx, bool on)
{
	const struct tfm_optdef *d = &ta->m->options.defs[idx];

	if (!!(ta->opts & (1ull << idx)) == on)
		return 0;
	if (on && !strcmp(d->name, "test_nop_refuse"))
		return -EINVAL;
	if (on)
		ta->opts |= 1ull << idx;
	else
		ta->opts &= ~(1ull << idx);
	return 0;
}

/* ---- options/<flag> ---- */

/*
 * options/ files do not pin the instance: rmdir succeeds while one is
 * open, and the file then keeps reading the flag's last value.  Release
 * (at close, or when the instance goes) stores that value in of->priv
 * (OPT_KEPT | value); reads use it from then on.
 */
#define OPT_KEPT	2u

static struct tfm_model *opt_model(struct kernfs_open_file *of)
{
	return kernfs_root_priv(kernfs_root(of->kn));
}

static int opt_open(struct kernfs_open_file *of)
{
	of->priv = NULL;
	return 0;
}

static void opt_release(struct kernfs_open_file *of)
{
	struct tfm_model *m = opt_model(of);
	struct tfm_trace_array *ta;

	tfm_lock(m);
	ta = tfm_tref_of(of)->ta;
	of->priv = GUINT_TO_POINTER(OPT_KEPT |
				    tfm_option_get(ta, of->kn->name));
	tfm_unlock(m);
}

static ssize_t opt_read(struct kernfs_open_file *of, char *buf, size_t n,
			loff_t pos)
{
	struct tfm_model *m = opt_model(of);
	unsigned int kept;
	char text[4];
	bool on;

	tfm_lock(m);
	kept = GPOINTER_TO_UINT(of->priv);
	if (kept & OPT_KEPT)
		on = kept & 1;
	else
		on = tfm_option_get(tfm_tref_of(of)->ta, of->kn->name);
	tfm_unlock(m);
	snprintf(text, sizeof(text), "%d\n", on);
	return tfm_read_text(text, 2, buf, n, pos);
}

static ssize_t opt_write(struct kernfs_open_file *of, char *buf, size_t len,
			 loff_t pos)
{
	struct tfm_model *m = opt_model(of);
	int idx = tfm_option_index(m, of->kn->name);
	struct tfm_trace_array *ta;
	unsigned long val;
	int ret = tfm_kstrtoul_from_user(buf, len, 10, &val);

	if (ret)
		return ret;
	if (val > 1 || idx < 0)
		return -EINVAL;
	tfm_lock(m);
	if (GPOINTER_TO_UINT(of->priv) & OPT_KEPT) {
		tfm_unlock(m);
		return -ENODEV;
	}
	ta = tfm_tref_of(of)->ta;
	ret = set_flag(ta, idx, val);
	tfm_data_sync_opts(ta);
	tfm_unlock(m);
	return ret ? ret : (ssize_t)len;
}

const struct kernfs_ops tfm_option_file_ops = {
	.open = opt_open,
	.release = opt_release,
	.read = opt_read,
	.write = opt_write,
	.orphan_ok = true,
};

/* ---- trace_options ---- */

static int trace_options_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	struct tfm_trace_array *ta = tfm_tref_of(of)->ta;
	const struct tfm_options_table *t = &ta->m->options;
	const char *tracer;

	tfm_lock(ta->m);
	tracer = tfm_tracer_name(ta);
	for (size_t i = 0; i < t->nr; i++) {
		if (t->defs[i].tracer && strcmp(t->defs[i].tracer, tracer))
			continue;
		seq_printf(sf, "%s%s\n", ta->opts & (1ull << i) ? "" : "no",
			   t->defs[i].name);
	}
	tfm_unlock(ta->m);
	return 0;
}

static ssize_t trace_options_write(struct kernfs_open_file *of, char *buf,
				   size_t len, loff_t pos)
{
	struct tfm_trace_array *ta = tfm_tref_of(of)->ta;
	const struct tfm_optdef *d;
	g_autofree char *s = NULL;
	const char *name;
	bool on;
	int idx, ret;

	if (len >= 64)
		return -EINVAL;
	s = tfm_strim_dup(buf, len, 63);
	on = strncmp(s, "no", 2) != 0;
	name = on ? s : s + 2;
	tfm_lock(ta->m);
	idx = tfm_option_index(ta->m, name);
	d = idx >= 0 ? &ta->m->options.defs[idx] : NULL;
	/* tracer options are only known while their tracer is current */
	if (!d || (d->tracer && strcmp(d->tracer, tfm_tracer_name(ta))))
		ret = -EINVAL;
	else
		ret = set_flag(ta, idx, on);
	tfm_data_sync_opts(ta);
	tfm_unlock(ta->m);
	return ret ? ret : (ssize_t)len;
}

const struct kernfs_ops tfm_trace_options_ops = {
	.open = tfm_open_ref,
	.release = tfm_release_ref,
	.seq_show = trace_options_show,
	.write = trace_options_write,
	.llseek = tfm_seq_llseek,
};
