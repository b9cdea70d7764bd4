// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-dynevent - libFuzzer harness for uprobe definitions as written to
 * uprobe_events / dynamic_events (dynevent.h): write splitting, line
 * parsing, registration and removal, and every text a probe shows.
 *
 * Input: one selector byte (bit 0: dynamic_events instead of
 * uprobe_events; bit 1: the name of static event sched/sched_switch is
 * taken), then one write() buffer.  Each line is handled as the model
 * does: a definition is checked against the probes defined so far and
 * kept, a removal drops every probe it selects.  Paths resolve in a small
 * fake file system; nothing here touches the real one.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "dynevent.h"
#include "../common/dynevent-fakefs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PROBES 32

struct state {
	enum tfm_dynevent_file file;
	bool sched_taken;
	struct tfm_dynevent_probe *list[MAX_PROBES];
	size_t nr;
};

/* The shared fake fs, and any /f/... name as a regular file of its own. */
static int fake_lookup(const char *path, void *data,
		       struct tfm_dynevent_inode *out)
{
	if (g_str_has_prefix(path, "/f/")) {
		out->dev = 2;
		out->ino = g_str_hash(path);
		out->is_reg = true;
		return 0;
	}
	return tt_fake_lookup(path, data, out);
}

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void show_err(struct tfm_dynevent_err *err)
{
	g_autofree char *text = NULL;

	if (!err)
		return;
	check(err->msg && err->cmd);
	text = tfm_dynevent_err_render(err, 123456789ull);
	check(text && g_str_has_suffix(text, "\n"));
	tfm_dynevent_err_free(err);
}

static void show_probe(const struct tfm_dynevent_probe *p, unsigned int id)
{
	g_autofree char *line = tfm_dynevent_line(p);
	g_autofree char *prof = tfm_dynevent_profile_line(p, 7);
	g_autofree char *fmt = tfm_dynevent_print_fmt(p);
	g_autofree char *format = tfm_dynevent_format(p, id);
	g_autofree struct tfm_field *fields = NULL;
	size_t nr = 0;

	check(line && g_str_has_suffix(line, "\n"));
	check(prof && g_str_has_suffix(prof, "\n"));
	check(fmt && format && g_str_has_suffix(format, "\n"));
	fields = tfm_dynevent_fields(p, &nr);
	for (size_t i = 0; i < nr; i++)
		check(fields[i].name && fields[i].type);
}

static int define(struct state *st, struct tfm_dynevent_probe *p)
{
	struct tfm_dynevent_probe *append_to = NULL;
	struct tfm_dynevent_err *err = NULL;
	bool taken = st->sched_taken && !strcmp(p->group, "sched") &&
		     !strcmp(p->event, "sched_switch");
	int ret;

	ret = tfm_dynevent_register_check(p, st->list, st->nr, taken,
					  &append_to, &err);
	show_err(err);
	if (ret || st->nr == MAX_PROBES) {
		tfm_dynevent_probe_free(p);
		return ret ? ret : -ENOSPC;
	}
	if (append_to)
		check(tfm_dynevent_same_event(p, append_to));
	show_probe(p, 1000 + (unsigned int)st->nr);
	st->list[st->nr++] = p;
	return 0;
}

static int removal(struct state *st, const struct tfm_dynevent_removal *rm)
{
	size_t kept = 0;
	bool found = false;

	for (size_t i = 0; i < st->nr; i++) {
		if (tfm_dynevent_removal_match(rm, st->list[i])) {
			tfm_dynevent_probe_free(st->list[i]);
			found = true;
		} else {
			st->list[kept++] = st->list[i];
		}
	}
	st->nr = kept;
	return found ? 0 : -ENOENT;
}

static int one_line(char *line, void *data)
{
	struct state *st = data;
	struct tfm_dynevent_cmd cmd;
	struct tfm_dynevent_err *err = NULL;
	int ret;

	ret = tfm_dynevent_parse_line(line, st->file, fake_lookup, NULL, &cmd,
				      &err);
	show_err(err);
	if (ret) {
		check(ret < 0 && cmd.kind == TFM_DYNEVENT_CMD_EMPTY &&
		      !cmd.probe && !cmd.removal);
		return ret;
	}
	switch (cmd.kind) {
	case TFM_DYNEVENT_CMD_DEFINE:
		ret = define(st, g_steal_pointer(&cmd.probe));
		break;
	case TFM_DYNEVENT_CMD_REMOVE:
		ret = removal(st, cmd.removal);
		break;
	default:
		break;
	}
	tfm_dynevent_cmd_clear(&cmd);
	return ret;
}

/**
 * LLVMFuzzerTestOneInput - one write() to uprobe_events or dynamic_events.
 * Return: 0 (libFuzzer's convention).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state st = { 0 };
	ssize_t ret;

	if (size < 1)
		return 0;
	st.file = data[0] & 1 ? TFM_DYNEVENT_DYNAMIC_EVENTS :
				TFM_DYNEVENT_UPROBE_EVENTS;
	st.sched_taken = data[0] & 2;
	ret = tfm_dynevent_run_write((const char *)data + 1, size - 1,
				     one_line, &st);
	check(ret < 0 || (size_t)ret == size - 1);
	for (size_t i = 0; i < st.nr; i++)
		tfm_dynevent_probe_free(st.list[i]);
	return 0;
}
