/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * errlog.c - a trace array's error_log: the last TFM_ERRLOG_MAX errors,
 * "[<sec>.<usec>] <text>", cleared by an O_TRUNC write open.
 */
#include <errno.h>
#include <time.h>

#include "model-priv.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/**
 * tfm_errlog_add - append one record, dropping the oldest beyond 8
 * @ta: the trace array (model lock held)
 * @text: the record without its timestamp: "<loc>: error: <msg>\n
 *	  Command: <cmd>\n<caret line>\n" (copied)
 */
void tfm_errlog_add(struct tfm_trace_array *ta, const char *text)
{
	struct tfm_errlog_entry *e;

	if (g_queue_get_length(&ta->errlog) >= TFM_ERRLOG_MAX) {
		e = g_queue_pop_head(&ta->errlog);
	} else {
		e = tfm_zalloc(ta->m, sizeof(*e));
		if (!e)
			return;
	}
	g_free(e->text);
	e->text = g_strdup(text);
	e->ts_ns = now_ns();
	g_queue_push_tail(&ta->errlog, e);
}

/**
 * tfm_errlog_clear - forget every record
 * @ta: the trace array (model lock held)
 */
void tfm_errlog_clear(struct tfm_trace_array *ta)
{
	struct tfm_errlog_entry *e;

	while ((e = g_queue_pop_head(&ta->errlog))) {
		g_free(e->text);
		tfm_free(ta->m, e);
	}
}

static int errlog_open(struct kernfs_open_file *of)
{
	struct tfm_trace_array *ta = tfm_tref_of(of)->ta;
	int ret = tfm_open_ref(of);

	if (ret || !tfm_open_trunc(of))
		return ret;
	tfm_lock(ta->m);
	tfm_errlog_clear(ta);
	tfm_unlock(ta->m);
	return 0;
}

static int errlog_show(struct seq_file *sf, void *v)
{
	struct kernfs_open_file *of = sf->private;
	struct tfm_trace_array *ta = tfm_tref_of(of)->ta;

	tfm_lock(ta->m);
	for (GList *l = ta->errlog.head; l; l = l->next) {
		struct tfm_errlog_entry *e = l->data;

		seq_printf(sf, "[%5llu.%06u] %s",
			   (unsigned long long)(e->ts_ns / 1000000000ull),
			   (unsigned int)(e->ts_ns % 1000000000ull / 1000),
			   e->text);
	}
	tfm_unlock(ta->m);
	return 0;
}

/* Writes are accepted and ignored. */
static ssize_t errlog_write(struct kernfs_open_file *of, char *buf,
			    size_t len, loff_t pos)
{
	return (ssize_t)len;
}

const struct kernfs_ops tfm_error_log_ops = {
	.open = errlog_open,
	.release = tfm_release_ref,
	.seq_show = errlog_show,
	.write = errlog_write,
	.llseek = tfm_seq_llseek,
};
