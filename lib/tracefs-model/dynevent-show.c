/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dynevent-show.c - what a uprobe shows when read back: its line in
 * uprobe_events/dynamic_events and uprobe_profile, the event's print fmt,
 * `format` file and field list, and error_log entries.
 */
#include "dynevent-priv.h"

#include <string.h>

#include <glib.h>

#define CMD_PREFIX		"  Command: "

char *tfm_dynevent_line(const struct tfm_dynevent_probe *p)
{
	GString *s = g_string_new(NULL);

	g_string_append_printf(s, "%c:%s/%s %s:0x%016lx",
			       p->is_return ? 'r' : 'p', p->group, p->event,
			       p->path, p->offset);
	if (p->ref_ctr)
		g_string_append_printf(s, "(0x%lx)", p->ref_ctr);
	for (unsigned int i = 0; i < p->nr_args; i++)
		g_string_append_printf(s, " %s=%s", p->args[i].name,
				       p->args[i].comm);
	g_string_append_c(s, '\n');
	return g_string_free(s, FALSE);
}

char *tfm_dynevent_profile_line(const struct tfm_dynevent_probe *p,
				unsigned long nhit)
{
	return g_strdup_printf("  %s %-44s %15lu\n", p->path, p->event, nhit);
}

/* " NAME=FMT" or " NAME={FMT,FMT,...}" for one argument */
static void append_arg_fmt(GString *s, const struct tfm_dynevent_arg *a)
{
	g_string_append_printf(s, " %s=", a->name);
	if (!a->count) {
		g_string_append(s, a->type->fmt);
		return;
	}
	g_string_append_c(s, '{');
	for (unsigned int j = 0; j < a->count; j++) {
		if (j)
			g_string_append_c(s, ',');
		g_string_append(s, a->type->fmt);
	}
	g_string_append_c(s, '}');
}

/* ", REC->NAME[J]" or ", __get_str(NAME[J])"; @j is unused for scalars */
static void append_arg_ref(GString *s, const struct tfm_dynevent_arg *a,
			   unsigned int j)
{
	g_string_append(s, a->type->is_string ? ", __get_str(" : ", REC->");
	g_string_append(s, a->name);
	if (a->count)
		g_string_append_printf(s, "[%u]", j);
	if (a->type->is_string)
		g_string_append_c(s, ')');
}

char *tfm_dynevent_print_fmt(const struct tfm_dynevent_probe *p)
{
	GString *s = g_string_new("\"");

	g_string_append(s, p->is_return ? "(%lx <- %lx)" : "(%lx)");
	for (unsigned int i = 0; i < p->nr_args; i++)
		append_arg_fmt(s, &p->args[i]);
	g_string_append(s, p->is_return ?
			   "\", REC->__probe_func, REC->__probe_ret_ip" :
			   "\", REC->__probe_ip");
	for (unsigned int i = 0; i < p->nr_args; i++) {
		const struct tfm_dynevent_arg *a = &p->args[i];

		if (!a->count)
			append_arg_ref(s, a, 0);
		for (unsigned int j = 0; j < a->count; j++)
			append_arg_ref(s, a, j);
	}
	return g_string_free(s, FALSE);
}

static const struct tfm_field common_fields[] = {
	{ "unsigned short", "common_type", 0, 2, false, TFM_FIELD_NUMERIC },
	{ "unsigned char", "common_flags", 2, 1, false, TFM_FIELD_NUMERIC },
	{ "unsigned char", "common_preempt_count", 3, 1, false,
	  TFM_FIELD_NUMERIC },
	{ "int", "common_pid", 4, 4, true, TFM_FIELD_NUMERIC },
};

/* The probe's own fields (probe address(es), then args) into @out. */
static size_t probe_fields(const struct tfm_dynevent_probe *p,
			   struct tfm_field *out, const char **types)
{
	size_t n = 0;
	unsigned int base = p->is_return ? 24 : 16;

	if (p->is_return) {
		out[n++] = (struct tfm_field){ "unsigned long", "__probe_func",
					       8, 8, false, TFM_FIELD_NUMERIC };
		out[n++] = (struct tfm_field){ "unsigned long", "__probe_ret_ip",
					       16, 8, false, TFM_FIELD_NUMERIC };
	} else {
		out[n++] = (struct tfm_field){ "unsigned long", "__probe_ip",
					       8, 8, false, TFM_FIELD_NUMERIC };
	}
	for (unsigned int i = 0; i < p->nr_args; i++, n++) {
		const struct tfm_dynevent_arg *a = &p->args[i];

		types[n] = a->fmt ? a->fmt : a->type->fmttype;
		out[n] = (struct tfm_field){
			.type = a->type->fmttype, .name = a->name,
			.offset = base + a->offset,
			.size = a->type->size * (a->count ? a->count : 1),
			.is_signed = a->type->is_signed,
			.kind = a->type->is_string ? TFM_FIELD_STRING :
						     TFM_FIELD_NUMERIC,
		};
		if (a->type->is_string && a->fmt)
			out[n].type = a->fmt;
	}
	return n;
}

static void format_field(GString *s, const struct tfm_field *f,
			 const char *type)
{
	const char *br = strchr(type, '[');

	if (br && !g_str_has_prefix(type, "__data_loc"))
		g_string_append_printf(s, "\tfield:%.*s %s[];", (int)(br - type),
				       type, f->name);
	else
		g_string_append_printf(s, "\tfield:%s %s;", type, f->name);
	g_string_append_printf(s, "\toffset:%u;\tsize:%u;\tsigned:%d;\n",
			       f->offset, f->size, f->is_signed);
}

char *tfm_dynevent_format(const struct tfm_dynevent_probe *p, unsigned int id)
{
	g_autofree struct tfm_field *f = g_new0(struct tfm_field, p->nr_args + 2);
	g_autofree const char **types = g_new0(const char *, p->nr_args + 2);
	g_autofree char *fmt = tfm_dynevent_print_fmt(p);
	GString *s = g_string_new(NULL);
	size_t n = probe_fields(p, f, types);

	g_string_append_printf(s, "name: %s\nID: %u\nformat:\n", p->event, id);
	for (size_t i = 0; i < G_N_ELEMENTS(common_fields); i++)
		format_field(s, &common_fields[i], common_fields[i].type);
	g_string_append_c(s, '\n');
	for (size_t i = 0; i < n; i++)
		format_field(s, &f[i], types[i] ? types[i] : f[i].type);
	g_string_append_printf(s, "\nprint fmt: %s\n", fmt);
	return g_string_free(s, FALSE);
}

struct tfm_field *tfm_dynevent_fields(const struct tfm_dynevent_probe *p,
				      size_t *nr)
{
	size_t nc = G_N_ELEMENTS(common_fields);
	struct tfm_field *f = g_new0(struct tfm_field, nc + p->nr_args + 2);
	g_autofree const char **types = g_new0(const char *, p->nr_args + 2);

	memcpy(f, common_fields, sizeof(common_fields));
	*nr = nc + probe_fields(p, f + nc, types);
	return f;
}

char *tfm_dynevent_err_render(const struct tfm_dynevent_err *err,
			      unsigned long long ts_ns)
{
	return g_strdup_printf("[%5llu.%06llu] trace_uprobe: error: %s\n"
			       CMD_PREFIX "%s\n%*s^\n",
			       ts_ns / 1000000000ULL,
			       ts_ns % 1000000000ULL / 1000, err->msg, err->cmd,
			       (int)(sizeof(CMD_PREFIX) - 1 + err->pos), "");
}

