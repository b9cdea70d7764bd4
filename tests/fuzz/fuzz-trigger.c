// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fuzz-trigger - libFuzzer harness for the trigger file parser
 * (tfm_trigger_parse() and the rendering of a trigger).
 *
 * The whole input is one write() to events/sched/sched_switch/trigger;
 * as the model does, a parsed trigger's "if" text is compiled as a filter
 * against sched_switch's fields and the trigger is rendered.  The input
 * is also cut at its first newline into two writes, and the slot
 * comparison of the two commands must be symmetric.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include "filter.h"
#include "trigger.h"
#include "../common/fieldsets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The events an enable_event/disable_event trigger may name. */
static bool target_ok(void *ctx, const char *system, const char *event)
{
	static const char *const known[][2] = {
		{ "sched", "sched_switch" }, { "sched", "sched_wakeup" },
		{ "irq", "irq_handler_entry" }, { "syscalls", "sys_enter_read" },
	};

	(void)ctx;
	for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
		if (!strcmp(system, known[i][0]) && !strcmp(event, known[i][1]))
			return true;
	return false;
}

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void use_trigger(const struct tfm_trigger_cmd *cmd, size_t len)
{
	g_autoptr(GString) file = g_string_new(NULL);
	g_autofree char *line = NULL;

	check(tfm_trigger_name(cmd->kind) != NULL);
	check(tfm_trigger_same_slot(cmd, cmd));
	if (cmd->type == TFM_TRIGGER_TYPE_EVENT_ENABLE)
		check(cmd->system && cmd->event &&
		      target_ok(NULL, cmd->system, cmd->event));
	if (cmd->remove)
		return;
	if (cmd->filter) {
		struct tfm_filter_error err = { 0 };
		struct tfm_filter *f = NULL;

		check(cmd->filter_offset <= len);
		if (tfm_filter_parse(cmd->filter, strlen(cmd->filter),
				     &tt_sched_switch, &f, &err) == 0)
			tfm_filter_free(f);
		else
			tfm_filter_error_log_text(file, cmd->filter, &err);
	}
	line = tfm_trigger_render(cmd);
	check(line && g_str_has_suffix(line, "\n"));
	tfm_trigger_render_append(file, cmd);
}

static int one_write(const char *buf, size_t len, struct tfm_trigger_cmd *cmd)
{
	int ret = tfm_trigger_parse(buf, len, target_ok, NULL, cmd);

	if (ret) {
		check(ret < 0 && cmd->kind == TFM_TRIGGER_NONE &&
		      !cmd->system && !cmd->event && !cmd->filter);
		return ret;
	}
	if (cmd->kind != TFM_TRIGGER_NONE)
		use_trigger(cmd, len);
	return 0;
}

/**
 * LLVMFuzzerTestOneInput - one trigger write, then the input as two writes.
 * Return: 0 (libFuzzer's convention).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *nl;
	struct tfm_trigger_cmd a = { 0 }, b = { 0 };

	one_write(buf, size, &a);
	tfm_trigger_cmd_clear(&a);

	nl = memchr(buf, '\n', size);
	if (!nl)
		return 0;
	if (one_write(buf, (size_t)(nl - buf), &a) == 0 &&
	    one_write(nl + 1, size - (size_t)(nl + 1 - buf), &b) == 0)
		check(tfm_trigger_same_slot(&a, &b) ==
		      tfm_trigger_same_slot(&b, &a));
	tfm_trigger_cmd_clear(&a);
	tfm_trigger_cmd_clear(&b);
	return 0;
}
