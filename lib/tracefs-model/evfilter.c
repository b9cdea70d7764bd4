/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * evfilter.c - event and system `filter` files: compiling the written
 * expression, the error text left in the file and in error_log.
 */
#include <errno.h>
#include <string.h>

#include "model-priv.h"

#define FILTER_PAGE	4096

static const char sys_banner[] =
	"### global filter ###\n"
	"# Use this to set filters for multiple events.\n"
	"# Only events with the given fields will be affected.\n"
	"# If no events are modified, an error message will be displayed here\n";

/* Replace @ev's filter by @f (may be NULL) and its file text by @show. */
static int set_filter(struct tfm_trace_array *ta, const struct tfm_event *ev,
		      struct tfm_filter *f, char *show)
{
	struct tfm_evstate *st;

	if (!f && !show && !tfm_evstate_peek(ta, ev))
		return 0;
	st = tfm_evstate_get(ta, ev);
	if (!st) {
		tfm_filter_free(f);
		g_free(show);
		return -ENOMEM;
	}
	tfm_filter_free(st->filter);
	g_free(st->show);
	st->filter = f;
	st->show = show;
	tfm_evstate_put(ta, ev);
	return 0;
}

static void log_error(struct tfm_trace_array *ta, const char *expr,
		      const struct tfm_filter_error *err)
{
	g_autoptr(GString) s = g_string_new(NULL);

	tfm_filter_error_log_text(s, expr, err);
	tfm_errlog_add(ta, s->str);
}

/* Compile @expr for @ev; on error fill the file text and error_log. */
static int apply(struct tfm_trace_array *ta, const struct tfm_event *ev,
		 const char *expr)
{
	struct tfm_filter_error err = { 0 };
	struct tfm_filter *f = NULL;
	GString *show;
	int ret;

	ret = tfm_filter_parse(expr, strlen(expr), tfm_event_fields(ev), &f,
			       &err);
	show = g_string_new(NULL);
	if (ret) {
		tfm_filter_error_file_text(show, expr, &err);
		log_error(ta, expr, &err);
	} else {
		g_string_append_printf(show, "%s\n", tfm_filter_string(f));
	}
	set_filter(ta, ev, f, g_string_free(show, FALSE));
	return ret;
}

/**
 * tfm_ev_filter_write - a write to an event's `filter` file
 * @ta: the trace array (model lock held)
 * @ev: the event
 * @buf: the written bytes
 * @len: how many
 *
 * Return: 0 or the kernel's errno (the failed expression then replaces the
 * old filter, as in the kernel).
 */
int tfm_ev_filter_write(struct tfm_trace_array *ta, const struct tfm_event *ev,
			const char *buf, size_t len)
{
	g_autofree char *text = NULL;

	if (len >= FILTER_PAGE)
		return -EINVAL;
	text = tfm_filter_write_text(buf, len);
	if (tfm_filter_text_is_clear(text))
		return set_filter(ta, ev, NULL, NULL);
	return apply(ta, ev, text);
}

/* A system filter an event cannot take. */
static void subsys_fail(struct tfm_trace_array *ta, const struct tfm_event *ev,
			const char *expr)
{
	struct tfm_filter_error err;
	GString *show = g_string_new(NULL);

	tfm_filter_subsys_error(&err);
	tfm_filter_error_file_text(show, expr, &err);
	log_error(ta, expr, &err);
	set_filter(ta, ev, NULL, g_string_free(show, FALSE));
}

static void set_sysshow(struct tfm_trace_array *ta,
			const struct tfm_system *sys, char *show)
{
	if (!show) {
		if (ta->sysshow)
			g_hash_table_remove(ta->sysshow, sys);
		return;
	}
	if (!ta->sysshow)
		ta->sysshow = g_hash_table_new_full(g_direct_hash,
						    g_direct_equal, NULL,
						    g_free);
	g_hash_table_replace(ta->sysshow, (gpointer)sys, show);
}

/**
 * tfm_sys_filter_write - a write to a system's `filter` file
 * @ta: the trace array (model lock held)
 * @sys: the system
 * @buf: the written bytes
 * @len: how many
 *
 * Applies the expression to every event of the system that can take it;
 * the others get the kernel's subsystem error.  Return: 0, or -EINVAL
 * (too long, or a system without events).
 */
int tfm_sys_filter_write(struct tfm_trace_array *ta,
			 const struct tfm_system *sys, const char *buf,
			 size_t len)
{
	g_autofree char *text = NULL;
	const struct tfm_event *ev;
	bool clear;
	size_t i;

	if (len >= FILTER_PAGE)
		return -EINVAL;
	text = tfm_filter_write_text(buf, len);
	clear = tfm_filter_text_is_clear(text);
	set_sysshow(ta, sys, NULL);
	if (!tfm_sys_event_at(ta, sys, 0) && !clear) {
		struct tfm_filter_error err;
		GString *show = g_string_new(NULL);

		tfm_filter_subsys_error(&err);
		tfm_filter_error_file_text(show, text, &err);
		set_sysshow(ta, sys, g_string_free(show, FALSE));
		return -EINVAL;
	}
	tfm_for_each_sys_event(ta, sys, i, ev) {
		struct tfm_filter_error err;
		struct tfm_filter *f = NULL;

		if (!(ev->files & TFM_EF_FILTER))
			continue;
		if (clear) {
			set_filter(ta, ev, NULL, NULL);
			continue;
		}
		if (tfm_filter_parse(text, strlen(text), tfm_event_fields(ev),
				     &f, &err)) {
			subsys_fail(ta, ev, text);
			continue;
		}
		set_filter(ta, ev, f, g_strdup_printf("%s\n",
						      tfm_filter_string(f)));
	}
	return 0;
}

/**
 * tfm_ev_filter_show - what an event's `filter` file reads
 * @ta: the trace array (model lock held)
 * @ev: the event
 * @out: appended to
 */
void tfm_ev_filter_show(struct tfm_trace_array *ta, const struct tfm_event *ev,
			GString *out)
{
	struct tfm_evstate *st = tfm_evstate_peek(ta, ev);

	g_string_append(out, st && st->show ? st->show : "none\n");
}

/**
 * tfm_sys_filter_banner - the banner a system's `filter` file reads
 * @out: appended to
 */
void tfm_sys_filter_banner(GString *out)
{
	g_string_append(out, sys_banner);
}

/**
 * tfm_sys_filter_show - what a system's `filter` file reads
 * @ta: the trace array (model lock held)
 * @sys: the system
 * @out: appended to
 */
void tfm_sys_filter_show(struct tfm_trace_array *ta,
			 const struct tfm_system *sys, GString *out)
{
	const char *show = ta->sysshow ? g_hash_table_lookup(ta->sysshow, sys) :
					 NULL;

	g_string_append(out, show ? show : sys_banner);
}
